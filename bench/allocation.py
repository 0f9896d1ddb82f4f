"""Benchmark the fair-allocation engine on a synthetic week (no database needed).

2,000 peers, 600 shifts with 3,000 places, 10,000 requests. Prints one line:
allocation: peers=2000 slots=3000 requests=10000 seconds=S gap_to_optimum_pct=G gini=X fcfs_gini=Y
G compares the objective with CP-SAT's best bound from a long run on the same instance;
Y is the Gini of hours under first-come-first-served on the same requests.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")

import django

django.setup()

from peerwork.shifts.allocation import (  # noqa: E402
    PeerIn,
    Policy,
    RequestIn,
    ShiftIn,
    allocate,
    first_come_first_served,
    gini,
    hours_by_peer,
)

PEERS, SHIFTS, SLOTS, REQUESTS = 2000, 600, 3000, 10000
SEED = 4242
LONG_SECONDS = float(os.environ.get("BENCH_LONG_SECONDS", "60"))


def synthetic_week(seed: int) -> tuple[list[ShiftIn], list[PeerIn], list[RequestIn]]:
    rng = random.Random(seed)
    slots = [5] * SHIFTS
    for _ in range(SHIFTS * 2):  # vary sizes while keeping the total at 3,000
        a, b = rng.randrange(SHIFTS), rng.randrange(SHIFTS)
        if slots[a] > 1 and slots[b] < 10:
            slots[a] -= 1
            slots[b] += 1
    shifts = []
    for i in range(SHIFTS):
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
    weights = [rng.paretovariate(1.3) for _ in range(PEERS)]
    total = sum(weights)
    wanted = [max(1, min(25, round(w / total * REQUESTS))) for w in weights]
    while sum(wanted) > REQUESTS:
        j = rng.randrange(PEERS)
        if wanted[j] > 1:
            wanted[j] -= 1
    while sum(wanted) < REQUESTS:
        j = rng.randrange(PEERS)
        if wanted[j] < 25:
            wanted[j] += 1
    peers = []
    for i in range(PEERS):
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
        for shift_id in rng.sample(range(1, SHIFTS + 1), n):
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
        f"seconds={result.seconds:.2f} gap_to_optimum_pct={gap:.3f} gini={ours:.3f} fcfs_gini={fcfs:.3f}"
    )


if __name__ == "__main__":
    main()
