"""A vectorised Monte Carlo model of the ladder, week by week, for many runs at once.

Every run holds up to ``capacity`` peers. Each week: new peers arrive (and training cohorts
bring more); peers waiting for a first shift get one if an entry place is free (a share of
entry places is kept for them); active peers ask for shifts and get them when places allow,
and attend or not; a peer who meets the next stage's criteria moves up only when a next-stage
place is free for them that week (otherwise they wait and, after ``stall_weeks``, count as
stalled; a stage without shifts of its own is reached through any free place); peers take
breaks, come back from breaks, and leave.

Next-stage (stretch) places towards stage s are work for the active peers at stage s - 1 on top of
the ordinary shifts they ask for: each week the places are shared among those peers (up to
``MAX_STRETCH_PER_WEEK`` each) and worked with the usual attendance, and their hours count towards
the hours rule. So where the hours rule binds (senior peers who ask for about one shift a week and
need 500 hours), more stretch places shorten the time at the stage, as well as keeping places for
the qualified peers. Their draws come from a second generator, so a scenario without stretch
places runs exactly as before.

All state is (runs x capacity) NumPy arrays; there is no Python loop over peers or runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

EMPTY, WAITING, ACTIVE, BREAK = 0, 1, 2, 3
MAX_SHIFTS_PER_WEEK = 3
MAX_STRETCH_PER_WEEK = 2  # next-stage shifts a peer takes in a week, on top of ordinary ones


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
    # Next-stage (stretch) work: places per week of work towards stage s, for peers at stage s - 1,
    # and whether stage s has such work named at all (then it is reached only through places, its
    # own or next-stage ones, never through "any free place"). The places are worked on top of the
    # ordinary shifts peers ask for, and their hours count (see the module note).
    next_stage_places_per_week: list[float] = field(default_factory=list)
    next_stage_named: list[bool] = field(default_factory=list)
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
    time_at_stage: np.ndarray  # (runs, weeks, stages) average weeks at the stage of the peers there

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
            "time_at_stage": [pct(self.time_at_stage[:, :, s]) for s in range(self.time_at_stage.shape[2])],
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
    stretch_rng = np.random.default_rng([seed, 1])  # stretch work's own draws: see the module note
    n_stages = params.n_stages
    places = np.asarray(params.places_per_week, dtype=np.float64)
    stretch = np.zeros(n_stages)
    named = np.zeros(n_stages, dtype=bool)
    stretch[: len(params.next_stage_places_per_week)] = params.next_stage_places_per_week[:n_stages]
    named[: len(params.next_stage_named)] = params.next_stage_named[:n_stages]
    need_hours = np.asarray([*params.promotion_hours, np.inf][:n_stages], dtype=np.float32)
    need_weeks = np.asarray([*params.promotion_weeks, 10**6][:n_stages], dtype=np.int32)
    need_hours[n_stages - 1] = np.inf
    # Shifts asked for per week ~ Poisson(mean), capped: drawn by inverting its distribution.
    mean = max(0.0, params.shifts_wanted_per_week)
    pmf = [np.exp(-mean) * mean**k / np.prod(range(1, k + 1)) for k in range(MAX_SHIFTS_PER_WEEK)]
    cdf = np.cumsum(pmf).astype(np.float32)

    shape = (runs, capacity)
    status = np.zeros(shape, dtype=np.int8)
    stage = np.zeros(shape, dtype=np.int8)
    hours = np.zeros(shape, dtype=np.float32)
    at_stage = np.zeros(shape, dtype=np.int16)
    waited = np.zeros(shape, dtype=np.int16)
    qualified_for = np.zeros(shape, dtype=np.int16)
    for k, person in enumerate(params.initial[:capacity]):
        status[:, k] = int(person["status"])
        stage[:, k] = min(int(person["stage"]), n_stages - 1)
        hours[:, k] = float(person.get("hours", 0.0))
        at_stage[:, k] = min(int(person.get("weeks", 0)), 30000)

    active_by_stage = np.zeros((runs, weeks, n_stages), dtype=np.int32)
    waiting_out = np.zeros((runs, weeks), dtype=np.int32)
    wait_out = np.zeros((runs, weeks), dtype=np.float32)
    promotions_out = np.zeros((runs, weeks), dtype=np.int32)
    stalled_out = np.zeros((runs, weeks), dtype=np.int32)
    time_out = np.zeros((runs, weeks, n_stages), dtype=np.float32)
    attendance = np.float32(_clip01(params.attendance))
    reserved_share = _clip01(params.new_peer_share)
    all_places = np.broadcast_to(places, (runs, n_stages))
    gated = ((places > 0) | named | (stretch > 0))[None, :]
    kept_for_below = np.broadcast_to(stretch, (runs, n_stages))
    shift_hours = np.float32(params.shift_hours)

    def by_stage(values: np.ndarray, at: list[np.ndarray]) -> np.ndarray:
        """(runs, stages) sums of ``values`` (a mask or counts) over the peers at each stage."""
        if values.dtype == np.bool_:
            return np.stack([np.count_nonzero(values & at[s], axis=1) for s in range(n_stages)], axis=1)
        return np.stack([(values * at[s]).sum(axis=1, dtype=np.int32) for s in range(n_stages)], axis=1)

    def per_peer(table: np.ndarray, at: list[np.ndarray]) -> np.ndarray:
        """Each peer's entry of a (runs, stages) table, by the peer's stage."""
        out = np.zeros(shape, dtype=np.float32)
        for s in range(n_stages):
            out += at[s] * table[:, s : s + 1].astype(np.float32)
        return out

    # Masked updates are written as arithmetic on the masks (a *= ~m; a += m * (v - a)): on arrays
    # this size that is many times faster than a[m] = v, which first builds an index list.
    for week in range(weeks):
        u = rng.random((4, *shape), dtype=np.float32)
        # 1. Arrivals, plus a training cohort every ``cohort_every_weeks`` weeks.
        arriving = rng.poisson(max(0.0, params.arrivals_per_week), size=runs)
        if params.cohort_size > 0 and params.cohort_every_weeks > 0 and week % params.cohort_every_weeks == 0:
            arriving = arriving + params.cohort_size
        empty = status == EMPTY
        new = empty & (np.cumsum(empty, axis=1, dtype=np.int32) <= arriving[:, None])
        status += new * np.int8(WAITING)  # other state was reset when the place emptied

        # 2. Active peers ask for shifts; places are shared out per run and stage.
        at = [stage == s for s in range(n_stages)]
        active = status == ACTIVE
        wanted = (u[0] > cdf[0]).astype(np.int8)
        for k in range(1, MAX_SHIFTS_PER_WEEK):
            wanted += u[0] > cdf[k]
        wanted *= active
        demand = by_stage(wanted, at).astype(np.float64)
        pool = all_places.copy()
        kept = np.floor(pool[:, 0] * reserved_share)
        pool[:, 0] -= kept
        share = np.where(demand > 0, np.minimum(1.0, pool / np.maximum(demand, 1e-9)), 1.0)
        works = per_peer(share, at) * attendance
        # Each asked-for shift is given and worked with chance share x attendance (u[1..3]).
        worked = ((u[1] < works) & (wanted >= 1)).astype(np.int8)
        worked += (u[2] < works) & (wanted >= 2)
        worked += (u[3] < works) & (wanted >= 3)
        hours += worked * shift_hours
        # Next-stage places towards stage s + 1 are extra work for the active peers at stage s.
        if stretch.any():
            below = np.zeros((runs, n_stages))
            below[:, :-1] = kept_for_below[:, 1:]
            n_active = by_stage(active, at).astype(np.float64)
            per_head = np.where(
                n_active > 0, np.minimum(MAX_STRETCH_PER_WEEK, below / np.maximum(n_active, 1)), 0.0
            )
            offered = per_peer(per_head, at) * active
            v = stretch_rng.random((MAX_STRETCH_PER_WEEK, *shape), dtype=np.float32)
            stretch_worked = np.zeros(shape, dtype=np.int8)
            for k in range(MAX_STRETCH_PER_WEEK):
                taken = np.clip(offered - k, 0.0, 1.0) * attendance
                stretch_worked += v[k] < taken
            hours += stretch_worked * shift_hours

        # 3. Peers waiting for a first shift: the kept entry places plus any left unasked.
        waiting = status == WAITING
        n_waiting = np.count_nonzero(waiting, axis=1)
        first_places = kept + np.maximum(0.0, pool[:, 0] - demand[:, 0])
        first_chance = np.where(n_waiting > 0, np.minimum(1.0, first_places / np.maximum(n_waiting, 1)), 0.0)
        starts = waiting & (u[1] < first_chance[:, None].astype(np.float32))
        status += starts * np.int8(ACTIVE - WAITING)
        hours += starts * (shift_hours * attendance)
        waited += waiting & ~starts

        # 4. Promotion: criteria met AND a next-stage place free this week.
        active = status == ACTIVE
        qualified = np.zeros(shape, dtype=bool)
        for s in range(n_stages - 1):
            qualified |= at[s] & (hours >= need_hours[s]) & (at_stage >= need_weeks[s])
        qualified &= active
        n_qualified = np.zeros((runs, n_stages))
        n_qualified[:, 1:] = by_stage(qualified, at)[:, :-1]
        # Qualified peers compete for next-stage places with the peers already there; a stage with
        # no shifts of its own (a sign-off step) is reached through any place of the programme.
        total = all_places.sum(axis=1, keepdims=True)
        next_places = np.where(gated, all_places, total)
        next_demand = np.where(gated, demand, demand.sum(axis=1, keepdims=True))
        # Next-stage places towards a stage are kept for the qualified peers just below it.
        chance = np.where(
            n_qualified > 0,
            np.minimum(
                1.0,
                next_places / np.maximum(next_demand + n_qualified, 1)
                + kept_for_below / np.maximum(n_qualified, 1),
            ),
            0.0,
        )
        next_chance = np.zeros((runs, n_stages))
        next_chance[:, :-1] = chance[:, 1:]
        promoted = qualified & (u[2] < per_peer(next_chance, at))
        stage += promoted
        hours *= ~promoted
        at_stage *= ~promoted
        still = qualified & ~promoted
        qualified_for = (qualified_for + 1) * still

        # 5. Breaks, returns and departures; a place that empties is reset for the next arrival.
        draw = rng.random(shape, dtype=np.float32)
        on_break = status == BREAK
        active = status == ACTIVE
        leaving = (status != EMPTY) & (draw < params.leave_chance)
        going = active & ~leaving & (draw < params.leave_chance + params.break_chance)
        back = on_break & ~leaving & (draw < params.leave_chance + params.return_chance)
        status += going * np.int8(BREAK - ACTIVE) + back * np.int8(ACTIVE - BREAK)
        staying = ~leaving
        status *= staying
        stage *= staying
        at_stage *= staying
        waited *= staying
        qualified_for *= staying
        hours *= staying
        at_stage += (status == ACTIVE) | (status == BREAK)

        # 6. This week's figures.
        active = status == ACTIVE
        active_by_stage[:, week, :] = by_stage(active, [stage == s for s in range(n_stages)])
        waiting = status == WAITING
        n_waiting = np.count_nonzero(waiting, axis=1)
        waiting_out[:, week] = n_waiting
        wait_sum = (waited * waiting).sum(axis=1)
        wait_out[:, week] = np.where(n_waiting > 0, wait_sum / np.maximum(n_waiting, 1), 0)
        promotions_out[:, week] = np.count_nonzero(promoted, axis=1)
        present = [((status == ACTIVE) | (status == BREAK)) & (stage == s) for s in range(n_stages)]
        counts = np.stack([np.count_nonzero(m, axis=1) for m in present], axis=1)
        sums = by_stage(at_stage.astype(np.int32), present)
        time_out[:, week, :] = np.where(counts > 0, sums / np.maximum(counts, 1), 0.0)
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
        time_at_stage=time_out,
    )
