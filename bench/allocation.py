"""Benchmark the fair-allocation engine on synthetic weeks (no database needed).

The week: 2,000 peers, 600 shifts with 3,000 places, 10,000 requests. Prints one line:
allocation: peers=2000 slots=3000 requests=10000 seconds=S gap_to_optimum_pct=G gini=X fcfs_gini=Y
    fill=F max_fill=M equity_gap_pct=E
G compares the objective with CP-SAT's best bound from a long run on the same instance;
Y is the Gini of hours under first-come-first-served on the same requests.
F is the places the plan fills; M the most any plan can fill, from a fill-only CP-SAT model written
here, apart from the engine's (the engine's plan is only its hint); "M?" when it was not proved.
E compares the plan's equity term with a bound on it among the plans that fill F places.

The regional case, 10,000 peers, 3,000 shifts with 15,000 places and 50,000 requests, prints
allocation_regional: peers=10000 slots=15000 requests=50000 seconds=S fill=F max_fill=M equity_gap_pct=E
"""

from __future__ import annotations

import os
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")

import django
from ortools.sat.python import cp_model

django.setup()

from peerwork.shifts.allocation import (  # noqa: E402
    PeerIn,
    Policy,
    RequestIn,
    Result,
    ShiftIn,
    allocate,
    equity_and_bound,
    first_come_first_served,
    gini,
    hours_by_peer,
    weekly_limit,
)


@dataclass(frozen=True)
class Size:
    peers: int
    shifts: int  # five places a shift on average
    requests: int


WEEK = Size(peers=2000, shifts=600, requests=10000)
REGIONAL = Size(peers=10000, shifts=3000, requests=50000)
SEED = 4242
LONG_SECONDS = float(os.environ.get("BENCH_LONG_SECONDS", "60"))
# The independent fill-only solve stops as soon as it proves the maximum; this is its ceiling.
FILL_SECONDS = float(os.environ.get("BENCH_FILL_SECONDS", "120"))


def synthetic_week(seed: int, size: Size = WEEK) -> tuple[list[ShiftIn], list[PeerIn], list[RequestIn]]:
    rng = random.Random(seed)
    slots = [5] * size.shifts
    for _ in range(size.shifts * 2):  # vary sizes while keeping the total at five a shift
        a, b = rng.randrange(size.shifts), rng.randrange(size.shifts)
        if slots[a] > 1 and slots[b] < 10:
            slots[a] -= 1
            slots[b] += 1
    shifts = []
    for i in range(size.shifts):
        day = i % 7
        start = day * 1440 + rng.choice([7, 8, 9, 10, 12, 13, 14, 16, 18]) * 60
        length = rng.choice([180, 240, 240, 300, 360])
        shifts.append(
            ShiftIn(
                id=i + 1,
                start=start,
                end=start + length,
                slots=slots[i],
                paired=rng.random() < 0.1,
                entry_level=rng.random() < 0.3,
                label=f"shift {i + 1}",
            )
        )
    # A few keen peers ask for a lot and ask first; most ask for two or three shifts.
    weights = [rng.paretovariate(1.3) for _ in range(size.peers)]
    total = sum(weights)
    wanted = [max(1, min(25, round(w / total * size.requests))) for w in weights]
    while sum(wanted) > size.requests:
        j = rng.randrange(size.peers)
        if wanted[j] > 1:
            wanted[j] -= 1
    while sum(wanted) < size.requests:
        j = rng.randrange(size.peers)
        if wanted[j] < 25:
            wanted[j] += 1
    peers = []
    for i in range(size.peers):
        keen = wanted[i] >= 8
        recent = rng.uniform(30, 90) if keen else rng.uniform(0, 30)
        headroom = rng.choice([10_000, 15_000, 20_000]) if rng.random() < 0.2 else None
        peers.append(
            PeerIn(
                id=i + 1, recent_hours=round(recent, 1), is_new=rng.random() < 0.15, headroom_cents=headroom
            )
        )
    entries = []
    for i, n in enumerate(wanted):
        for shift_id in rng.sample(range(1, size.shifts + 1), n):
            # Keen peers are at the sheet first.
            arrival = rng.random() * (0.3 if n >= 8 else 1.0)
            entries.append((arrival, i + 1, shift_id))
    entries.sort()
    requests = []
    for rid, (_, peer_id, shift_id) in enumerate(entries, start=1):
        hours = shifts[shift_id - 1].minutes / 60
        requests.append(
            RequestIn(
                id=rid,
                peer_id=peer_id,
                shift_id=shift_id,
                rank=rng.choice([None, None, 1, 2, 3]),
                earnings_cents=int(hours * 2500),
                ineligible="needs_certification" if rng.random() < 0.05 else None,
            )
        )
    return shifts, peers, requests


class _StopAt(cp_model.CpSolverSolutionCallback):
    """Stops the search once a solution reaches ``target``, a bound no plan can beat."""

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target

    def on_solution_callback(self) -> None:
        if self.objective_value >= self.target:
            self.stop_search()


