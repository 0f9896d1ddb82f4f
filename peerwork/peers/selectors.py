"""Reads for peer pages: the people list (constant queries), one peer, the card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet

from peerwork.accounts.models import PeerCredential, User
from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation

from .hooks import (
    EarningsFlag,
    LadderSummary,
    earnings_flags,
    ladder_summaries,
    last_shift_column,
    stage_column,
)
from .models import PeerStatus, PeerWorker

CURRENT = "current"  # active or on a break: everyone who has not left
SORTS = ("name", "last_shift", "joined")
LIST_FIELDS = ("organisation_id", "preferred_name", "pronouns", "status", "joined_on", "hours_before")


@dataclass(frozen=True)
class PeopleFilters:
    q: str = ""
    stage: int | None = None
    site: int | None = None
    status: str = CURRENT
    eligible: bool = False
    near_limit: bool = False
    sort: str = "name"


@dataclass(frozen=True)
class PersonRow:
    peer: PeerWorker
    ladder: LadderSummary | None
    days_since_last_shift: int | None
    limit: EarningsFlag | None = None


def peers_of(organisation: Organisation) -> QuerySet[PeerWorker]:
    return within_sites(PeerWorker.objects.filter(organisation=organisation))


@dataclass(frozen=True)
class PeopleList:
    """The peers matching the filters, in the list's order, not yet read in full."""

    peers: QuerySet[PeerWorker] | list[PeerWorker]
    flags: dict[int, EarningsFlag] | None  # everyone's limit flags, when the list was filtered on them
    ladders: dict[int, LadderSummary]  # worked out already for "ready to move up", else empty


def people_list(organisation: Organisation, filters: PeopleFilters, *, on: date | None = None) -> PeopleList:
    """Peers matching the filters, filtered, sorted and counted by the database, so that a page of a
    list of thousands reads only its own rows (``people_rows``).

    Only "ready to move up" is worked out in Python, for the peers the other filters leave.
    """
    on = on or organisation.today()
    # Only what the list filters and sorts on; ``people_rows`` reads the page's peers in full.
    qs = peers_of(organisation).only(*LIST_FIELDS)
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(Q(preferred_name__icontains=q) | Q(pronouns__icontains=q) | Q(languages__icontains=q))
    if filters.site:
        qs = qs.filter(sites__id=filters.site)  # one row per peer and site: no duplicates
    if filters.status == CURRENT:
        qs = qs.exclude(status=PeerStatus.LEFT)
    elif filters.status in PeerStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.stage:
        stage = stage_column(organisation)
        qs = qs.alias(stage_id=stage).filter(stage_id=filters.stage) if stage is not None else qs.none()
    # Near or over a limit: everyone's flags to filter on; otherwise ``people_rows`` reads the page's.
    flags = earnings_flags(organisation, on) if filters.near_limit else None
    if flags is not None:
        qs = qs.filter(pk__in=list(flags))
    if filters.sort == "last_shift":
        # Longest since the last shift first; people who never worked a shift come first of all.
        last = last_shift_column(organisation)
        if last is not None:
            qs = qs.alias(last_shift=last).order_by(
                F("last_shift").asc(nulls_first=True), "preferred_name", "id"
            )
    elif filters.sort == "joined":
        qs = qs.order_by("-joined_on", "-id")
    if not filters.eligible:
        return PeopleList(qs, flags, {})
    peers = list(qs)
    ladders = ladder_summaries(organisation, peers, on)
    eligible = [peer for peer in peers if (summary := ladders.get(peer.pk)) is not None and summary.eligible]
    return PeopleList(eligible, flags, ladders)


def people_rows(
    organisation: Organisation, listing: PeopleList, page: Sequence[PeerWorker], *, on: date
) -> list[PersonRow]:
    """The rows a page shows: each peer read in full with their sites, their place on the ladder with
    eligibility for the next stage, the days since their last shift and their limit flag."""
    full = {
        peer.pk: peer
        for peer in PeerWorker.objects.filter(pk__in=[p.pk for p in page]).prefetch_related("sites")
    }
    peers = [full[peer.pk] for peer in page]
    missing = [peer for peer in peers if peer.pk not in listing.ladders]
    ladders = {**listing.ladders, **(ladder_summaries(organisation, missing, on) if missing else {})}
    flags = listing.flags if listing.flags is not None else earnings_flags(organisation, on, list(full))
    rows = []
    for peer in peers:
        ladder = ladders.get(peer.pk)
        last = ladder.last_shift if ladder else None
        rows.append(PersonRow(peer, ladder, (on - last).days if last else None, flags.get(peer.pk)))
    return rows


def credential_for(peer: PeerWorker) -> PeerCredential | None:
    if not peer.user_id:
        return None
    return PeerCredential.objects.filter(user_id=peer.user_id, organisation=peer.organisation).first()


def peer_for_user(user: User, organisation: Organisation | None) -> PeerWorker | None:
    if organisation is None or not user.is_authenticated:
        return None
    return (
        PeerWorker.objects.select_related("organisation").filter(user=user, organisation=organisation).first()
    )
