"""The allocation keeps a share of next-stage (stretch) places for peers at the stage below, and says so."""

from __future__ import annotations

from peerwork.shifts import allocation as A
from peerwork.shifts.reasons import reason_text
from peerwork.shifts.stretch import ASSIGNED_STRETCH, FULL_STRETCH, Stretch

TEAM_LEAD = A.ShiftIn(
    id=1,
    start=600,
    end=840,
    slots=2,
    label="Team lead Mon 10:00",
    develops=Stretch(5, "Peer lead", "Senior peer"),
)
# Two peer workers and a peer lead with few hours; a senior peer (just below Peer lead) with many.
PEERS = [
    A.PeerIn(id=1, recent_hours=0.0, stage=3),
    A.PeerIn(id=2, recent_hours=2.0, stage=3),
    A.PeerIn(id=3, recent_hours=40.0, stage=4),
    A.PeerIn(id=4, recent_hours=4.0, stage=5),
]
REQUESTS = [A.RequestIn(id=10 + p.id, peer_id=p.id, shift_id=1) for p in PEERS]


def allocate(share: float) -> A.Result:
    policy = A.Policy(entry_share=0.0, stretch_share=share)
    return A.allocate([TEAM_LEAD], PEERS, REQUESTS, seed=7, policy=policy)


def test_half_the_places_are_kept_for_the_senior_peer_who_asked():
    result = allocate(0.5)
    outcome = {rid: (d.outcome, d.reason, d.waitlist_position) for rid, d in result.decisions.items()}
    assert outcome == {
        11: ("assigned", A.ASSIGNED, None),
        12: ("waitlisted", FULL_STRETCH, 1),
        13: ("assigned", ASSIGNED_STRETCH, None),
        14: ("waitlisted", FULL_STRETCH, 2),
    }
    senior = result.decisions[13]
    assert reason_text(senior.reason, senior.params) == (
        "Assigned to a place kept for peers at Senior peer who ask for work towards Peer lead. See you there."
    )
    waiting = result.decisions[12]
    assert reason_text(waiting.reason, waiting.params) == (
        "Some places on this shift are kept for peers at Senior peer who ask for work towards Peer lead. "
        "You are 1st on the waitlist."
    )


def test_without_a_kept_share_equity_passes_the_senior_peer_over():
    result = allocate(0.0)
    assert result.assigned == {11, 12}
    assert result.decisions[13].outcome == "waitlisted"
    assert result.decisions[13].reason == A.FULL_EQUITY


def test_an_ordinary_shift_keeps_nothing_for_anyone():
    plain = A.ShiftIn(id=1, start=600, end=840, slots=2, label="Outreach")
    result = A.allocate([plain], PEERS, REQUESTS, seed=7, policy=A.Policy(entry_share=0.0, stretch_share=0.5))
    assert result.assigned == {11, 12}
    assert {d.reason for d in result.decisions.values()} <= {A.ASSIGNED, A.FULL_EQUITY}


def test_the_share_never_leaves_a_place_empty_when_no_one_from_below_asks():
    others = [r for r in REQUESTS if r.peer_id != 3]
    result = A.allocate(
        [TEAM_LEAD], PEERS, others, seed=7, policy=A.Policy(entry_share=0.0, stretch_share=1.0)
    )
    assert result.assigned == {11, 12}
    assert all(d.reason != FULL_STRETCH for d in result.decisions.values())
