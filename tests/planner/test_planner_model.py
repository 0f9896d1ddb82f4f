"""The ladder model: the same seed gives the same forecast, bands are ordered, and places matter."""

from __future__ import annotations

import numpy as np

from peerwork.planner.model import ACTIVE, Params, simulate


def params(**changes) -> Params:  # type: ignore[no-untyped-def]
    base = Params(
        stage_names=["Participant", "Peer worker", "Lead"],
        places_per_week=[30, 12, 4],
        arrivals_per_week=2,
        shifts_wanted_per_week=1.2,
        attendance=0.9,
        shift_hours=4,
        promotion_hours=[24, 80],
        promotion_weeks=[4, 12],
        break_chance=0.03,
        return_chance=0.2,
        leave_chance=0.01,
        new_peer_share=0.2,
        initial=[{"status": ACTIVE, "stage": i % 3, "hours": 0, "weeks": 0} for i in range(30)],
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_the_same_seed_gives_the_same_forecast():
    one = simulate(params(), runs=60, weeks=20, capacity=120, seed=5)
    two = simulate(params(), runs=60, weeks=20, capacity=120, seed=5)
    assert np.array_equal(one.active_by_stage, two.active_by_stage)
    assert np.array_equal(one.promotions, two.promotions)
    assert one.bands() == two.bands()


def test_another_seed_gives_another_forecast():
    one = simulate(params(), runs=60, weeks=20, capacity=120, seed=5)
    two = simulate(params(), runs=60, weeks=20, capacity=120, seed=6)
    assert not np.array_equal(one.active_by_stage, two.active_by_stage)


def test_bands_are_ordered_ten_below_median_below_ninety():
    bands = simulate(params(), runs=200, weeks=30, capacity=150, seed=1).bands()
    for key in ("active_total", "waiting", "wait_weeks", "promotions", "stalled"):
        for low, mid, high in zip(bands[key]["p10"], bands[key]["p50"], bands[key]["p90"], strict=True):
            assert low <= mid <= high, key


def test_few_next_stage_places_mean_fewer_promotions_and_more_stalled_peers():
    scarce = simulate(params(places_per_week=[30, 0.5, 0.5]), runs=50, weeks=40, capacity=120, seed=2)
    plenty = simulate(params(places_per_week=[30, 30, 12]), runs=50, weeks=40, capacity=120, seed=2)
    assert scarce.promotions.sum() < plenty.promotions.sum() / 3
    assert scarce.stalled[:, -1].mean() > plenty.stalled[:, -1].mean()


def test_more_entry_places_shorten_the_wait_for_a_first_shift():
    few = simulate(
        params(places_per_week=[2, 12, 4], arrivals_per_week=4), runs=80, weeks=26, capacity=200, seed=3
    )
    many = simulate(
        params(places_per_week=[40, 12, 4], arrivals_per_week=4), runs=80, weeks=26, capacity=200, seed=3
    )
    assert many.waiting.mean() < few.waiting.mean()


def test_training_cohorts_bring_people_in():
    none = simulate(params(arrivals_per_week=0), runs=40, weeks=26, capacity=200, seed=4)
    cohorts = simulate(
        params(arrivals_per_week=0, cohort_size=10, cohort_every_weeks=8),
        runs=40,
        weeks=26,
        capacity=200,
        seed=4,
    )
    assert cohorts.active_by_stage.sum() > none.active_by_stage.sum()


def test_a_stage_without_shifts_of_its_own_is_reached_through_any_free_place():
    outcome = simulate(params(places_per_week=[60, 0, 0]), runs=50, weeks=40, capacity=120, seed=2)
    assert outcome.promotions.sum() > 0
