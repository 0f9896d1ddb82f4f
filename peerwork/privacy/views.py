from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import (
    acting_user,
    current_membership,
    current_organisation,
    get_for_org,
    require,
)
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.accounts.models import Membership
from peerwork.audit.services import audit_read, audit_record
from peerwork.peers.models import PeerWorker

from . import selectors, services
from .forms import (
    AccessRequestForm,
    ConsentForm,
    DisclosureForm,
    EraseForm,
    PeriodForm,
    RetentionForm,
    RevokeForm,
)
from .models import ConsentRecord, PurgeRun, PurgeStatus


def _form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _membership(request: HttpRequest) -> Membership:
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


def _zip(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require("can_manage_privacy")
def index(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    return render(
        request,
        "privacy/index.html",
        {
            "consents": selectors.consents_for(organisation)[:100],
            "runs": selectors.purge_runs_for(organisation)[:5],
            "today": organisation.today(),
        },
    )


@require("can_manage_privacy")
def consent_new(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    form = ConsentForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_record(
                organisation=organisation,
                recorded_by=acting_user(request),
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("privacy:consent_detail", pk=consent.pk)
    return render(request, "privacy/consent_form.html", {"form": form})


@require("can_manage_privacy")
def consent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = current_organisation(request)
    consent = get_for_org(ConsentRecord, organisation, pk=pk)
    today = organisation.today()
    audit_read(request, consent, ["consent", "disclosures"])
    return render(
        request,
        "privacy/consent_detail.html",
        {
            "consent": consent,
            "in_force": consent.is_in_force_on(today),
            "revoke_form": RevokeForm(initial={"revoked_on": today}),
            "disclosure_form": DisclosureForm(initial={"disclosed_on": today}),
            "disclosures": consent.disclosures.all(),
        },
    )


def _consent_action(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    action: Callable[[ConsentRecord, dict[str, Any]], None],
) -> HttpResponse:
    consent = get_for_org(ConsentRecord, current_organisation(request), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(consent, form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("privacy:consent_detail", pk=consent.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("privacy:consent_detail", pk=consent.pk)


@require("can_manage_privacy")
@require_POST
def consent_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    def act(consent: ConsentRecord, data: dict[str, Any]) -> None:
        services.consent_revoke(
            consent=consent,
            revoked_on=data["revoked_on"],
            note=data["note"],
            by=acting_user(request),
            request=request,
        )
        messages.success(request, _("Consent revoked. No further disclosures can be recorded under it."))

    return _consent_action(request, pk, RevokeForm, act)


@require("can_manage_privacy")
@require_POST
def disclosure_new(request: HttpRequest, pk: int) -> HttpResponse:
    def act(consent: ConsentRecord, data: dict[str, Any]) -> None:
        services.disclosure_record(consent=consent, by=acting_user(request), request=request, **data)
        messages.success(request, _("Disclosure recorded. Send the notice below with the information."))

    return _consent_action(request, pk, DisclosureForm, act)


@require("can_manage_privacy")
def retention(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    form = RetentionForm(request.POST or None, months=services.retention_months(organisation))
    if request.method == "POST":
        if "dry_run" in request.POST:
            run = services.retention_dry_run(organisation=organisation, by=acting_user(request))
            return redirect("privacy:purge_run", pk=run.pk)
        if form.is_valid():
            for target, months in form.cleaned_data.items():
                services.retention_rule_set(
                    organisation=organisation, target=target, keep_months=months, by=acting_user(request)
                )
            messages.success(
                request, _("Retention rules saved. Run a dry run to see what they would remove.")
            )
            return redirect("privacy:retention")
    return render(
        request,
        "privacy/retention.html",
        {
            "form": form,
            "runs": selectors.purge_runs_for(organisation)[:10],
        },
    )


@require("can_manage_privacy")
def purge_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_for_org(PurgeRun, current_organisation(request), pk=pk)
    labels = dict(services.RetentionTarget.choices)
    rows = [
        {
            "target": labels.get(target, target),
            "cutoff": run.report["cutoffs"].get(target),
            "counts": counts,
            "done": run.report.get("done", {}).get(target),
        }
        for target, counts in run.report.get("counts", {}).items()
    ]
    return render(
        request,
        "privacy/purge_run.html",
        {
            "run": run,
            "rows": rows,
            "can_purge": run.status == PurgeStatus.DRY_RUN,
        },
    )


@require("can_manage_privacy")
@require_POST
def purge_execute(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_for_org(PurgeRun, current_organisation(request), pk=pk)
    try:
        services.retention_purge(run=run, by=acting_user(request), request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The records in the dry run were purged."))
    return redirect("privacy:purge_run", pk=run.pk)


@require("can_manage_privacy")
def peer_export(request: HttpRequest, peer_pk: int) -> HttpResponse:
    """Staff make a peer's access export at the peer's request; it holds what their role may see."""
    peer = get_for_org(PeerWorker, current_organisation(request), pk=peer_pk)
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = services.subject_access_export_make(
                peer=peer, membership=_membership(request), request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return _zip(export.content, f"peerwork-peer-{peer.pk}-{peer.organisation.today()}.zip")
    return render(request, "privacy/peer_export.html", {"peer": peer, "form": form})


@require("is_peer")
def my_export(request: HttpRequest) -> HttpResponse:
    """The peer downloads their own data; not on a shared kiosk, where the next person could find it."""
    peer = get_object_or_404(
        PeerWorker, user=acting_user(request), organisation=current_organisation(request)
    )
    kiosk = bool(request.session.get(SESSION_KIOSK))
    if request.method == "POST" and not kiosk:
        export = services.subject_access_export_make(
            peer=peer, membership=_membership(request), request=request
        )
        return _zip(export.content, f"peerwork-my-data-{peer.organisation.today()}.zip")
    return render(request, "privacy/my_export.html", {"peer": peer, "kiosk": kiosk})


@require("can_manage_privacy")
def peer_erase(request: HttpRequest, peer_pk: int) -> HttpResponse:
    peer = get_for_org(PeerWorker, current_organisation(request), pk=peer_pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_erase(
                peer=peer,
                by=acting_user(request),
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("The peer's personal details were erased. Pay and service counts remain.")
            )
            return redirect("privacy:erasure_report", peer_pk=peer.pk)
    return render(request, "privacy/peer_erase.html", {"peer": peer, "form": form})


@require("can_manage_privacy")
def erasure_report(request: HttpRequest, peer_pk: int) -> HttpResponse:
    peer = get_for_org(PeerWorker, current_organisation(request), pk=peer_pk)
    report = selectors.erasure_report_for(peer)
    if report is None:
        raise Http404
    return render(request, "privacy/erasure_report.html", {"peer": peer, "report": report})


@require("can_export_research")
def research_export(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    today = organisation.today()
    form = PeriodForm(request.POST or None, initial={"start": today.replace(day=1, month=1), "end": today})
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        audit_record(action="research_export", request=request, start=start.isoformat(), end=end.isoformat())
        return _zip(
            selectors.research_zip(organisation, start=start, end=end),
            f"peerwork-research-{start:%Y%m}-{end:%Y%m}.zip",
        )
    return render(request, "privacy/research_export.html", {"form": form})
