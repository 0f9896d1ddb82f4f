"""Calibrate the ladder model from an organisation's own history (by default its last 12 months).

Every figure is a plain ratio of what happened, with a sensible floor and ceiling so one quiet
month cannot make a chance 0 or 1. ``actual_active`` gives the observed series a backtest
compares the forecast with.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage, StageChange
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift, ShiftStatus, SignUp

from .model import ACTIVE, BREAK, WAITING, Params

WORKED = (AssignmentStatus.COMPLETED, AssignmentStatus.CHECKED_IN)
BREAK_WEEKS = 4
MIN_WEEKS = 4


class NotEnoughHistory(ValueError):
    """The organisation has no ladder or too little history to calibrate from."""


@dataclass
class Calibration:
    params: Params
    start: date
    end: date
    weeks: float
    peers_seen: int
    shifts_seen: int


def _clamp(value: float, low: float, high: float) -> float:
    return float(min(high, max(low, value)))


def worked_days(organisation: Organisation, start: date, end: date) -> dict[int, list[date]]:
    lo, hi = organisation.day_bounds(start, end)
    days: dict[int, list[date]] = defaultdict(list)
    rows = Assignment.objects.filter(
        organisation=organisation, status__in=WORKED, shift__starts_at__gte=lo, shift__starts_at__lt=hi
    ).values_list("peer_id", "shift__starts_at")
    for peer_id, starts in rows.order_by("shift__starts_at"):
        days[peer_id].append(starts.astimezone(organisation.zone).date())
    return days


def calibrate(organisation: Organisation, start: date, end: date) -> Calibration:
    """Model parameters from ``start``..``end`` and the ladder's state on ``end``."""
    stages = list(Stage.objects.filter(organisation=organisation).order_by("order"))
    if not stages:
        raise NotEnoughHistory("The organisation has no ladder yet: add stages before planning.")
    span_days = (end - start).days + 1
    if span_days < MIN_WEEKS * 7:
        raise NotEnoughHistory(f"At least {MIN_WEEKS} weeks of history are needed to calibrate the planner.")
    weeks = span_days / 7
    lo, hi = organisation.day_bounds(start, end)
    index = {stage.pk: i for i, stage in enumerate(stages)}

    places = [0.0] * len(stages)
    next_places = [0.0] * len(stages)
    durations: list[float] = []
    shifts = Shift.objects.filter(organisation=organisation, starts_at__gte=lo, starts_at__lt=hi).exclude(
        status__in=[ShiftStatus.CANCELLED, ShiftStatus.DRAFT]
    )
    for stage_id, develops_id, slots, starts, ends in shifts.values_list(
        "role__min_stage_id", "role__develops_stage_id", "slots", "starts_at", "ends_at"
    ):
        if develops_id in index:  # next-stage (stretch) work: kept for the stage below
            next_places[index[develops_id]] += slots
        else:
            places[index.get(stage_id, 0)] += slots
        durations.append((ends - starts).total_seconds() / 3600)
    places = [p / weeks for p in places]
    named = set(
        Role.objects.filter(organisation=organisation, develops_stage__isnull=False).values_list(
            "develops_stage_id", flat=True
        )
    )

    assignments = Assignment.objects.filter(
        organisation=organisation, shift__starts_at__gte=lo, shift__starts_at__lt=hi
    )
    worked_n = assignments.filter(status__in=WORKED).count()
    missed_n = assignments.filter(status=AssignmentStatus.MISSED).count()
    signups_n = SignUp.objects.filter(
        organisation=organisation,
        shift__starts_at__gte=lo,
        shift__starts_at__lt=hi,
        withdrawn_at__isnull=True,
    ).count()

    history = worked_days(organisation, start - timedelta(days=365), end)
    active_weeks = 0.0
    breaks = 0
    break_weeks = 0.0
    for days in history.values():
        inside = [d for d in days if d >= start]
        if not inside:
            continue
        active_weeks += max(1.0, ((inside[-1] - inside[0]).days + 1) / 7)
        for before, after in itertools.pairwise(days):
            gap = (after - before).days / 7
            if after >= start and gap >= BREAK_WEEKS:
                breaks += 1
                break_weeks += gap
    peers = PeerWorker.objects.filter(organisation=organisation)
    joined = peers.filter(joined_on__gte=start, joined_on__lte=end).count()
    left = peers.filter(status=PeerStatus.LEFT, updated_at__gte=lo, updated_at__lt=hi).count()
    firsts = sum(1 for days in history.values() if start <= days[0] <= end)
    entry_worked = (
        Assignment.objects.filter(
            organisation=organisation, status__in=WORKED, shift__starts_at__gte=lo, shift__starts_at__lt=hi
        )
        .filter(Q(shift__role__min_stage__isnull=True) | Q(shift__role__min_stage=stages[0]))
        .count()
    )

    params = Params(
        stage_names=[s.name for s in stages],
        places_per_week=[round(p, 2) for p in places],
        arrivals_per_week=round(joined / weeks, 3),
        shifts_wanted_per_week=round(_clamp(max(signups_n, worked_n) / max(active_weeks, 1.0), 0.3, 3.0), 3),
        attendance=round(_clamp(worked_n / max(worked_n + missed_n, 1), 0.3, 1.0) if worked_n else 0.85, 3),
        shift_hours=round(sum(durations) / len(durations), 2) if durations else 4.0,
        promotion_hours=[float(s.min_hours_worked) for s in stages[1:]],
        promotion_weeks=[int(s.min_weeks_at_previous) for s in stages[1:]],
        break_chance=round(_clamp(breaks / max(active_weeks, 1.0), 0.005, 0.3), 4),
        return_chance=round(_clamp(breaks / max(break_weeks, 1.0), 0.02, 0.5), 4),
        leave_chance=round(_clamp(left / max(active_weeks + break_weeks, 1.0), 0.002, 0.2), 4),
        new_peer_share=round(_clamp(firsts / max(entry_worked, 1), 0.05, 0.8), 3),
        next_stage_places_per_week=[round(p / weeks, 2) for p in next_places],
        next_stage_named=[s.pk in named for s in stages],
        initial=initial_state(organisation, end, index, history),
    )
    return Calibration(
        params=params,
        start=start,
        end=end,
        weeks=round(weeks, 1),
        peers_seen=len(history),
        shifts_seen=len(durations),
    )


