"""The allocation engine's promises, on plain in-memory weeks (no database)."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import pytest

from peerwork.shifts import allocation as A
from peerwork.shifts.reasons import reason_text


def random_week(seed: int, peers: int = 30, shifts: int = 25, requests: int = 140):
    rng = random.Random(seed)
    shift_in = []
    for i in range(shifts):
        day = rng.randrange(7)
        start = day * 1440 + rng.choice([8, 10, 12, 14, 18]) * 60
        shift_in.append(
            A.ShiftIn(
                id=i + 1,
                start=start,
                end=start + rng.choice([180, 240, 360]),
                slots=rng.randint(1, 4),
                paired=rng.random() < 0.25,
                entry_level=rng.random() < 0.3,
                label=f"s{i + 1}",
            )
        )
    peer_in = [
        A.PeerIn(
            id=p + 1,
            recent_hours=rng.uniform(0, 60),
            is_new=rng.random() < 0.2,
            headroom_cents=rng.choice([None, None, 20_000, 40_000]),
            weekly_limit_minutes=rng.choice([None, None, None, 8 * 60]),
        )
        for p in range(peers)
    ]
    pairs = set()
    while len(pairs) < requests:
        pairs.add((rng.randint(1, peers), rng.randint(1, shifts)))
    request_in = [
        A.RequestIn(
            id=i + 1,
            peer_id=p,
            shift_id=s,
            rank=rng.choice([None, 1, 2, 3]),
            earnings_cents=rng.choice([8_000, 12_000]),
            ineligible="needs_certification" if rng.random() < 0.1 else None,
            ineligible_params={"course": "Naloxone"},
        )
        for i, (p, s) in enumerate(sorted(pairs))
    ]
    return shift_in, peer_in, request_in


POLICY = A.Policy(min_rest_minutes=8 * 60, weekly_limit_minutes=12 * 60, entry_share=0.5, workers=1)


def assert_hard_rules(shifts, peers, requests, result, policy=POLICY):
    shift_by_id = {s.id: s for s in shifts}
    peer_by_id = {p.id: p for p in peers}
    chosen = [r for r in requests if r.id in result.assigned]
    per_shift = defaultdict(int)
    per_peer = defaultdict(list)
    for r in chosen:
        assert r.ineligible is None, "an ineligible request was assigned"
        per_shift[r.shift_id] += 1
        per_peer[r.peer_id].append(r)
    for shift_id, n in per_shift.items():
        shift = shift_by_id[shift_id]
        assert n <= shift.slots
        if shift.paired:
            assert n % 2 == 0, "a paired shift got an odd number of peers"
    for peer_id, rs in per_peer.items():
        spans = sorted((shift_by_id[r.shift_id].start, shift_by_id[r.shift_id].end) for r in rs)
        for (_a_start, a_end), (b_start, _) in itertools.pairwise(spans):
            assert b_start >= a_end + policy.min_rest_minutes, "overlap or too little rest"
        minutes = sum(end - start for start, end in spans)
        assert minutes <= A.weekly_limit(policy, peer_by_id[peer_id]), "weekly hours limit exceeded"
        headroom = peer_by_id[peer_id].headroom_cents
        if headroom is not None:
            assert sum(r.earnings_cents for r in rs) <= headroom, "earnings headroom exceeded"


@pytest.mark.parametrize("seed", range(6))
def test_hard_rules_are_never_broken(seed):
    shifts, peers, requests = random_week(seed)
    result = A.allocate(shifts, peers, requests, seed=seed, policy=POLICY)
    assert_hard_rules(shifts, peers, requests, result)


def test_every_request_gets_an_outcome_and_a_plain_reason():
    shifts, peers, requests = random_week(11)
    result = A.allocate(shifts, peers, requests, seed=3, policy=POLICY)
    assert set(result.decisions) == {r.id for r in requests}
    for decision in result.decisions.values():
        assert decision.outcome in {"assigned", "waitlisted", "not_assigned", "ineligible"}
        text = reason_text(decision.reason, decision.params)
        assert text and "%(" not in text
        if decision.outcome == "waitlisted":
            assert decision.waitlist_position >= 1
            assert "on the waitlist" in text
    for _shift_id, order in result.waitlists.items():
        positions = [result.decisions[rid].waitlist_position for rid in order]
        assert positions == list(range(1, len(order) + 1))


def test_same_seed_same_plan_and_reasons():
    shifts, peers, requests = random_week(5)
    first = A.allocate(shifts, peers, requests, seed=99, policy=POLICY)
    second = A.allocate(shifts, peers, requests, seed=99, policy=POLICY)
    assert first.assigned == second.assigned
    assert {k: (d.outcome, d.reason, d.waitlist_position) for k, d in first.decisions.items()} == {
        k: (d.outcome, d.reason, d.waitlist_position) for k, d in second.decisions.items()
    }


def test_the_seed_breaks_ties_between_equal_peers():
    shifts = [A.ShiftIn(id=1, start=0, end=240, slots=1, label="one place")]
    peers = [A.PeerIn(id=p) for p in range(1, 9)]
    requests = [A.RequestIn(id=p, peer_id=p, shift_id=1) for p in range(1, 9)]
    winners = {next(iter(A.allocate(shifts, peers, requests, seed=s).assigned)) for s in range(12)}
    assert len(winners) > 1  # different seeds pick different winners among equals
    waitlisted = A.allocate(shifts, peers, requests, seed=1).decisions
    assert sum(1 for d in waitlisted.values() if d.reason == A.FULL_DRAW) == 7


def test_fewer_recent_hours_wins_the_place_and_the_other_is_told_why():
    shifts = [A.ShiftIn(id=1, start=0, end=240, slots=1, label="Outreach Mon")]
    peers = [A.PeerIn(id=1, recent_hours=40), A.PeerIn(id=2, recent_hours=2)]
    requests = [A.RequestIn(id=1, peer_id=1, shift_id=1), A.RequestIn(id=2, peer_id=2, shift_id=1)]
    result = A.allocate(shifts, peers, requests, seed=7)
    assert result.assigned == {2}
    loser = result.decisions[1]
    assert (loser.outcome, loser.reason, loser.waitlist_position) == ("waitlisted", A.FULL_EQUITY, 1)
    assert reason_text(loser.reason, loser.params) == (
        "The places went to peers with fewer hours this month. You are 1st on the waitlist."
    )


def test_headroom_keeps_a_peer_under_their_earnings_limit():
    shifts = [A.ShiftIn(id=i, start=i * 1440, end=i * 1440 + 240, slots=1) for i in range(1, 4)]
    peers = [A.PeerIn(id=1, headroom_cents=25_000)]
    requests = [A.RequestIn(id=i, peer_id=1, shift_id=i, earnings_cents=10_000) for i in range(1, 4)]
    result = A.allocate(shifts, peers, requests, seed=1)
    assert len(result.assigned) == 2
    refused = [d for d in result.decisions.values() if d.outcome != "assigned"]
    assert [d.reason for d in refused] == [A.HEADROOM]


def test_a_peers_own_hours_limit_is_kept_and_explained():
    shifts = [A.ShiftIn(id=i, start=i * 1440, end=i * 1440 + 240, slots=1) for i in range(1, 4)]
    peers = [A.PeerIn(id=1, weekly_limit_minutes=8 * 60)]  # e.g. a benefit rule's hours
    requests = [A.RequestIn(id=i, peer_id=1, shift_id=i) for i in range(1, 4)]
    result = A.allocate(shifts, peers, requests, seed=1)
    assert len(result.assigned) == 2
    refused = [d for d in result.decisions.values() if d.outcome != "assigned"]
    assert [(d.reason, d.params) for d in refused] == [(A.WEEKLY_LIMIT, {"hours": 8.0})]


def test_paired_role_fills_in_pairs_only():
    shifts = [A.ShiftIn(id=1, start=0, end=240, slots=3, paired=True, label="Needle recovery")]
    peers = [A.PeerIn(id=p) for p in range(1, 4)]
    requests = [A.RequestIn(id=p, peer_id=p, shift_id=1) for p in range(1, 4)]
    result = A.allocate(shifts, peers, requests, seed=2)
    assert len(result.assigned) == 2
    shifts = [A.ShiftIn(id=1, start=0, end=240, slots=2, paired=True, label="Needle recovery")]
    alone = A.allocate(shifts, peers[:1], requests[:1], seed=2)
    assert alone.assigned == set()
    assert alone.decisions[1].reason == A.PAIR


def test_rest_rule_and_overlap_are_explained():
    shifts = [
        A.ShiftIn(id=1, start=0, end=240, slots=1, label="early"),
        A.ShiftIn(id=2, start=120, end=360, slots=1, label="overlapping"),
        A.ShiftIn(id=3, start=480, end=600, slots=1, label="too soon"),
    ]
    peers = [A.PeerIn(id=1)]
    requests = [
        A.RequestIn(id=1, peer_id=1, shift_id=1, rank=1),
        A.RequestIn(id=2, peer_id=1, shift_id=2, rank=2),
        A.RequestIn(id=3, peer_id=1, shift_id=3, rank=3),
    ]
    result = A.allocate(shifts, peers, requests, seed=1)
    assert result.assigned == {1}
    assert result.decisions[2].reason == A.OVERLAP
    assert result.decisions[3].reason == A.REST
    assert "rest" in reason_text(A.REST, result.decisions[3].params)


def test_infeasible_demand_gives_a_partial_plan_and_names_the_binding_rules():
    shifts = [
        A.ShiftIn(id=1, start=0, end=240, slots=2, label="needs naloxone"),
        A.ShiftIn(id=2, start=300, end=540, slots=1, label="too close"),
        A.ShiftIn(id=3, start=2000, end=2240, slots=2, label="nobody asked"),
    ]
    peers = [A.PeerIn(id=1), A.PeerIn(id=2)]
    requests = [
        A.RequestIn(id=1, peer_id=1, shift_id=1),
        A.RequestIn(id=2, peer_id=2, shift_id=1, ineligible="needs_certification"),
        A.RequestIn(id=3, peer_id=1, shift_id=2),
    ]
    result = A.allocate(shifts, peers, requests, seed=1)
    assert len(result.assigned) == 1
    binding = {b["code"]: b["places"] for b in result.binding}
    assert binding == {"no_requests": 2, "needs_certification": 1, "rest": 1}


def test_new_peers_get_their_share_of_entry_level_places():
    shifts = [A.ShiftIn(id=1, start=0, end=240, slots=2, entry_level=True, label="Drop-in host")]
    peers = [
        A.PeerIn(id=1, recent_hours=5),
        A.PeerIn(id=2, recent_hours=5),
        A.PeerIn(id=3, recent_hours=5, is_new=True),
    ]
    requests = [A.RequestIn(id=p, peer_id=p, shift_id=1) for p in (1, 2, 3)]
    for seed in range(5):
        assert 3 in A.allocate(shifts, peers, requests, seed=seed, policy=A.Policy(entry_share=0.5)).assigned


def test_fairer_than_first_come_first_served():
    shifts, peers, requests = random_week(21, peers=40, shifts=30, requests=200)
    policy = A.Policy(weekly_limit_minutes=40 * 60, workers=1)
    result = A.allocate(shifts, peers, requests, seed=1, policy=policy)
    fcfs = A.first_come_first_served(shifts, peers, requests, policy=policy)
    ours = A.gini(list(A.hours_by_peer(shifts, peers, requests, result.assigned).values()))
    theirs = A.gini(list(A.hours_by_peer(shifts, peers, requests, fcfs).values()))
    assert ours <= theirs


def test_gini():
    assert A.gini([5, 5, 5]) == pytest.approx(0)
    assert A.gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert A.gini([]) == 0
