"""A vectorised Monte Carlo model of the ladder, week by week, for many runs at once.

Every run holds up to ``capacity`` peers. Each week: new peers arrive (and training cohorts
bring more); peers waiting for a first shift get one if an entry place is free (a share of
entry places is kept for them); active peers ask for shifts and get them when places allow,
and attend or not; a peer who meets the next stage's criteria moves up only when a next-stage
place is free for them that week (otherwise they wait and, after ``stall_weeks``, count as
stalled; a stage without shifts of its own is reached through any free place); peers take breaks, come back from breaks, and leave.

All state is (runs x capacity) NumPy arrays; there is no Python loop over peers or runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

EMPTY, WAITING, ACTIVE, BREAK = 0, 1, 2, 3
MAX_SHIFTS_PER_WEEK = 3


@dataclass
class Params:
    stage_names: list[str]
    places_per_week: list[float]  # shift places offered per week, per stage
    arrivals_per_week: float
    shifts_wanted_per_week: float  # how many shifts an active peer asks for, on average
    attendance: float  # chance a peer who got a shift works it
    shift_hours: float
    promotion_hours: list[float]  # hours worked at stage s needed to move to s + 1
    promotion_weeks: list[int]  # weeks at stage s needed to move to s + 1
    break_chance: float  # weekly, for an active peer
    return_chance: float  # weekly, for a peer on a break
    leave_chance: float  # weekly, for an active peer or one on a break
    new_peer_share: float  # share of entry places kept for peers waiting for a first shift
    cohort_size: int = 0
    cohort_every_weeks: int = 0
    stall_weeks: int = 8
    initial: list[dict[str, float]] = field(default_factory=list)  # {"status", "stage", "hours", "weeks"}

    @property
    def n_stages(self) -> int:
        return len(self.stage_names)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        return cls(**data)


@dataclass
class Outcome:
    weeks: int
    runs: int
    active_by_stage: np.ndarray  # (runs, weeks, stages)
    waiting: np.ndarray  # (runs, weeks) peers waiting for a first shift
    wait_weeks: np.ndarray  # (runs, weeks) average weeks waited by those still waiting
    promotions: np.ndarray  # (runs, weeks)
    stalled: np.ndarray  # (runs, weeks)

    def bands(self) -> dict[str, Any]:
        """10th, 50th and 90th percentiles across runs, per week (and per stage)."""

        def pct(values: np.ndarray) -> dict[str, list[float]]:
            low, mid, high = np.percentile(values, [10, 50, 90], axis=0)
            return {"p10": low.round(2).tolist(), "p50": mid.round(2).tolist(), "p90": high.round(2).tolist()}

        active_total = self.active_by_stage.sum(axis=2)
        return {
            "weeks": self.weeks,
            "runs": self.runs,
            "active_total": pct(active_total),
            "active_by_stage": [
                pct(self.active_by_stage[:, :, s]) for s in range(self.active_by_stage.shape[2])
            ],
            "waiting": pct(self.waiting),
            "wait_weeks": pct(self.wait_weeks),
            "promotions": pct(self.promotions),
            "promotions_total": pct(self.promotions.sum(axis=1, keepdims=True)),
            "stalled": pct(self.stalled),
        }


def _clip01(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def simulate(
    params: Params,
    *,
    runs: int,
    weeks: int = 52,
    capacity: int = 500,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Run the model; the same ``seed`` and parameters always give the same outcome."""
    rng = np.random.default_rng(seed)
    n_stages = params.n_stages
    places = np.asarray(params.places_per_week, dtype=np.float64)
    need_hours = np.asarray([*params.promotion_hours, np.inf][:n_stages], dtype=np.float32)
    need_weeks = np.asarray([*params.promotion_weeks, 10**6][:n_stages], dtype=np.int32)
    need_hours[n_stages - 1] = np.inf
    # Shifts asked for per week ~ Poisson(mean), capped: drawn by inverting its distribution.
    mean = max(0.0, params.shifts_wanted_per_week)
    pmf = [np.exp(-mean) * mean**k / np.prod(range(1, k + 1)) for k in range(MAX_SHIFTS_PER_WEEK)]
    cdf = np.cumsum(pmf).astype(np.float32)

    shape = (runs, capacity)
    status = np.zeros(shape, dtype=np.int8)
    stage = np.zeros(shape, dtype=np.int32)
    hours = np.zeros(shape, dtype=np.float32)
    at_stage = np.zeros(shape, dtype=np.int32)
    waited = np.zeros(shape, dtype=np.int32)
    qualified_for = np.zeros(shape, dtype=np.int32)
    for k, person in enumerate(params.initial[:capacity]):
        status[:, k] = int(person["status"])
        stage[:, k] = min(int(person["stage"]), n_stages - 1)
        hours[:, k] = float(person.get("hours", 0.0))
        at_stage[:, k] = int(person.get("weeks", 0))

    base = (np.arange(runs, dtype=np.int32) * n_stages)[:, None]
    active_by_stage = np.zeros((runs, weeks, n_stages), dtype=np.int32)
    waiting_out = np.zeros((runs, weeks), dtype=np.int32)
    wait_out = np.zeros((runs, weeks), dtype=np.float32)
    promotions_out = np.zeros((runs, weeks), dtype=np.int32)
    stalled_out = np.zeros((runs, weeks), dtype=np.int32)
    attendance = np.float32(_clip01(params.attendance))
    reserved_share = _clip01(params.new_peer_share)
    all_places = np.broadcast_to(places, (runs, n_stages))
    gated = (places > 0)[None, :]

    def per_stage(mask: np.ndarray, key: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        counts = np.bincount(
            key[mask], weights=None if weights is None else weights[mask], minlength=runs * n_stages
        )
        return counts.reshape(runs, n_stages)

    for week in range(weeks):
        u = rng.random((4, *shape), dtype=np.float32)
        # 1. Arrivals, plus a training cohort every ``cohort_every_weeks`` weeks.
        arriving = rng.poisson(max(0.0, params.arrivals_per_week), size=runs)
        if params.cohort_size > 0 and params.cohort_every_weeks > 0 and week % params.cohort_every_weeks == 0:
            arriving = arriving + params.cohort_size
        empty = status == EMPTY
        new = empty & (np.cumsum(empty, axis=1, dtype=np.int32) <= arriving[:, None])
        status[new] = WAITING
        stage[new] = 0
        hours[new] = 0
        at_stage[new] = 0
        waited[new] = 0
        qualified_for[new] = 0

        # 2. Active peers ask for shifts; places are shared out per run and stage.
        active = status == ACTIVE
        key = base + stage
        wanted = (u[0] > cdf[0]).astype(np.int8)
        for k in range(1, MAX_SHIFTS_PER_WEEK):
            wanted += u[0] > cdf[k]
        wanted[~active] = 0
        demand = per_stage(active, key, wanted)
        pool = all_places.copy()
        kept = np.floor(pool[:, 0] * reserved_share)
        pool[:, 0] -= kept
        share = np.where(demand > 0, np.minimum(1.0, pool / np.maximum(demand, 1e-9)), 1.0).astype(np.float32)
        works = share.ravel()[key] * attendance
        # Each asked-for shift is given and worked with chance share x attendance (u[1..3]).
        worked = (u[1] < works) & (wanted >= 1)
        worked = worked.astype(np.int8) + ((u[2] < works) & (wanted >= 2)) + ((u[3] < works) & (wanted >= 3))
        hours += worked * np.float32(params.shift_hours)

        # 3. Peers waiting for a first shift: the kept entry places plus any left unasked.
        waiting = status == WAITING
        n_waiting = np.count_nonzero(waiting, axis=1)
        first_places = kept + np.maximum(0.0, pool[:, 0] - demand[:, 0])
        first_chance = np.where(n_waiting > 0, np.minimum(1.0, first_places / np.maximum(n_waiting, 1)), 0.0)
        starts = waiting & (u[1] < first_chance[:, None].astype(np.float32))
        status[starts] = ACTIVE
        hours[starts] += np.float32(params.shift_hours) * attendance
        waited[waiting & ~starts] += 1

        # 4. Promotion: criteria met AND a next-stage place free this week.
        qualified = (status == ACTIVE) & (hours >= need_hours[stage]) & (at_stage >= need_weeks[stage])
        next_key = np.minimum(key + 1, base + n_stages - 1)
        n_qualified = per_stage(qualified, next_key)
        # A stage with no shifts of its own (a sign-off step) is reached through any free place.
        spare = np.maximum(0.0, all_places.sum(axis=1) - demand.sum(axis=1))[:, None]
        free_next = np.where(gated, np.maximum(0.0, all_places - demand), spare)
        chance = np.where(n_qualified > 0, np.minimum(1.0, free_next / np.maximum(n_qualified, 1)), 0.0)
        promoted = qualified & (u[2] < chance.astype(np.float32).ravel()[next_key])
        stage[promoted] += 1
        hours[promoted] = 0
        at_stage[promoted] = 0
        qualified_for[promoted] = 0
        qualified_for[qualified & ~promoted] += 1
        qualified_for[~qualified] = 0

        # 5. Breaks, returns and departures (u[3] is fresh for those who asked no third shift;
        #    a new draw keeps the events independent).
        draw = rng.random(shape, dtype=np.float32)
        active = status == ACTIVE
        on_break = status == BREAK
        leaving = (status != EMPTY) & (draw < params.leave_chance)
        going = active & ~leaving & (draw < params.leave_chance + params.break_chance)
        back = on_break & ~leaving & (draw < params.leave_chance + params.return_chance)
        status[going] = BREAK
        status[back] = ACTIVE
        status[leaving] = EMPTY
        at_stage[(status == ACTIVE) | (status == BREAK)] += 1

        # 6. This week's figures.
        active = status == ACTIVE
        active_by_stage[:, week, :] = per_stage(active, base + stage)
        waiting = status == WAITING
        n_waiting = np.count_nonzero(waiting, axis=1)
        waiting_out[:, week] = n_waiting
        wait_out[:, week] = np.where(
            n_waiting > 0, np.where(waiting, waited, 0).sum(axis=1) / np.maximum(n_waiting, 1), 0
        )
        promotions_out[:, week] = np.count_nonzero(promoted, axis=1)
        stalled_out[:, week] = np.count_nonzero(qualified_for >= params.stall_weeks, axis=1)
        if progress is not None and (week % 4 == 3 or week == weeks - 1):
            progress(int(100 * (week + 1) / weeks))

    return Outcome(
        weeks=weeks,
        runs=runs,
        active_by_stage=active_by_stage,
        waiting=waiting_out,
        wait_weeks=wait_out,
        promotions=promotions_out,
        stalled=stalled_out,
    )
