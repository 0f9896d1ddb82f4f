"""Reads about supervision: hours received, schedules, who is due or overdue, a peer's history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, QuerySet, Sum

from peerwork.accounts.models import Membership, User
from peerwork.accounts.roles import Role
from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerPosition
from peerwork.peers.models import PeerStatus, PeerWorker

from ..models import SessionKind, SupervisionSchedule, SupervisionSession

DUE_SOON_DAYS = 7


def supervision_hours(peer: PeerWorker, until: date) -> Decimal:
    """Hours of supervision ``peer`` received up to ``until``.

    An individual session counts its length; a group session counts its full length for each
    peer in it (the peer was there for all of it).
    """
    minutes = SupervisionSession.objects.filter(
        organisation_id=peer.organisation_id, peers=peer, held_on__lte=until
    ).aggregate(total=Sum("duration_minutes"))["total"]
    return (Decimal(minutes or 0) / Decimal(60)).quantize(Decimal("0.01"))


def supervision_hours_many(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, Decimal]:
    """``supervision_hours`` for many peers in one query (the people list stays constant-query)."""
    totals = dict(
        SupervisionSession.objects.filter(organisation=organisation, peers__in=peers, held_on__lte=until)
        .values_list("peers")
        .annotate(total=Sum("duration_minutes"))
        .values_list("peers", "total")
    )
    return {
        peer.pk: (Decimal(totals.get(peer.pk) or 0) / Decimal(60)).quantize(Decimal("0.01")) for peer in peers
    }


def sessions_for_org(organisation: Organisation) -> QuerySet[SupervisionSession]:
    return (
        within_sites(SupervisionSession.objects.filter(organisation=organisation))
        .select_related("supervisor")
        .prefetch_related("peers")
        .annotate(peer_count=Count("peers"))
        .order_by("-held_on", "-id")
    )


def sessions_for_peer(peer: PeerWorker) -> QuerySet[SupervisionSession]:
    return (
        SupervisionSession.objects.filter(organisation_id=peer.organisation_id, peers=peer)
        .select_related("supervisor")
        .prefetch_related("peers")
    )


def last_session_dates(organisation: Organisation, peer_ids: Iterable[int]) -> dict[int, date]:
    rows = (
        SupervisionSession.objects.filter(organisation=organisation, peers__in=list(peer_ids))
        .values("peers")
        .annotate(last=Max("held_on"))
    )
    return {row["peers"]: row["last"] for row in rows}


def schedules_for_org(organisation: Organisation) -> QuerySet[SupervisionSchedule]:
    return SupervisionSchedule.objects.filter(organisation=organisation).select_related("stage")


def org_supervisors(organisation: Organisation) -> QuerySet[User]:
    """People who hold the supervisor role in ``organisation`` (active memberships), stable order."""
    user_ids = Membership.objects.filter(
        organisation=organisation, role=Role.SUPERVISOR, is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def usual_supervisor(peer: PeerWorker) -> User | None:
    """The supervisor of the peer's latest individual session (else latest session of any kind),
    if that person is still a supervisor of the organisation."""
    supervisor_ids = set(org_supervisors(peer.organisation).values_list("pk", flat=True))
    sessions = SupervisionSession.objects.filter(
        organisation_id=peer.organisation_id, peers=peer, supervisor_id__in=supervisor_ids
    ).select_related("supervisor")
    latest = sessions.filter(kind=SessionKind.INDIVIDUAL).first() or sessions.first()
    return latest.supervisor if latest else None


@dataclass(frozen=True)
class SupervisionDue:
    peer: PeerWorker
    stage_name: str
    every_days: int
    last_on: date | None
    due_on: date
    days_late: int


def supervision_due(
    organisation: Organisation, today: date, *, peer: PeerWorker | None = None
) -> list[SupervisionDue]:
    """Active peers whose stage has a schedule, with the date their next supervision is due.

    Due = the last session plus the stage's interval; a peer never supervised is due one
    interval after they started at their stage. Sorted most overdue first.
    """
    every_by_stage = dict(schedules_for_org(organisation).values_list("stage_id", "every_days"))
    if not every_by_stage:
        return []
    queryset = PeerPosition.objects.filter(
        peer__in=within_sites(PeerWorker.objects.filter(organisation=organisation)),
        peer__status=PeerStatus.ACTIVE,
        stage_id__in=every_by_stage,
    )
    if peer is not None:
        queryset = queryset.filter(peer=peer)
    positions = list(queryset.select_related("peer", "stage").order_by("peer__preferred_name"))
    last = last_session_dates(organisation, [p.peer_id for p in positions])
    rows = []
    for position in positions:
        every = every_by_stage[position.stage_id]
        last_on = last.get(position.peer_id)
        due_on = (last_on or position.since) + timedelta(days=every)
        rows.append(
            SupervisionDue(
                peer=position.peer,
                stage_name=position.stage.name,
                every_days=every,
                last_on=last_on,
                due_on=due_on,
                days_late=max(0, (today - due_on).days),
            )
        )
    rows.sort(key=lambda row: (row.due_on, row.peer.preferred_name))
    return rows


def split_due(rows: list[SupervisionDue], today: date) -> tuple[list[SupervisionDue], list[SupervisionDue]]:
    """(overdue, due within a week)."""
    overdue = [row for row in rows if row.due_on < today]
    soon = [row for row in rows if today <= row.due_on <= today + timedelta(days=DUE_SOON_DAYS)]
    return overdue, soon


def next_supervision_for(peer: PeerWorker, today: date) -> SupervisionDue | None:
    rows = supervision_due(peer.organisation, today, peer=peer)
    return rows[0] if rows else None