def independent_max_fill(
    shifts: list[ShiftIn], peers: list[PeerIn], requests: list[RequestIn], policy: Policy, hint: set[int]
) -> tuple[int, bool]:
    """The most places any plan can fill, and whether that is proved, from a fill-only CP-SAT model
    written here from the rules, apart from the engine's code. Proved when the solver proves it or
    reaches a count no plan can beat: each shift filled by everyone who could work it alone."""
    shift_by_id = {s.id: s for s in shifts}
    peer_by_id = {p.id: p for p in peers}
    model = cp_model.CpModel()
    x: dict[int, cp_model.IntVar] = {}
    mine: dict[int, list[RequestIn]] = defaultdict(list)
    asked: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for r in requests:
        shift, peer = shift_by_id.get(r.shift_id), peer_by_id.get(r.peer_id)
        if r.ineligible or shift is None or peer is None or peer.commitments:
            continue  # the synthetic weeks hold no earlier commitments
        limit = weekly_limit(policy, peer)
        if (limit is not None and shift.minutes > limit) or (
            peer.headroom_cents is not None and r.earnings_cents > peer.headroom_cents
        ):
            continue
        x[r.id] = model.new_bool_var(f"x{r.id}")
        model.add_hint(x[r.id], r.id in hint)
        mine[r.peer_id].append(r)
        asked[r.shift_id].append(x[r.id])
    count_bound = 0
    for shift_id, xs in asked.items():
        shift = shift_by_id[shift_id]
        places = shift.slots - shift.slots % 2 if shift.paired else shift.slots
        most = min(places, len(xs))
        count_bound += most - most % 2 if shift.paired else most
        if shift.paired:
            model.add(sum(xs) == 2 * model.new_int_var(0, shift.slots // 2, f"pairs{shift_id}"))
        model.add(sum(xs) <= places)
    rest = policy.min_rest_minutes
    for peer_id, rs in mine.items():
        for i, a in enumerate(rs):
            sa = shift_by_id[a.shift_id]
            for b in rs[i + 1 :]:
                sb = shift_by_id[b.shift_id]
                if sa.start < sb.end + rest and sb.start < sa.end + rest:  # overlap or too little rest
                    model.add_bool_or([x[a.id].Not(), x[b.id].Not()])
        peer = peer_by_id[peer_id]
        limit = weekly_limit(policy, peer)
        if limit is not None:
            model.add(sum(shift_by_id[r.shift_id].minutes * x[r.id] for r in rs) <= limit)
        if peer.headroom_cents is not None:
            model.add(sum(r.earnings_cents * x[r.id] for r in rs) <= peer.headroom_cents)
    model.maximize(sum(x.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = FILL_SECONDS
    solver.parameters.linearization_level = 2
    status = solver.solve(model, _StopAt(count_bound))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, False
    best = round(solver.objective_value)
    return best, status == cp_model.OPTIMAL or best >= count_bound


def fill_figures(
    shifts: list[ShiftIn], peers: list[PeerIn], requests: list[RequestIn], policy: Policy, result: Result
) -> str:
    """fill=F max_fill=M equity_gap_pct=E for one plan."""
    most, proved = independent_max_fill(shifts, peers, requests, policy, result.assigned)
    equity, bound = equity_and_bound(shifts, peers, requests, result.assigned, seed=SEED, policy=policy)
    gap = max(0.0, (bound - equity) / bound * 100) if bound > 0 else 0.0
    return f"fill={result.filled} max_fill={most}{'' if proved else '?'} equity_gap_pct={gap:.3f}"


def main() -> None:
    shifts, peers, requests = synthetic_week(SEED)
    policy = Policy()
    result = allocate(shifts, peers, requests, seed=SEED, policy=policy)
    long_policy = replace(policy, workers=2, deterministic_time=10_000.0, max_seconds=LONG_SECONDS)
    reference = allocate(shifts, peers, requests, seed=SEED, policy=long_policy)
    bound = min(reference.best_bound, result.best_bound)
    gap = max(0.0, (bound - result.objective) / bound * 100) if bound > 0 else 0.0
    ours = gini(list(hours_by_peer(shifts, peers, requests, result.assigned).values()))
    fcfs = gini(
        list(
            hours_by_peer(shifts, peers, requests, first_come_first_served(shifts, peers, requests)).values()
        )
    )
    print(
        f"allocation: peers={len(peers)} slots={sum(s.slots for s in shifts)} requests={len(requests)} "
        f"seconds={result.seconds:.2f} gap_to_optimum_pct={gap:.3f} gini={ours:.3f} fcfs_gini={fcfs:.3f} "
        + fill_figures(shifts, peers, requests, policy, result)
    )
    shifts, peers, requests = synthetic_week(SEED, REGIONAL)
    result = allocate(shifts, peers, requests, seed=SEED, policy=policy)
    print(
        f"allocation_regional: peers={len(peers)} slots={sum(s.slots for s in shifts)} "
        f"requests={len(requests)} seconds={result.seconds:.2f} "
        + fill_figures(shifts, peers, requests, policy, result)
    )


if __name__ == "__main__":
    main()
