"""Reads for services: shifts to log, the entry page's catalogue, daily tallies, sharps, overdose
responses and stock. Every query is scoped to one organisation."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerCapability
from peerwork.pathway.selectors import peer_can
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, Shift, ShiftStatus
from peerwork.shifts.team import team_shifts

from .models import (
    EntryKind,
    ImportJob,
    OverdoseResponse,
    ServiceEntry,
    StockLevel,
    StockMovement,
    SupplyCategory,
    SupplyItem,
)
from .services import PEER_ASSIGNMENT_STATUSES


def day_bounds(organisation: Organisation, day: date) -> tuple[datetime, datetime]:
    return organisation.day_bounds(day)


def peer_for(organisation: Organisation, user: User) -> PeerWorker | None:
    return PeerWorker.objects.filter(organisation=organisation, user=user).first()


def shifts_to_log(organisation: Organisation, user: User, *, is_staff: bool, day: date) -> QuerySet[Shift]:
    """Shifts around ``day`` a person may log services on: their own for a peer, all for staff."""
    start, _end = day_bounds(organisation, day)
    shifts = (
        within_sites(Shift.objects.filter(organisation=organisation))
        .filter(
            starts_at__lt=start + timedelta(days=1),
            ends_at__gt=start - timedelta(days=1),
        )
        .exclude(status=ShiftStatus.CANCELLED)
    )
    if not is_staff:
        peer = peer_for(organisation, user)
        if peer is None:
            return Shift.objects.none()
        shifts = shifts.filter(_peer_may_log(peer))
    return shifts.select_related("site", "role").order_by("starts_at", "id").distinct()


def _peer_may_log(peer: PeerWorker) -> Q:
    """Shifts a peer logs on: those they are on and, for a peer lead whose stage grants it, their team's."""
    mine = Q(assignments__peer=peer, assignments__status__in=PEER_ASSIGNMENT_STATUSES)
    if peer_can(peer, PeerCapability.LOG_TEAM_SERVICES):
        return mine | Q(pk__in=team_shifts(peer).values("pk"))
    return mine


def shift_queryset_for_logging(organisation: Organisation, user: User, *, is_staff: bool) -> QuerySet[Shift]:
    """Every shift the person may open the entry page of (a peer: only shifts they are on)."""
    shifts = within_sites(Shift.objects.filter(organisation=organisation)).select_related("site", "role")
    if is_staff:
        return shifts
    peer = peer_for(organisation, user)
    if peer is None:
        return Shift.objects.none()
    return shifts.filter(_peer_may_log(peer)).distinct()


def catalogue(organisation: Organisation, *, active_only: bool = True) -> list[tuple[str, list[SupplyItem]]]:
    """Items grouped by category in catalogue order: [(category label, [items])]."""
    items = SupplyItem.objects.filter(organisation=organisation)
    if active_only:
        items = items.filter(is_active=True)
    grouped: OrderedDict[str, list[SupplyItem]] = OrderedDict(
        (str(label), []) for value, label in SupplyCategory.choices
    )
    labels = dict(SupplyCategory.choices)
    for item in items.order_by("position", "name"):
        grouped[str(labels[item.category])].append(item)
    return [(label, group) for label, group in grouped.items() if group]


def logs_for_others(organisation: Organisation, user: User, shift: Shift, *, is_staff: bool) -> bool:
    """Whether the person names who did the work on ``shift``: staff, or a peer lead whose stage lets
    them log services for their team, on a team shift (the sync API's ``peer``)."""
    if is_staff:
        return True
    peer = peer_for(organisation, user)
    return (
        peer is not None
        and peer_can(peer, PeerCapability.LOG_TEAM_SERVICES)
        and team_shifts(peer).filter(pk=shift.pk).exists()
    )


def peers_on_shift(shift: Shift) -> list[PeerWorker]:
    return [
        a.peer
        for a in Assignment.objects.filter(shift=shift, status__in=PEER_ASSIGNMENT_STATUSES)
        .select_related("peer")
        .order_by("peer__preferred_name")
    ]


@dataclass
class ShiftTally:
    shift: Shift | None
    site_name: str
    supplies: dict[str, int] = field(default_factory=dict)
    other: dict[str, int] = field(default_factory=dict)
    overdoses: int = 0


