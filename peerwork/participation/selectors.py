"""Reads for participation: activities, who took part, and counts the ladder and work record use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .models import Activity, ActivityKind, Participation


def activities_of(organisation: Organisation) -> QuerySet[Activity]:
    """The organisation's activities the person may see (their sites), with how many took part."""
    return within_sites(
        Activity.objects.filter(organisation=organisation)
        .select_related("site")
        .annotate(taking_part=Count("participations"))
    )


def activities_between(organisation: Organisation, first: date, last: date) -> QuerySet[Activity]:
    lo, hi = organisation.day_bounds(first, last)
    return activities_of(organisation).filter(starts_at__gte=lo, starts_at__lt=hi).order_by("starts_at", "id")


def activities_today_at(site: Site, day: date) -> QuerySet[Activity]:
    """What a kiosk at ``site`` offers to tap into on ``day``."""
    lo, hi = site.organisation.day_bounds(day)
    return (
        Activity.objects.filter(
            organisation=site.organisation_id, site=site, starts_at__gte=lo, starts_at__lt=hi
        )
        .select_related("site")
        .order_by("starts_at", "id")
    )


def taking_part_in(activity: Activity) -> QuerySet[PeerWorker]:
    return PeerWorker.objects.filter(participations__activity=activity).order_by("preferred_name")


def participations_of(peer: PeerWorker) -> QuerySet[Participation]:
    return Participation.objects.filter(peer=peer).select_related("activity", "activity__site")


def participation_counts(organisation: Organisation, peer_ids: Iterable[int], until: date) -> dict[int, int]:
    """{peer_id: activities taken part in up to ``until``} in one query (the ladder's criterion)."""
    _lo, hi = organisation.day_bounds(until)
    rows = (
        Participation.objects.filter(
            organisation=organisation, peer_id__in=list(peer_ids), activity__starts_at__lt=hi
        )
        .values("peer_id")
        .annotate(n=Count("id"))
    )
    return {row["peer_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class KindSummary:
    kind: str
    label: str
    times: int
    hours: Decimal
    first: date
    last: date


def participation_summary(peer: PeerWorker) -> list[KindSummary]:
    """Per kind of activity: how often and how many hours the peer took part, first and last day."""
    return summary_of(list(participations_of(peer)), peer.organisation)


def summary_of(records: Iterable[Participation], organisation: Organisation) -> list[KindSummary]:
    """``participation_summary`` of records read already (``participations_of`` one peer)."""
    zone = organisation.zone
    grouped: dict[str, list[Activity]] = defaultdict(list)
    for record in records:
        grouped[record.activity.kind].append(record.activity)
    labels = dict(ActivityKind.choices)
    summary = []
    for kind, activities in grouped.items():
        days = [a.starts_at.astimezone(zone).date() for a in activities]
        summary.append(
            KindSummary(
                kind=kind,
                label=str(labels.get(kind, kind)),
                times=len(activities),
                hours=sum((a.hours for a in activities), Decimal("0")),
                first=min(days),
                last=max(days),
            )
        )
    return sorted(summary, key=lambda item: -item.times)
