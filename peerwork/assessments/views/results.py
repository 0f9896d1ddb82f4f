"""Results for staff: one person's trajectory (shared results only, audited) and cohort change."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_read, audit_record
from peerwork.orgs.client_codes import normalise_client_code
from peerwork.peers.models import PeerWorker

from ..definitions import TOTAL
from ..forms import CohortForm
from ..selectors import cohort_stats, current_version, results_visible_to_staff, submitted
from .common import languages, results_by_instrument, target_label


@require("can_view_assessment_results")
def person(request: HttpRequest, peer_pk: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    peer = get_for_org(PeerWorker, organisation, pk=peer_pk)
    responses = list(results_visible_to_staff(organisation).filter(peer=peer))
    hidden = submitted(organisation).filter(peer=peer).count() - len(responses)
    audit_read(request, peer, ["assessment_results"], responses=[r.pk for r in responses])
    language, default = languages(request)
    return render(
        request,
        "assessments/person.html",
        {
            "subject": peer.preferred_name,
            "peer": peer,
            "results": results_by_instrument(responses, organisation.zone, language, default),
            "hidden": hidden,
        },
    )


@require("can_view_assessment_results")
def client(request: HttpRequest) -> HttpResponse:
    """A client's trajectory, looked up by code (never a name)."""
    organisation = request.organisation  # type: ignore[attr-defined]
    raw = request.GET.get("code", "")
    error = ""
    results = []
    code = ""
    if raw:
        try:
            code = normalise_client_code(organisation, raw)
        except Exception as exc:  # ValidationError: show its message
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            responses = list(
                results_visible_to_staff(organisation).filter(peer__isnull=True, client_code=code)
            )
            audit_record(
                action="read_sensitive",
                request=request,
                object_type="assessments.client_code",
                object_id=code,
                fields=["assessment_results"],
                responses=[r.pk for r in responses],
            )
            language, default = languages(request)
            results = results_by_instrument(responses, organisation.zone, language, default)
    return render(
        request,
        "assessments/client.html",
        {"code": code, "raw": raw, "error": error, "results": results, "searched": bool(raw)},
    )


@require("can_view_assessment_results")
def cohort(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    language, default = languages(request)
    form = CohortForm(request.GET or None, organisation=organisation, language=language)
    stats = None
    chosen = None
    if request.GET and form.is_valid():
        instrument = form.cleaned_data["instrument"]
        target = form.cleaned_data["target"] or TOTAL
        version = current_version(instrument)
        definition = version.as_definition() if version else None
        cutoff = form.cleaned_data["cutoff"]
        if cutoff is None and definition is not None and definition.cutoff(target):
            cutoff = Decimal(str(definition.cutoff(target)["value"]))  # type: ignore[index]
        stats = cohort_stats(
            organisation,
            instrument,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            site=form.cleaned_data["site"],
            target=target,
            cutoff=cutoff,
        )
        chosen = {
            "name": definition.name(language, default) if definition else instrument.key,
            "target": target_label(definition, target, language, default) if definition else target,
            "site": form.cleaned_data["site"],
            "start": form.cleaned_data["start"],
            "end": form.cleaned_data["end"],
        }
    return render(request, "assessments/cohort.html", {"form": form, "stats": stats, "chosen": chosen})