def tallies_for_day(organisation: Organisation, day: date) -> dict[str, Any]:
    """Accepted records of one day, per shift and per site."""
    start, end = day_bounds(organisation, day)
    entries = within_sites(
        ServiceEntry.objects.filter(organisation=organisation, occurred_at__gte=start, occurred_at__lt=end)
    )
    rows = (
        entries.values("shift_id", "site__name", "kind", "item__name")
        .annotate(total=Sum("quantity"))
        .order_by("site__name", "shift_id", "kind", "item__name")
    )
    shifts = {
        s.pk: s
        for s in Shift.objects.filter(
            organisation=organisation, pk__in={r["shift_id"] for r in rows if r["shift_id"]}
        ).select_related("role", "site")
    }
    by_shift: OrderedDict[tuple[str, int], ShiftTally] = OrderedDict()
    by_site: OrderedDict[str, dict[str, int]] = OrderedDict()
    kind_labels = dict(EntryKind.choices)
    columns: list[str] = []
    for row in rows:
        key = (row["site__name"], row["shift_id"] or 0)
        tally = by_shift.setdefault(
            key, ShiftTally(shift=shifts.get(row["shift_id"]), site_name=row["site__name"])
        )
        label = row["item__name"] if row["kind"] == EntryKind.SUPPLIES else str(kind_labels[row["kind"]])
        target = tally.supplies if row["kind"] == EntryKind.SUPPLIES else tally.other
        target[label] = target.get(label, 0) + row["total"]
        site_row = by_site.setdefault(row["site__name"], {})
        site_row[label] = site_row.get(label, 0) + row["total"]
        if label not in columns:
            columns.append(label)
    events = (
        OverdoseResponse.objects.filter(
            organisation=organisation, occurred_at__gte=start, occurred_at__lt=end
        )
        .values("shift_id", "site__name")
        .annotate(n=Count("id"))
    )
    overdose_label = _("Overdose responses")
    for event_row in events:
        key = (event_row["site__name"] or "", event_row["shift_id"] or 0)
        tally = by_shift.setdefault(
            key, ShiftTally(shift=shifts.get(event_row["shift_id"]), site_name=event_row["site__name"] or "")
        )
        tally.overdoses += event_row["n"]
        site_row = by_site.setdefault(event_row["site__name"] or "", {})
        site_row[overdose_label] = site_row.get(overdose_label, 0) + event_row["n"]
        if overdose_label not in columns:
            columns.append(overdose_label)
    missing = [key[1] for key in by_shift if key[1] and key[1] not in shifts]
    if missing:
        shifts.update(
            {
                s.pk: s
                for s in Shift.objects.filter(organisation=organisation, pk__in=missing).select_related(
                    "role"
                )
            }
        )
        for key, tally in by_shift.items():
            tally.shift = shifts.get(key[1])
    site_rows = [(site, [values.get(col, 0) for col in columns]) for site, values in by_site.items()]
    return {"shifts": list(by_shift.values()), "columns": columns, "site_rows": site_rows}


def sharps_by_place(organisation: Organisation, start: datetime, end: datetime) -> dict[str, Any]:
    sharps = within_sites(
        ServiceEntry.objects.filter(
            organisation=organisation, kind=EntryKind.SHARPS, occurred_at__gte=start, occurred_at__lt=end
        )
    )
    places = list(
        sharps.values("place_name")
        .annotate(total=Sum("quantity"), times=Count("id"))
        .order_by("-total", "place_name")
    )
    points = list(
        sharps.filter(latitude__isnull=False, longitude__isnull=False)
        .values("latitude", "longitude", "place_name")
        .annotate(total=Sum("quantity"))
        .order_by("-total")[:2000]
    )
    total = sharps.aggregate(n=Sum("quantity"))["n"] or 0
    return {"places": places, "points": points, "total": total}


