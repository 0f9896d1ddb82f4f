"""Casework pages: a worker's "My caseload", the coordinator's view of every caseload, and one
client's page (plan, sessions, referrals, handover, questionnaires) with the forms that write them.

Who sees a client is one rule (``selectors.may_see_client``): anyone else gets 404, as does another
organisation. Opening a client's casework is audited, like the other reads of sensitive records.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import current_membership, get_for_org, require
from peerwork.accounts.sites import within_sites
from peerwork.assessments.selectors import instruments_for, settings_for
from peerwork.audit.services import audit_record
from peerwork.peers.edge import actor, can, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.models import PeerStatus, PeerWorker

from ..forms import ClientForm, FollowUpForm, HandoverForm, PlanForm, ReferralForm, ScheduleForm, SessionForm
from ..models import CaseClient, CaseReferral, RecoveryGoal
from ..selectors import (
    caseload_of,
    caseloads,
    client_view,
    may_oversee,
    may_see_client,
    referrals_to_follow_up,
)
from ..services import (
    case_client_add,
    case_handover,
    case_questionnaire_schedule,
    case_referral_follow_up,
    case_referral_make,
    case_session_record,
    recovery_plan_save,
)


def own_peer(request: HttpRequest) -> PeerWorker | None:
    if not can(request, "is_peer"):
        return None
    return PeerWorker.objects.filter(user=actor(request), organisation=org(request)).first()


def client_of(request: HttpRequest, pk: int) -> CaseClient:
    """A client the person may see; 404 for another organisation's, site's or worker's client."""
    client = get_for_org(CaseClient.objects.select_related("worker", "organisation"), org(request), pk=pk)
    if not may_see_client(current_membership(request), own_peer(request), client):
        raise Http404
    return client


def workers(request: HttpRequest) -> Any:
    return within_sites(PeerWorker.objects.filter(organisation=org(request), status=PeerStatus.ACTIVE))


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    title: str,
    client: CaseClient | None,
    template: str = "casework/form.html",
) -> HttpResponse:
    context = {"form": form, "title": title, "client": client}
    return render(request, template, context, status=422 if form.errors else 200)


def _saved(request: HttpRequest, client: CaseClient, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("casework:client", pk=client.pk)


@require("is_peer")
def mine(request: HttpRequest) -> HttpResponse:
    peer = own_peer(request)
    if peer is None:
        raise Http404
    context = {"peer": peer, "clients": caseload_of(peer), "referrals": referrals_to_follow_up(peer)}
    return render(request, "casework/mine.html", context)


@require("can_oversee_casework")
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/caseloads.html", {"caseloads": caseloads(org(request))})


@require("can_keep_casework")
def client_add(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    peer = own_peer(request)
    if peer is None and not may_oversee(current_membership(request)):
        raise Http404
    pool = PeerWorker.objects.filter(pk=peer.pk) if peer else workers(request)
    initial = {"opened_on": organisation.today(), "worker": peer.pk if peer else request.GET.get("worker")}
    form = ClientForm(request.POST or None, workers=pool, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            client = case_client_add(
                organisation=organisation,
                client_code=form.cleaned_data["client_code"],
                worker=form.cleaned_data["worker"],
                on=form.cleaned_data["opened_on"],
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(request, client, _("Client added to the caseload."))
    return _form_page(request, form, _("Add a client to a caseload"), None)


@require("can_keep_casework")
def client(request: HttpRequest, pk: int) -> HttpResponse:
    case = client_of(request, pk)
    audit_record(action="casework_viewed", request=request, obj=case)
    context = {
        "view": client_view(case),
        "can_oversee": may_oversee(current_membership(request)),
        "can_schedule": settings_for(case.organisation).clients_enabled,
    }
    return render(request, "casework/client.html", context)


@require("can_keep_casework")
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = client_of(request, pk)
    goals = list(RecoveryGoal.objects.filter(plan__client=case, is_active=True))
    form = SessionForm(request.POST or None, goals=goals, initial={"held_on": case.organisation.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_session_record(
                client=case, held_on=data["held_on"], minutes=data["minutes"], place=data["place"],
                kind=data["kind"], next_step=data["next_step"], progress=form.progress(), by=actor(request),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(request, case, _("Session recorded."))
    return _form_page(request, form, _("Record a session"), case, "casework/session_form.html")


@require("can_keep_casework")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = client_of(request, pk)
    goals = RecoveryGoal.objects.filter(plan__client=case, is_active=True)
    form = PlanForm(request.POST or None, initial={f"goal_{g.position}": g.text for g in goals})
    if request.method == "POST" and form.is_valid():
        try:
            recovery_plan_save(
                client=case, goals=form.goals(), on=case.organisation.today(), by=actor(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(request, case, _("Recovery plan saved."))
    return _form_page(request, form, _("Recovery plan"), case)


@require("can_keep_casework")
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    case = client_of(request, pk)
    pool = within_sites(PeerWorker.objects.filter(organisation=case.organisation, status=PeerStatus.ACTIVE))
    if case.worker_id is not None:
        pool = pool.exclude(pk=case.worker_id)
    form = HandoverForm(request.POST or None, workers=pool, initial={"on": case.organisation.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_handover(
                client=case, to_worker=data["to_worker"], note=data["note"], on=data["on"], by=actor(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Client handed over to %(name)s.") % {"name": data["to_worker"]})
            if may_see_client(current_membership(request), own_peer(request), case):
                return redirect("casework:client", pk=case.pk)
            return redirect("casework:mine")
    return _form_page(request, form, _("Hand over to another worker"), case)


@require("can_keep_casework")
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = client_of(request, pk)
    form = ReferralForm(request.POST or None, initial={"made_on": case.organisation.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_referral_make(
                client=case,
                agency=data["agency"],
                reason=data["reason"],
                made_on=data["made_on"],
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(request, case, _("Referral recorded."))
    return _form_page(request, form, _("Refer to another agency"), case)


@require("can_keep_casework")
def referral_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_for_org(CaseReferral.objects.select_related("client", "organisation"), org(request), pk=pk)
    case = client_of(request, int(referral.client_id))
    form = FollowUpForm(request.POST or None, initial={"on": case.organisation.today()})
    if request.method == "POST" and form.is_valid():
        try:
            case_referral_follow_up(
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                on=form.cleaned_data["on"],
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(request, case, _("Follow-up recorded."))
    title = _("Follow up the referral to %(agency)s") % {"agency": referral.agency}
    return _form_page(request, form, title, case)


@require("can_keep_casework")
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    case = client_of(request, pk)
    form = ScheduleForm(
        request.POST or None,
        instruments=instruments_for(case.organisation),
        initial={"starts_on": case.organisation.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_questionnaire_schedule(
                client=case,
                instrument=form.cleaned_data["instrument"],
                starts_on=form.cleaned_data["starts_on"],
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(request, case, _("Questionnaire scheduled."))
    return _form_page(request, form, _("Schedule a questionnaire"), case)
