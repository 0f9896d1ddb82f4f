"""Reads for one-to-one peer support: caseloads, one client's casework, who may see it, and the hours
sessions add to the ladder."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Max, Q, QuerySet, Sum
from django.utils.translation import get_language

from peerwork.accounts.models import Membership
from peerwork.accounts.sites import within_sites
from peerwork.assessments.models import AssessmentResponse, ResponseStatus, Schedule
from peerwork.assessments.selectors import Due, next_due, schedules_with_last
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from .models import (
    CaseAssignment,
    CaseClient,
    CaseReferral,
    CaseSession,
    Outcome,
    RecoveryGoal,
    SessionKind,
)


def may_oversee(membership: Membership | None) -> bool:
    """Coordinators, supervisors and admins see every caseload of their sites."""
    return membership is not None and membership.can("can_oversee_casework")


def may_see_client(membership: Membership | None, peer: PeerWorker | None, client: CaseClient) -> bool:
    """The one rule: the client's current worker, or staff who oversee casework; never other peers."""
    if membership is None or membership.organisation_id != client.organisation_id:
        return False
    if may_oversee(membership):
        return True
    return peer is not None and membership.can("is_peer") and client.worker_id == peer.pk


def clients_of_org(organisation: Organisation) -> QuerySet[CaseClient]:
    return within_sites(CaseClient.objects.filter(organisation=organisation).select_related("worker"))


def caseload_of(worker: PeerWorker) -> QuerySet[CaseClient]:
    return CaseClient.objects.filter(organisation_id=worker.organisation_id, worker=worker).order_by(
        "client_code"
    )


def caseloads(organisation: Organisation) -> list[tuple[PeerWorker | None, list[CaseClient]]]:
    """Every worker's caseload (the coordinator's view), workers by name."""
    grouped: dict[int | None, list[CaseClient]] = {}
    workers: dict[int | None, PeerWorker | None] = {}
    for client in clients_of_org(organisation):
        grouped.setdefault(client.worker_id, []).append(client)
        workers[client.worker_id] = client.worker
    order = sorted(grouped, key=lambda pk: (workers[pk] is None, str(workers[pk] or "")))
    return [(workers[pk], grouped[pk]) for pk in order]


@dataclass
class ScoreLine:
    instrument: str
    submitted_on: date
    total: Decimal | None
    band: str


@dataclass
class ClientView:
    client: CaseClient
    goals: list[RecoveryGoal]
    sessions: list[CaseSession]
    referrals: list[CaseReferral]
    history: list[CaseAssignment]
    scores: list[ScoreLine] = field(default_factory=list)
    due: list[Due] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)


def client_view(client: CaseClient) -> ClientView:
    zone = client.organisation.zone
    today = client.organisation.today()
    goals = list(RecoveryGoal.objects.filter(plan__client=client, is_active=True))
    sessions = list(
        CaseSession.objects.filter(client=client).select_related("worker").prefetch_related("progress__goal")
    )
    responses = (
        AssessmentResponse.objects.filter(
            organisation=client.organisation, client_code=client.client_code, status=ResponseStatus.SUBMITTED
        )
        .select_related("instrument_version__instrument")
        .prefetch_related("scores")[:10]
    )
    scores = []
    for response in responses:
        total = next((s for s in response.scores.all() if s.target == "total"), None)
        scores.append(
            ScoreLine(
                instrument=response.instrument_version.as_definition().name(
                    get_language() or "en", client.organisation.language
                ),
                submitted_on=response.submitted_at.astimezone(zone).date()
                if response.submitted_at
                else date.min,
                total=total.value if total else None,
                band=total.band if total else "",
            )
        )
    schedules = schedules_with_last(
        Schedule.objects.filter(
            organisation=client.organisation, client_code=client.client_code, is_active=True
        ).select_related("instrument", "organisation")
    )
    return ClientView(
        client=client,
        goals=goals,
        sessions=sessions,
        referrals=list(CaseReferral.objects.filter(client=client)),
        history=list(CaseAssignment.objects.filter(client=client).select_related("worker")),
        scores=scores,
        due=[
            Due(schedule=s, due_on=d, overdue=d < today) for s in schedules if (d := next_due(s)) is not None
        ],
    )


def referrals_to_follow_up(worker: PeerWorker) -> QuerySet[CaseReferral]:
    return CaseReferral.objects.filter(client__worker=worker, outcome=Outcome.PENDING).select_related(
        "client"
    )


def session_hours_many(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, Decimal]:
    """{peer_id: hours of one-to-one sessions held up to ``until``}: sessions count as work on the ladder."""
    rows = (
        CaseSession.objects.filter(
            organisation=organisation, worker__in=[p.pk for p in peers], held_on__lte=until
        )
        .values("worker_id")
        .annotate(total=Sum("minutes"))
    )
    return {row["worker_id"]: (Decimal(row["total"]) / 60).quantize(Decimal("0.01")) for row in rows}


def sessions_on_shifts(shift_ids: Iterable[int]) -> dict[tuple[int, int], list[str]]:
    """{(shift_id, peer_id): [session kinds]}: one-to-one sessions a peer held on the local day of a
    shift they worked count, in role fit, as work done on that shift (``support.hooks.logged_work``)."""
    from peerwork.shifts.models import Assignment

    days: dict[tuple[int, date], list[int]] = {}
    zones: dict[str, ZoneInfo] = {}
    worked = Assignment.objects.filter(shift_id__in=list(shift_ids)).values_list(
        "peer_id", "shift_id", "shift__starts_at", "shift__organisation__time_zone"
    )
    for peer_id, shift_id, starts_at, zone_name in worked:
        zone = zones.setdefault(zone_name, ZoneInfo(zone_name))
        days.setdefault((peer_id, starts_at.astimezone(zone).date()), []).append(shift_id)
    if not days:
        return {}
    found: dict[tuple[int, int], list[str]] = {}
    sessions = CaseSession.objects.filter(
        worker_id__in={peer_id for peer_id, _day in days}, held_on__in={day for _peer, day in days}
    ).values_list("worker_id", "held_on", "kind")
    for peer_id, held_on, kind in sessions.distinct():
        for shift_id in days.get((peer_id, held_on), []):
            label = str(SessionKind(kind).label)
            kinds = found.setdefault((shift_id, peer_id), [])
            if label not in kinds:
                kinds.append(label)
    return found


def casework_clients_not_seen_since(organisation: Organisation, cutoff: date) -> QuerySet[CaseClient]:
    """Clients whose last session (or, with none, their first day on a caseload) is before ``cutoff``:
    what the organisation's casework retention rule removes, plan, sessions and referrals with them."""
    return (
        CaseClient.objects.filter(organisation=organisation)
        .annotate(last_session=Max("sessions__held_on"))
        .filter(Q(last_session__lt=cutoff) | Q(last_session__isnull=True, opened_on__lt=cutoff))
    )
