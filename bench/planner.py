"""Benchmark the planner's vectorised ladder model: 1,000 runs x 52 weeks x 500 peer places.

Prints one line:
planner: runs=1000 weeks=52 peers=500 seconds=S
(target S <= 3 on a 2-core machine). The median of three timed runs after a warm-up is shown.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("PEERWORK_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from peerwork.planner.model import ACTIVE, BREAK, WAITING, Params, simulate  # noqa: E402

RUNS, WEEKS, PEERS = 1000, 52, 500


def params() -> Params:
    statuses = [ACTIVE] * 7 + [BREAK, WAITING]
    initial = [
        {"status": statuses[i % len(statuses)], "stage": i % 4, "hours": float(i % 60), "weeks": i % 20}
        for i in range(250)
    ]
    return Params(
        stage_names=["Participant", "Trainee", "Peer worker", "Lead peer"],
        places_per_week=[90, 60, 40, 10],
        arrivals_per_week=5,
        shifts_wanted_per_week=1.4,
        attendance=0.88,
        shift_hours=4,
        promotion_hours=[20, 60, 200],
        promotion_weeks=[2, 8, 26],
        break_chance=0.03,
        return_chance=0.15,
        leave_chance=0.01,
        new_peer_share=0.25,
        cohort_size=10,
        cohort_every_weeks=13,
        initial=initial,
    )


def main() -> None:
    setup = params()
    simulate(setup, runs=50, weeks=WEEKS, capacity=PEERS, seed=1)
    timings = []
    for seed in range(3):
        started = time.perf_counter()
        simulate(setup, runs=RUNS, weeks=WEEKS, capacity=PEERS, seed=seed)
        timings.append(time.perf_counter() - started)
    print(f"planner: runs={RUNS} weeks={WEEKS} peers={PEERS} seconds={statistics.median(timings):.2f}")


if __name__ == "__main__":
    main()