def initial_state(
    organisation: Organisation, on: date, index: dict[int, int], history: dict[int, list[date]]
) -> list[dict[str, float]]:
    """Who is on the ladder on ``on``: active (worked in the last 30 days), on a break, or waiting."""
    stage_on: dict[int, tuple[int, date]] = {}
    changes = StageChange.objects.filter(organisation=organisation, effective_on__lte=on).order_by(
        "effective_on", "id"
    )
    for peer_id, stage_id, effective_on in changes.values_list("peer_id", "to_stage_id", "effective_on"):
        stage_on[peer_id] = (index.get(stage_id, 0), effective_on)
    people = []
    peers = PeerWorker.objects.filter(organisation=organisation, joined_on__lte=on).exclude(
        status=PeerStatus.LEFT
    )
    for peer_id, joined_on, hours_before in peers.values_list("id", "joined_on", "hours_before"):
        days = [d for d in history.get(peer_id, []) if d <= on]
        stage, since = stage_on.get(peer_id, (0, joined_on))
        if not days:
            status = WAITING
        elif (on - days[-1]).days < 30:
            status = ACTIVE
        else:
            status = BREAK
        people.append(
            {
                "status": status,
                "stage": stage,
                # Hours brought forward from before Peerwork count as the ladder counts them.
                "hours": 4.0 * sum(1 for d in days if d >= since) + float(hours_before),
                "weeks": (on - since).days // 7,
            }
        )
    return people


def actual_active(organisation: Organisation, start: date, weeks: int) -> list[int]:
    """Peers who worked in the 30 days up to the end of each week after ``start`` (what happened)."""
    history = worked_days(organisation, start - timedelta(days=31), start + timedelta(weeks=weeks))
    out = []
    for w in range(1, weeks + 1):
        day = start + timedelta(weeks=w)
        out.append(
            sum(1 for days in history.values() if any(day - timedelta(days=29) <= d <= day for d in days))
        )
    return out


def actual_promotions(organisation: Organisation, start: date, weeks: int) -> int:
    return StageChange.objects.filter(
        organisation=organisation,
        kind="promotion",
        effective_on__gt=start,
        effective_on__lte=start + timedelta(weeks=weeks),
    ).count()
