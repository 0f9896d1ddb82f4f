"""The engine prefers a mentor and their new peer together on a paired shift, and says so."""

from __future__ import annotations

import pytest

from peerwork.shifts import allocation as A
from peerwork.shifts.mentor_pairs import PAIRED_WITH_MENTEE, PAIRED_WITH_MENTOR
from peerwork.shifts.reasons import reason_text

MENTOR, MENTEE, OTHER, ANOTHER = 1, 2, 3, 4


def week(*, paired: bool = True, slots: int = 2, mentor_of_mentee: int | None = MENTOR, hours=None):
    hours = hours or {}
    shifts = [A.ShiftIn(id=1, start=600, end=840, slots=slots, paired=paired, label="Mon outreach")]
    peers = [
        A.PeerIn(id=MENTOR, recent_hours=hours.get(MENTOR, 4.0)),
        A.PeerIn(id=MENTEE, recent_hours=hours.get(MENTEE, 4.0), is_new=True, mentor_id=mentor_of_mentee),
        A.PeerIn(id=OTHER, recent_hours=hours.get(OTHER, 4.0)),
        A.PeerIn(id=ANOTHER, recent_hours=hours.get(ANOTHER, 4.0), is_new=True),
    ]
    # Request id = peer id, so the assertions read as people.
    requests = [A.RequestIn(id=p.id, peer_id=p.id, shift_id=1) for p in peers]
    return shifts, peers, requests


@pytest.mark.parametrize("seed", range(12))
def test_a_paired_shift_goes_to_the_mentor_and_their_mentee_whatever_the_draw(seed):
    result = A.allocate(*week(), seed=seed)

    assert result.assigned == {MENTOR, MENTEE}
    assert result.decisions[MENTEE].reason == PAIRED_WITH_MENTOR
    assert result.decisions[MENTOR].reason == PAIRED_WITH_MENTEE
    assert {result.decisions[OTHER].outcome, result.decisions[ANOTHER].outcome} == {"waitlisted"}


def test_without_the_pairing_the_draw_decides_so_the_preference_is_what_picks_them():
    picked = {frozenset(A.allocate(*week(mentor_of_mentee=None), seed=seed).assigned) for seed in range(12)}

    assert picked != {frozenset({MENTOR, MENTEE})}
    assert len(picked) > 1


def test_the_reason_reads_paired_with_their_mentor():
    result = A.allocate(*week(), seed=3)

    assert reason_text(result.decisions[MENTEE].reason) == "Assigned, paired with your mentor. See you there."
    assert reason_text(result.decisions[MENTOR].reason) == (
        "Assigned, paired with the new peer you mentor. See you there."
    )
    assert (
        reason_text(result.decisions[MENTEE].reason, name="Sam") == "Sam: assigned, paired with their mentor."
    )


def test_four_places_hold_the_pair_and_two_more():
    result = A.allocate(*week(slots=4), seed=1)

    assert result.assigned == {MENTOR, MENTEE, OTHER, ANOTHER}
    assert result.decisions[MENTEE].reason == PAIRED_WITH_MENTOR


def test_the_pair_wins_over_peers_who_had_some_work_lately_though_the_mentor_had_more():
    hours = {MENTOR: 60.0, MENTEE: 6.0, OTHER: 12.0, ANOTHER: 12.0}

    result = A.allocate(*week(hours=hours), seed=5)
    unpaired = A.allocate(*week(hours=hours, mentor_of_mentee=None), seed=5)

    assert result.assigned == {MENTOR, MENTEE}
    assert MENTOR not in unpaired.assigned  # on hours alone the mentor would not get it


def test_peers_who_had_next_to_no_work_keep_the_places():
    hours = {MENTOR: 30.0, MENTEE: 30.0, OTHER: 0.0, ANOTHER: 0.0}

    result = A.allocate(*week(hours=hours), seed=5)

    assert result.assigned == {OTHER, ANOTHER}
    assert result.decisions[MENTEE].reason == A.FULL_EQUITY


def test_a_role_not_worked_in_pairs_gets_no_mentor_preference():
    result = A.allocate(*week(paired=False, slots=2), seed=2)

    assert all(d.reason in (A.ASSIGNED, *A.FULL_CODES) for d in result.decisions.values())


def test_the_mentor_alone_asking_gets_no_bonus_and_no_pair_reason():
    shifts, peers, requests = week()
    requests = [r for r in requests if r.peer_id != MENTEE]

    result = A.allocate(shifts, peers, requests, seed=4)

    assert len(result.assigned) == 2
    assert PAIRED_WITH_MENTEE not in {d.reason for d in result.decisions.values()}