def scatter_svg(points: list[dict[str, Any]], *, width: int = 640, height: int = 400) -> dict[str, Any]:
    """Positions for a plain SVG scatter of coordinates (no map tiles), dot size by count."""
    if not points:
        return {"dots": [], "width": width, "height": height}
    lats = [Decimal(p["latitude"]) for p in points]
    lons = [Decimal(p["longitude"]) for p in points]
    pad = 30
    lat_span = max(max(lats) - min(lats), Decimal("0.0005"))
    lon_span = max(max(lons) - min(lons), Decimal("0.0005"))
    biggest = max(p["total"] for p in points)
    dots = []
    for p, lat, lon in zip(points, lats, lons, strict=True):
        x = pad + float((lon - min(lons)) / lon_span) * (width - 2 * pad)
        y = height - pad - float((lat - min(lats)) / lat_span) * (height - 2 * pad)
        radius = 4 + 10 * (p["total"] / biggest) ** 0.5
        dots.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(radius, 1),
                "total": p["total"],
                "place": p["place_name"],
                "lat": lat,
                "lon": lon,
            }
        )
    return {
        "dots": dots,
        "width": width,
        "height": height,
        "bounds": {"south": min(lats), "north": max(lats), "west": min(lons), "east": max(lons)},
    }


def overdose_responses(
    organisation: Organisation, start: datetime, end: datetime
) -> QuerySet[OverdoseResponse]:
    return (
        within_sites(
            OverdoseResponse.objects.filter(
                organisation=organisation, occurred_at__gte=start, occurred_at__lt=end
            )
        )
        .select_related("site", "shift__role")
        .prefetch_related("responders")
        .order_by("-occurred_at", "-id")
    )


def stock_levels(organisation: Organisation) -> QuerySet[StockLevel]:
    return within_sites(StockLevel.objects.filter(organisation=organisation)).select_related("site", "item")


def low_stock(organisation: Organisation) -> list[StockLevel]:
    return [
        level
        for level in stock_levels(organisation).filter(low_threshold__gt=0)
        if level.balance <= level.low_threshold
    ]


def stock_movements(organisation: Organisation, *, limit: int = 25) -> QuerySet[StockMovement]:
    return (
        within_sites(StockMovement.objects.filter(organisation=organisation))
        .select_related("site", "item", "created_by")
        .order_by("-created_at", "-id")[:limit]
    )


def recent_imports(organisation: Organisation, *, limit: int = 10) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.filter(organisation=organisation).defer("content").order_by("-created_at")[:limit]
    )


def service_entries(organisation: Organisation) -> QuerySet[ServiceEntry]:
    return within_sites(ServiceEntry.objects.filter(organisation=organisation)).select_related("item", "site")


def entries_matching(
    organisation: Organisation, *, shift_id: int | None, day: date | None
) -> QuerySet[ServiceEntry]:
    entries = service_entries(organisation)
    if shift_id is not None:
        entries = entries.filter(shift_id=shift_id)
    if day is not None:
        start, end = day_bounds(organisation, day)
        entries = entries.filter(occurred_at__gte=start, occurred_at__lt=end)
    return entries.order_by("-occurred_at", "-id")


def overdose_queryset(organisation: Organisation) -> QuerySet[OverdoseResponse]:
    return (
        within_sites(OverdoseResponse.objects.filter(organisation=organisation))
        .select_related("site")
        .prefetch_related("responders")
        .order_by("-occurred_at", "-id")
    )


def entries_for_shift(organisation: Organisation, shift: Shift) -> dict[str, int]:
    """Totals already accepted for a shift, by label (shown on the entry page when online)."""
    totals = (
        ServiceEntry.objects.filter(organisation=organisation, shift=shift)
        .values("kind", "item__name")
        .annotate(total=Sum("quantity"))
    )
    labels = dict(EntryKind.choices)
    result: dict[str, int] = {}
    for row in totals:
        label = row["item__name"] if row["kind"] == EntryKind.SUPPLIES else str(labels[row["kind"]])
        result[label] = result.get(label, 0) + row["total"]
    events = OverdoseResponse.objects.filter(organisation=organisation, shift=shift).count()
    if events:
        result[_("Overdose responses")] = events
    return result


def last_day_with_records(organisation: Organisation, *, before: date) -> date | None:
    """The most recent day before ``before`` with accepted records (to offer when a day is empty)."""
    start, _end = day_bounds(organisation, before)
    latest = (
        ServiceEntry.objects.filter(organisation=organisation, occurred_at__lt=start)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return latest.astimezone(organisation.zone).date() if latest else None
