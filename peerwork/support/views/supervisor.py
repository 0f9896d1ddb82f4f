"""Supervisor pages: the dashboard, supervision sessions and schedules, debriefs, role fit, one peer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_read
from peerwork.core.paging import query_without_page
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role

from ..forms import DebriefOutcomeForm, ScheduleForm, SupervisionSessionForm
from ..models import DebriefOffer, DebriefStatus, SupervisionSession
from ..selectors import checkins, rolechecks, rolefit, signals, supervision
from ..selectors import debriefs as debrief_selectors
from ..services import debrief_outcome_record, supervision_schedule_set, supervision_session_record
from .common import acting_user, add_errors, sees_notes, sees_signals


@require("can_supervise")
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    now = timezone.now()
    overdue, soon = supervision.split_due(supervision.supervision_due(organisation, today), today)
    user = acting_user(request)
    mine_only = supervision.org_supervisors(organisation).filter(pk=user.pk).exists()
    open_offers = list(debrief_selectors.open_debriefs(organisation, supervisor=user if mine_only else None))
    context = {
        "today": today,
        "now": now,
        "overdue": overdue,
        "due_soon": soon,
        "open_offers": open_offers,
        "overdue_offers": [offer for offer in open_offers if offer.due_at < now],
        "mine_only": mine_only,
        "show_signals": sees_signals(request),
        "signal_groups": (
            signals.signals_by_peer(
                signals.signals_for_viewer(request, signals.strain_signals(organisation, today, now))
            )
            if sees_signals(request)
            else []
        ),
        "role_fits": rolefit.role_fit_by_role(organisation, today),
        "recent_sessions": supervision.sessions_for_org(organisation)[:5],
        "oversees_casework": request.membership.can("can_oversee_casework"),  # type: ignore[attr-defined]
    }
    return render(request, "support/dashboard.html", context)


@require("can_supervise")
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = supervision.sessions_for_org(request.organisation)  # type: ignore[attr-defined]
    page = Paginator(sessions, 25).get_page(request.GET.get("page"))
    return render(request, "support/session_list.html", {"page": page})


@require("can_supervise")
def session_new(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    initial: dict[str, object] = {"kind": "individual"}
    if request.GET.get("peer"):
        initial["peers"] = [get_for_org(PeerWorker, organisation, pk=request.GET["peer"]).pk]
    form = SupervisionSessionForm(
        request.POST or None, organisation=organisation, user=acting_user(request), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = supervision_session_record(
                organisation=organisation,
                supervisor=data["supervisor"],
                kind=data["kind"],
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                peers=data["peers"],
                notes=data["notes"],
                debriefs=data.get("debriefs") or [],
                created_by=acting_user(request),
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Supervision session recorded."))
            return redirect("support:session_detail", pk=session.pk)
    return render(request, "support/session_form.html", {"form": form})


@require("can_supervise")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_for_org(
        SupervisionSession.objects.select_related("supervisor").prefetch_related("peers"),
        request.organisation,  # type: ignore[attr-defined]
        pk=pk,
    )
    show_notes = sees_notes(request)
    if show_notes and session.notes:
        audit_read(request, session, ["notes"])
    return render(
        request,
        "support/session_detail.html",
        {"session": session, "show_notes": show_notes, "debriefs": session.debriefs.select_related("peer")},
    )


@require("can_supervise")
def schedules(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    stages = list(Stage.objects.filter(organisation=organisation).order_by("order"))
    current = dict(supervision.schedules_for_org(organisation).values_list("stage_id", "every_days"))
    form = ScheduleForm(request.POST or None, stages=stages, current=current)
    if request.method == "POST" and form.is_valid():
        for stage, every_days in form.values():
            if current.get(stage.pk) != every_days:
                supervision_schedule_set(
                    organisation=organisation, stage=stage, every_days=every_days, request=request
                )
        messages.success(request, _("Supervision schedule saved."))
        return redirect("support:schedules")
    return render(request, "support/schedules.html", {"form": form, "stages": stages})


@require("can_supervise")
def debrief_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    offers = debrief_selectors.debriefs_for_org(organisation).order_by("-due_at", "-id")
    status = request.GET.get("status", "")
    if status:
        offers = offers.filter(status=status)
    page = Paginator(offers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "support/debrief_list.html",
        {
            "page": page,
            "query": query_without_page(request.GET),
            "status": status,
            "status_choices": DebriefStatus.choices,
            "now": timezone.now(),
        },
    )


@require("can_supervise")
def debrief_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    offer = get_for_org(
        DebriefOffer.objects.select_related(
            "peer", "response", "response__site", "supervisor", "recorded_by"
        ),
        organisation,
        pk=pk,
    )
    form = DebriefOutcomeForm(request.POST or None, peer=offer.peer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            debrief_outcome_record(
                organisation=organisation,
                response=offer.response,
                peer=offer.peer,
                status=data["status"],
                outcome_on=data["outcome_on"],
                note=data["note"],
                group_session=data["group_session"],
                recorded_by=acting_user(request),
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Debrief outcome recorded."))
            return redirect("support:dashboard")
    return render(
        request, "support/debrief_detail.html", {"offer": offer, "form": form, "now": timezone.now()}
    )


@require("can_supervise")
def role_fit(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    role = None
    if request.GET.get("role"):
        role = get_for_org(Role, organisation, pk=request.GET["role"])
    by_role = rolefit.role_fit_by_role(organisation, today, role=role)
    reads_all = request.membership.can("can_read_role_checks")  # type: ignore[attr-defined]
    views = rolechecks.peer_views(rolechecks.readable_role_checks(organisation, reads_all=reads_all), today)
    for fit in by_role:
        view = views.get(fit.role.pk)
        if view is not None:
            fit.peer_checks, fit.peer_percent = view.checks, view.percent_role
    return render(
        request,
        "support/role_fit.html",
        {
            "today": today,
            "roles": Role.objects.filter(organisation=organisation),
            "chosen_role": role,
            "by_role": by_role,
            "role_actions": rolechecks.role_action_summary(organisation, today),
            # Everyone for a chosen role; otherwise only the peers whose days drifted.
            "by_peer": [
                fit
                for fit in rolefit.role_fit_by_peer(organisation, today, role=role)
                if role is not None or fit.drifting
            ],
            "window_days": rolefit.WINDOW_DAYS,
        },
    )


@require("can_supervise")
def peer_support(request: HttpRequest, peer_pk: int) -> HttpResponse:
    """Everything support knows about one peer, for their supervisor."""
    organisation = request.organisation  # type: ignore[attr-defined]
    peer = get_for_org(PeerWorker, organisation, pk=peer_pk)
    today = organisation.today()
    sessions = list(supervision.sessions_for_peer(peer)[:20])
    show_notes = sees_notes(request)
    if show_notes:
        for session in sessions:
            if session.notes:
                audit_read(request, session, ["notes"], peer=peer.pk)
    peer_signals = []
    if sees_signals(request):
        peer_signals = signals.signals_for_viewer(
            request,
            [
                signal
                for signal in signals.strain_signals(organisation, today, timezone.now())
                if signal.peer.pk == peer.pk
            ],
        )
    show_checkins = request.membership.can("can_view_assessment_results")  # type: ignore[attr-defined]
    shared = []
    if show_checkins:
        language = get_language() or "en"
        for response in checkins.shared_checkins(peer)[:10]:
            audit_read(request, response, ["answers", "scores"], peer=peer.pk)
            shared.append(checkins.describe(response, language, shared=True))
    show_role_checks = request.membership.can("can_read_role_checks")  # type: ignore[attr-defined]
    role_checks = list(rolechecks.own_role_checks(peer)[:6]) if show_role_checks else []
    for check in role_checks:
        audit_read(request, check, ["spent_on", "would_change"], peer=peer.pk)
    return render(
        request,
        "support/peer_support.html",
        {
            "peer": peer,
            "sessions": sessions,
            "show_notes": show_notes,
            "hours": supervision.supervision_hours(peer, today),
            "next_due": supervision.next_supervision_for(peer, today),
            "debriefs": debrief_selectors.debriefs_for_peer(peer)[:20],
            "signals": peer_signals,
            "show_signals": sees_signals(request),
            "role_fits": rolefit.role_fit_by_peer(organisation, today, peer=peer),
            "now": timezone.now(),
            "show_checkins": show_checkins,
            "checkins": shared,
            "show_role_checks": show_role_checks,
            "role_checks": role_checks,
        },
    )
