"""One organisation's raw records, loaded once per rollup refresh into arrays indicators share.

Days are the organisation's local days. Arrays are indexed by peer (``peer_ids`` order) and by
day (``days`` order, starting ``LOOKBACK_DAYS`` before the first day to compute, so 30- and
120-day windows are complete on every computed day).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, Min, Q, Sum, When
from django.db.models.functions import TruncDate

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerPosition, Stage, StageChange, StageChangeKind
from peerwork.peers.models import PeerWorker, ReferralSource
from peerwork.services.models import OverdoseResponse, ServiceEntry
from peerwork.shifts.models import Assignment, AssignmentStatus, Shift, ShiftStatus

LOOKBACK_DAYS = 120
WORKED = (AssignmentStatus.COMPLETED, AssignmentStatus.CHECKED_IN)
NONE = -1  # "no site / stage / stream" in integer arrays


@dataclass
class RollupData:
    organisation: Organisation
    first_day: date
    last_day: date
    days: list[date]
    first_index: int  # index in ``days`` of ``first_day``
    stage_order: dict[int, int]  # stage id -> order
    lowest_stage: int
    peer_ids: np.ndarray
    joined: np.ndarray  # day index of joining (may be negative: before the loaded window)
    referred_by_peer: np.ndarray  # bool
    referred_by: np.ndarray  # peer index of the referrer, NONE if none
    home_site: np.ndarray
    stage_matrix: np.ndarray  # peers x days, stage id or NONE
    worked_peer: np.ndarray  # one entry per worked assignment
    worked_day: np.ndarray
    worked_site: np.ndarray
    worked_stream: np.ndarray
    worked_hours: np.ndarray
    worked_stage: np.ndarray  # the lowest stage the worked shift's role needs (NONE: any stage)
    first_worked: np.ndarray  # per peer: day index of the first shift ever worked, or a huge number
    shift_day: np.ndarray  # one entry per offered (not cancelled) shift
    shift_site: np.ndarray
    shift_stream: np.ndarray
    shift_stage: np.ndarray
    shift_slots: np.ndarray
    shift_wanting: np.ndarray
    promotions: list[tuple[int, int, int]]  # (day index, to stage, peer index)
    services: list[dict[str, Any]] = field(default_factory=list)
    overdoses: list[dict[str, Any]] = field(default_factory=list)
    extras: dict[Any, Any] = field(default_factory=dict)

    @property
    def n_days(self) -> int:
        return len(self.days)

    def computed_indices(self) -> range:
        return range(self.first_index, self.n_days)

    def index_of(self, day: date) -> int:
        return (day - self.days[0]).days

    def _matrix(self, values: np.ndarray | None = None) -> np.ndarray:
        matrix = np.zeros((len(self.peer_ids), self.n_days), dtype=np.float64)
        inside = (self.worked_day >= 0) & (self.worked_day < self.n_days)
        weights = values if values is not None else np.ones_like(self.worked_hours)
        np.add.at(matrix, (self.worked_peer[inside], self.worked_day[inside]), weights[inside])
        return matrix

    def worked_matrix(self) -> np.ndarray:
        if "worked" not in self.extras:
            self.extras["worked"] = self._matrix() > 0
        return self.extras["worked"]

    def hours_matrix(self) -> np.ndarray:
        if "hours" not in self.extras:
            self.extras["hours"] = self._matrix(self.worked_hours)
        return self.extras["hours"]

    def window_count(self, matrix: np.ndarray, end: int, length: int) -> np.ndarray:
        """Per peer: the sum of ``matrix`` over the ``length`` days ending at day ``end``."""
        key = ("cumsum", id(matrix))
        if key not in self.extras:
            cs = np.zeros((matrix.shape[0], matrix.shape[1] + 1))
            cs[:, 1:] = np.cumsum(matrix, axis=1)
            self.extras[key] = cs
        cs = self.extras[key]
        start = max(0, end - length + 1)
        return cs[:, end + 1] - cs[:, start]

    def site_matrix(self) -> np.ndarray:
        """Per peer and day: the site of the latest shift worked so far (else their home site)."""
        if "site" in self.extras:
            return self.extras["site"]
        n_peers = len(self.peer_ids)
        site_on = np.full((n_peers, self.n_days), NONE, dtype=np.int64)
        inside = (self.worked_day >= 0) & (self.worked_day < self.n_days)
        site_on[self.worked_peer[inside], self.worked_day[inside]] = self.worked_site[inside]
        has = site_on != NONE
        index = np.where(has, np.arange(self.n_days)[None, :], 0)
        np.maximum.accumulate(index, axis=1, out=index)
        filled = np.take_along_axis(site_on, index, axis=1)
        ever = np.maximum.accumulate(has, axis=1)
        result = np.where(ever, filled, self.home_site[:, None])
        self.extras["site"] = result
        return result


def _local_day(moment: datetime, zone: Any) -> date:
    return moment.astimezone(zone).date()


def load(organisation: Organisation, first_day: date, last_day: date) -> RollupData:
    """Read what the indicators need for ``first_day``..``last_day`` (plus the look-back)."""
    zone = organisation.zone
    start = first_day - timedelta(days=LOOKBACK_DAYS)
    n_days = (last_day - start).days + 1
    days = [start + timedelta(days=i) for i in range(n_days)]
    lo, hi = organisation.day_bounds(start, last_day)

    stages = list(
        Stage.objects.filter(organisation=organisation).order_by("order").values_list("id", "order")
    )
    stage_order = dict(stages)
    lowest = stages[0][0] if stages else NONE

    peers = list(
        PeerWorker.objects.filter(organisation=organisation)
        .order_by("id")
        .values_list("id", "joined_on", "referral_source", "referred_by_id")
    )
    peer_ids = np.array([p[0] for p in peers], dtype=np.int64)
    index = {pid: i for i, pid in enumerate(peer_ids.tolist())}
    joined = np.array([(p[1] - start).days for p in peers], dtype=np.int64)
    referred = np.array([p[2] == ReferralSource.PEER or p[3] is not None for p in peers], dtype=bool)
    referred_by = np.array([index.get(p[3], NONE) if p[3] else NONE for p in peers], dtype=np.int64)
    home_site = np.full(len(peers), NONE, dtype=np.int64)
    through = PeerWorker.sites.through.objects.filter(peerworker__organisation=organisation)
    for peer_id, site_id in through.order_by("-id").values_list("peerworker_id", "site_id"):
        home_site[index[peer_id]] = site_id

    stage_matrix = np.full((len(peers), n_days), NONE, dtype=np.int64)
    changes = (
        StageChange.objects.filter(organisation=organisation)
        .order_by("effective_on", "id")
        .values_list("peer_id", "to_stage_id", "effective_on", "kind")
    )
    promotions: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for peer_id, stage_id, effective_on, kind in changes:
        i = index[peer_id]
        seen.add(peer_id)
        stage_matrix[i, max(0, (effective_on - start).days) :] = stage_id
        d = (effective_on - start).days
        if kind == StageChangeKind.PROMOTION and 0 <= d < n_days:
            promotions.append((d, stage_id, i))
    for peer_id, stage_id, since in PeerPosition.objects.filter(peer__organisation=organisation).values_list(
        "peer_id", "stage_id", "since"
    ):
        if peer_id not in seen:
            stage_matrix[index[peer_id], max(0, (since - start).days) :] = stage_id

    # Days and durations come from the database (a local date and an interval): reading a million
    # timestamps into Python and converting each one took most of a year's refresh.
    checked = ExpressionWrapper(F("checked_out_at") - F("checked_in_at"), output_field=DurationField())
    planned = ExpressionWrapper(F("shift__ends_at") - F("shift__starts_at"), output_field=DurationField())
    timed = Q(checked_in_at__isnull=False, checked_out_at__isnull=False)
    worked = (
        Assignment.objects.filter(
            organisation=organisation,
            status__in=WORKED,
            shift__starts_at__gte=lo,
            shift__starts_at__lt=hi,
        )
        .annotate(
            day=TruncDate("shift__starts_at", tzinfo=zone),
            span=Case(When(timed, then=checked), default=planned, output_field=DurationField()),
        )
        .values_list(
            "peer_id",
            "day",
            "shift__site_id",
            "shift__role__work_stream_id",
            "shift__role__min_stage_id",
            "span",
        )
        .order_by()
        .iterator(chunk_size=20000)
    )
    w_peer, w_day, w_site, w_stream, w_hours, w_stage = [], [], [], [], [], []
    for peer_id, day, site_id, stream_id, min_stage, span in worked:
        w_stage.append(min_stage or NONE)
        w_peer.append(index[peer_id])
        w_day.append((day - start).days)
        w_site.append(site_id)
        w_stream.append(stream_id)
        w_hours.append(max(0.0, span.total_seconds() / 3600))

    first_worked = np.full(len(peers), 10**9, dtype=np.int64)
    firsts = (
        Assignment.objects.filter(organisation=organisation, status__in=WORKED)
        .values("peer_id")
        .annotate(first=Min("shift__starts_at"))
        .values_list("peer_id", "first")
        .order_by()
    )
    for peer_id, first in firsts:
        first_worked[index[peer_id]] = (_local_day(first, zone) - start).days

    wanting = Count("signups", filter=Q(signups__withdrawn_at__isnull=True))
    shifts = (
        Shift.objects.filter(organisation=organisation, starts_at__gte=lo, starts_at__lt=hi)
        .exclude(status__in=[ShiftStatus.CANCELLED, ShiftStatus.DRAFT])
        .annotate(wanting=wanting, day=TruncDate("starts_at", tzinfo=zone))
        .values_list("day", "site_id", "role__work_stream_id", "role__min_stage_id", "slots", "wanting")
    )
    s_day, s_site, s_stream, s_stage, s_slots, s_want = [], [], [], [], [], []
    for day, site_id, stream_id, stage_id, slots, want in shifts:
        s_day.append((day - start).days)
        s_site.append(site_id)
        s_stream.append(stream_id)
        s_stage.append(stage_id or lowest)
        s_slots.append(slots)
        s_want.append(want)

    return RollupData(
        organisation=organisation,
        first_day=first_day,
        last_day=last_day,
        days=days,
        first_index=LOOKBACK_DAYS,
        stage_order=stage_order,
        lowest_stage=lowest,
        peer_ids=peer_ids,
        joined=joined,
        referred_by_peer=referred,
        referred_by=referred_by,
        home_site=home_site,
        stage_matrix=stage_matrix,
        worked_peer=np.array(w_peer, dtype=np.int64),
        worked_day=np.array(w_day, dtype=np.int64),
        worked_site=np.array(w_site, dtype=np.int64),
        worked_stream=np.array(w_stream, dtype=np.int64),
        worked_hours=np.array(w_hours, dtype=np.float64),
        worked_stage=np.array(w_stage, dtype=np.int64),
        first_worked=first_worked,
        shift_day=np.array(s_day, dtype=np.int64),
        shift_site=np.array(s_site, dtype=np.int64),
        shift_stream=np.array(s_stream, dtype=np.int64),
        shift_stage=np.array(s_stage, dtype=np.int64),
        shift_slots=np.array(s_slots, dtype=np.float64),
        shift_wanting=np.array(s_want, dtype=np.float64),
        promotions=promotions,
        services=_services(organisation, first_day, last_day, start),
        overdoses=_overdoses(organisation, first_day, last_day, start),
    )


def _services(organisation: Organisation, first: date, last: date, start: date) -> list[dict[str, Any]]:
    """Service entries summed per local day, site and kind, by the database (GROUP BY)."""
    lo, hi = organisation.day_bounds(first, last)
    rows = (
        ServiceEntry.objects.filter(organisation=organisation, occurred_at__gte=lo, occurred_at__lt=hi)
        .annotate(day=TruncDate("occurred_at", tzinfo=organisation.zone))
        .values("day", "site_id", "kind")
        .annotate(entries=Count("id"), quantity=Sum("quantity"))
        .order_by()
    )
    return [{**row, "d": (row["day"] - start).days} for row in rows]


def _overdoses(organisation: Organisation, first: date, last: date, start: date) -> list[dict[str, Any]]:
    lo, hi = organisation.day_bounds(first, last)
    rows = (
        OverdoseResponse.objects.filter(organisation=organisation, occurred_at__gte=lo, occurred_at__lt=hi)
        .annotate(day=TruncDate("occurred_at", tzinfo=organisation.zone))
        .values("day", "site_id")
        .annotate(events=Count("id"))
        .order_by()
    )
    return [{**row, "d": (row["day"] - start).days} for row in rows]


def group_contributions(
    keys: dict[str, np.ndarray], numerator: np.ndarray, denominator: np.ndarray | None = None
) -> list[tuple[dict[str, int | None], float, float]]:
    """Sum ``numerator`` (and ``denominator``) per distinct combination of the integer ``keys``."""
    if numerator.size == 0:
        return []
    names = list(keys)
    unique, inverse = _unique_rows([keys[n] for n in names])
    num = np.bincount(inverse, weights=numerator, minlength=len(unique))
    den = (
        np.bincount(inverse, weights=denominator, minlength=len(unique))
        if denominator is not None
        else np.zeros(len(unique))
    )
    out = []
    for row, n, d in zip(unique.tolist(), num.tolist(), den.tolist(), strict=True):
        tags = {name: (None if value == NONE else int(value)) for name, value in zip(names, row, strict=True)}
        out.append((tags, float(n), float(d)))
    return out


def _unique_rows(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of the stacked ``columns`` and each row's index among them, as
    ``np.unique(axis=0, return_inverse=True)`` gives, but fast: each column is factorised on its own
    and the codes combined into one integer, so one 1-D sort replaces a sort of row records."""
    factors = [np.unique(column, return_inverse=True) for column in columns]
    if math.prod(len(distinct) for distinct, _ in factors) >= 2**62:  # codes would overflow: sort rows
        unique, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
        return unique, inverse.reshape(-1)
    codes = np.zeros(columns[0].size, dtype=np.int64)
    values = []
    for distinct, inverse in factors:
        codes = codes * len(distinct) + inverse.reshape(-1)
        values.append(distinct)
    combined, inverse = np.unique(codes, return_inverse=True)
    rows = np.empty((combined.size, len(columns)), dtype=np.int64)
    rest = combined
    for position in range(len(columns) - 1, -1, -1):
        size = len(values[position])
        rows[:, position] = values[position][rest % size]
        rest = rest // size
    return rows, inverse.reshape(-1)


def by_day_site(rows: list[dict[str, Any]], value: str) -> dict[tuple[int, int | None], float]:
    out: dict[tuple[int, int | None], float] = defaultdict(float)
    for row in rows:
        out[(row["d"], row["site_id"])] += float(row[value] or 0)
    return out
