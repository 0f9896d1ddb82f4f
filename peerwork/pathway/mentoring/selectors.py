"""Reads for mentoring: active pairings, contacts, mentoring hours, new peers still without a mentor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker

from ..hooks import new_peer_days
from ..models import MentoringContact, Mentorship, PeerPosition


def mentorships_of(organisation: Organisation) -> QuerySet[Mentorship]:
    """Every pairing of the organisation the person may see (their sites), newest first."""
    return within_sites(
        Mentorship.objects.filter(organisation=organisation).select_related("mentor", "mentee")
    )


def active_mentorships(organisation: Organisation) -> QuerySet[Mentorship]:
    return mentorships_of(organisation).filter(ended_on__isnull=True).order_by("mentor__preferred_name", "id")


def mentor_of(peer: PeerWorker) -> Mentorship | None:
    """The peer's active pairing as a mentee, if any."""
    return Mentorship.objects.filter(mentee=peer, ended_on__isnull=True).select_related("mentor").first()


def mentees_of(peer: PeerWorker) -> QuerySet[Mentorship]:
    """The peer's active pairings as a mentor."""
    return Mentorship.objects.filter(mentor=peer, ended_on__isnull=True).select_related("mentee")


def pairings_of(peer: PeerWorker) -> tuple[Mentorship | None, list[Mentorship]]:
    """``mentor_of`` and ``mentees_of`` the peer in one read: (their pairing as a mentee, as a mentor)."""
    mentor: Mentorship | None = None
    mentees: list[Mentorship] = []
    active = Mentorship.objects.filter(Q(mentee=peer) | Q(mentor=peer), ended_on__isnull=True)
    for pairing in active.select_related("mentor", "mentee"):
        if pairing.mentee_id == peer.pk and mentor is None:
            mentor = pairing
        if pairing.mentor_id == peer.pk:
            mentees.append(pairing)
    return mentor, mentees


def mentors_by_mentee(organisation: Organisation, peer_ids: Iterable[int]) -> dict[int, int]:
    """{mentee id: mentor id} for the active pairings among ``peer_ids`` (one query; allocation uses it)."""
    rows = Mentorship.objects.filter(
        organisation=organisation, ended_on__isnull=True, mentee_id__in=list(peer_ids)
    ).values_list("mentee_id", "mentor_id")
    return dict(rows)


def mentoring_hours_many(
    organisation: Organisation, peer_ids: Iterable[int], until: date
) -> dict[int, Decimal]:
    """{mentor id: hours of mentoring contacts recorded up to ``until``} (one query)."""
    rows = (
        MentoringContact.objects.filter(
            organisation=organisation, mentorship__mentor_id__in=list(peer_ids), happened_on__lte=until
        )
        .values("mentorship__mentor_id")
        .annotate(minutes=Sum("minutes"))
    )
    return {
        row["mentorship__mentor_id"]: (Decimal(row["minutes"]) / 60).quantize(Decimal("0.01")) for row in rows
    }


def contacts_of(organisation: Organisation) -> QuerySet[MentoringContact]:
    return within_sites(
        MentoringContact.objects.filter(organisation=organisation).select_related(
            "mentorship__mentor", "mentorship__mentee", "recorded_by"
        )
    )


def contacts_between(organisation: Organisation, first: date, last: date) -> QuerySet[MentoringContact]:
    return contacts_of(organisation).filter(happened_on__gte=first, happened_on__lte=last)


def contacts_recorded_by_mentor(peer: PeerWorker, limit: int = 10) -> list[MentoringContact]:
    return list(
        MentoringContact.objects.filter(mentorship__mentor=peer)
        .select_related("mentorship__mentee")
        .order_by("-happened_on", "-id")[:limit]
    )


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


@dataclass(frozen=True)
class NewPeer:
    peer: PeerWorker
    stage_name: str


def new_peers_without_mentor(organisation: Organisation, on: date) -> list[NewPeer]:
    """Active peers who joined within the organisation's "new peer" days and have no active mentor."""
    since = on - timedelta(days=new_peer_days(organisation))
    peers = within_sites(
        PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE, joined_on__gte=since)
    ).exclude(
        pk__in=Mentorship.objects.filter(organisation=organisation, ended_on__isnull=True).values("mentee_id")
    )
    stages = dict(PeerPosition.objects.filter(peer__in=peers).values_list("peer_id", "stage__name"))
    return [NewPeer(peer, stages.get(peer.pk, "")) for peer in peers.order_by("joined_on", "preferred_name")]


@dataclass(frozen=True)
class MentoringSummary:
    active: list[Mentorship]
    contacts: list[MentoringContact]
    month_minutes: int
    unpaired: list[NewPeer]


def mentoring_overview(organisation: Organisation, on: date) -> MentoringSummary:
    """What the staff Mentoring page shows: active pairings, this month's contacts, unpaired new peers."""
    first, last = month_of(on)
    contacts = list(contacts_between(organisation, first, last).order_by("-happened_on", "-id"))
    return MentoringSummary(
        active=list(active_mentorships(organisation)),
        contacts=contacts,
        month_minutes=sum(c.minutes for c in contacts),
        unpaired=new_peers_without_mentor(organisation, on),
    )


def stage_orders(peers: Iterable[PeerWorker]) -> dict[int, tuple[int, str]]:
    """{peer id: (stage order, stage name)} for the given peers (one query)."""
    rows = PeerPosition.objects.filter(peer__in=list(peers)).values_list(
        "peer_id", "stage__order", "stage__name"
    )
    return {peer_id: (order, name) for peer_id, order, name in rows}
