"""Reads for peer pages: the people list (constant queries), one peer, the card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Q, QuerySet

from peerwork.accounts.models import PeerCredential, User
from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation

from .hooks import EarningsFlag, LadderSummary, earnings_flags, ladder_summaries
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


def people_list(
    organisation: Organisation, filters: PeopleFilters, *, on: date | None = None
) -> list[PersonRow]:
    """Peers matching the filters, with stage and last shift, in a fixed number of queries.

    Eligibility is worked out only when the filter asks for it; ``people_details`` adds it to the
    rows a page shows, so a list of thousands costs what its page costs.
    """
    on = on or organisation.today()
    # Only what the list filters and sorts on; ``people_details`` reads the page's peers in full.
    qs = peers_of(organisation).only(*LIST_FIELDS)
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(Q(preferred_name__icontains=q) | Q(pronouns__icontains=q) | Q(languages__icontains=q))
    if filters.site:
        qs = qs.filter(sites__id=filters.site).distinct()
    if filters.status == CURRENT:
        qs = qs.exclude(status=PeerStatus.LEFT)
    elif filters.status in PeerStatus.values:
        qs = qs.filter(status=filters.status)
    peers = list(qs)
    summaries = ladder_summaries(organisation, peers, on, eligibility=filters.eligible)
    flags = earnings_flags(organisation, on)
    rows = []
    for peer in peers:
        summary = summaries.get(peer.pk)
        if filters.stage and (summary is None or summary.stage_id != filters.stage):
            continue
        if filters.eligible and (summary is None or not summary.eligible):
            continue
        if filters.near_limit and peer.pk not in flags:
            continue
        last = summary.last_shift if summary else None
        rows.append(PersonRow(peer, summary, (on - last).days if last else None, flags.get(peer.pk)))
    if filters.sort == "last_shift":
        # Longest since the last shift first; people who never worked a shift come first of all.
        rows.sort(key=lambda r: (r.days_since_last_shift is not None, -(r.days_since_last_shift or 0)))
    elif filters.sort == "joined":
        rows.sort(key=lambda r: (r.peer.joined_on, r.peer.pk), reverse=True)
    return rows


def people_details(organisation: Organisation, rows: Sequence[PersonRow], *, on: date) -> list[PersonRow]:
    """The rows a page shows: each peer read in full with their sites, and eligibility for the next
    stage worked out where the list left it out."""
    full = {
        peer.pk: peer
        for peer in PeerWorker.objects.filter(pk__in=[row.peer.pk for row in rows]).prefetch_related("sites")
    }
    missing = [full[row.peer.pk] for row in rows if row.ladder is not None and row.ladder.eligible is None]
    summaries = ladder_summaries(organisation, missing, on) if missing else {}
    return [
        replace(row, peer=full[row.peer.pk], ladder=summaries.get(row.peer.pk, row.ladder)) for row in rows
    ]


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
