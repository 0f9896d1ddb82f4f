"""The planner's next-stage places: a stage reached only through stretch work, with and without places."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from peerwork.planner.model import ACTIVE, Params, simulate
from peerwork.planner.services import scenario_params, scenario_save
from tests.insights import factories as f


def params(next_places: float) -> Params:
    return Params(
        stage_names=["Peer worker", "Senior peer", "Peer lead"],
        places_per_week=[20, 0, 0],  # no shifts whose lowest stage is Senior peer or Peer lead
        arrivals_per_week=1,
        shifts_wanted_per_week=1.2,
        attendance=0.9,
        shift_hours=4,
        promotion_hours=[0, 0],
        promotion_weeks=[200, 4],
        break_chance=0.0,
        return_chance=0.2,
        leave_chance=0.0,
        new_peer_share=0.2,
        next_stage_places_per_week=[0, 0, next_places],
        next_stage_named=[False, False, True],  # a Team lead role develops Peer lead
        initial=[{"status": ACTIVE, "stage": 1, "hours": 300, "weeks": 10} for _ in range(12)],
    )


def test_next_stage_places_shorten_the_time_at_the_stage_below():
    starved = simulate(params(0.0), runs=80, weeks=26, capacity=60, seed=3)
    remedied = simulate(params(3.0), runs=80, weeks=26, capacity=60, seed=3)
    # Nobody reaches Peer lead without places; with three a week, most of the twelve do.
    assert starved.promotions.sum() == 0
    assert remedied.promotions.sum() / 80 >= 10
    senior_starved = starved.bands()["time_at_stage"][1]["p50"][-1]
    senior_remedied = remedied.bands()["time_at_stage"][1]["p50"][-1]
    assert senior_starved == 36.0  # ten weeks before plus the 26 simulated, all still there
    assert senior_remedied < senior_starved / 2


def test_a_what_if_adds_next_stage_places_and_refuses_a_negative_number(org_a):
    org = org_a.org
    stages = f.ladder(org, ("Peer worker", "Senior peer", "Peer lead"))
    with pytest.raises(ValidationError) as error:
        scenario_save(
            organisation=org,
            name="Bad",
            places_per_week={},
            next_stage_places_per_week={str(stages[2].pk): -1},
        )
    assert error.value.message_dict["next_stage_places_per_week"] == [
        "Shifts per week at “Peer lead” cannot be negative: enter 0 or more."
    ]
    scenario = scenario_save(
        organisation=org,
        name="Peer-lead work",
        places_per_week={},
        next_stage_places_per_week={str(stages[2].pk): 4},
    )
    changed = scenario_params(scenario, params(0.0))
    assert changed.next_stage_places_per_week == [0, 0, 4.0]


def hours_bound(next_places: float) -> Params:
    """Twelve senior peers (stage 1) with more Senior-peer places than they ask for (about one shift
    a week) and Peer-lead places waiting: only the 500-hour rule holds them back."""
    return Params(
        stage_names=["Peer worker", "Senior peer", "Peer lead"],
        places_per_week=[20, 40, 10],
        arrivals_per_week=0,
        shifts_wanted_per_week=1.2,
        attendance=0.9,
        shift_hours=4,
        promotion_hours=[0, 500],
        promotion_weeks=[200, 4],
        break_chance=0.0,
        return_chance=0.2,
        leave_chance=0.0,
        new_peer_share=0.2,
        next_stage_places_per_week=[0, 0, next_places],
        next_stage_named=[False, False, True],
        initial=[{"status": ACTIVE, "stage": 1, "hours": 300, "weeks": 10} for _ in range(12)],
    )


def _median_weeks_to_peer_lead(next_places: float) -> float:
    """The week (median over runs) by which half of the twelve have moved up to Peer lead."""
    outcome = simulate(hours_bound(next_places), runs=60, weeks=78, capacity=40, seed=5)
    moved = outcome.promotions.cumsum(axis=1)
    half = np.argmax(moved >= 6, axis=1).astype(float)
    half[moved[:, -1] < 6] = np.inf
    return float(np.median(half))


def test_stretch_places_add_hours_so_more_of_them_shorten_the_time_to_the_next_stage():
    """Ordinary shifts already meet what the seniors ask for, so only stretch shifts worked on top
    add hours: 200 more hours at about 4.3 a week take some 46 weeks without them."""
    weeks = [_median_weeks_to_peer_lead(n) for n in (0.0, 3.0, 6.0, 12.0)]
    assert 40 <= weeks[0] <= 50
    assert weeks[0] > weeks[1] > weeks[2] > weeks[3]
    assert weeks[3] < weeks[0] * 0.7


def test_stretch_work_nobody_can_take_changes_no_run():
    """Stretch work has its own random draws: places towards Senior peer, with nobody at Peer worker
    to take them, leave every run exactly as it was without them."""
    plain = simulate(hours_bound(0.0), runs=10, weeks=20, capacity=40, seed=9)
    params = hours_bound(0.0)
    params.next_stage_places_per_week = [0, 5, 0]
    idle = simulate(params, runs=10, weeks=20, capacity=40, seed=9)
    assert (plain.time_at_stage == idle.time_at_stage).all()
    assert (plain.promotions == idle.promotions).all()
