"""The fair-allocation engine: who gets which requested shift, and why (OR-Tools CP-SAT).

Works on plain in-memory inputs (no database), so the benchmark and the tests can feed it
synthetic weeks. ``selectors.allocation_inputs`` builds the inputs from the database and
``services.allocation_run`` stores the result.

Hard rules: eligibility (decided before, passed in as a reason), at most the shift's places,
no overlapping shifts, a minimum rest between a peer's shifts, a weekly hours limit, the
peer's earnings headroom, and pairs for paired roles.

Objective, in order: fill every requested place that can be filled, exactly: phase one
(``allocation_fill.py``) finds the most places any plan fills and proves it, phase two keeps
to that number. Among the fullest plans, by weights far apart ("lexicographic-ish"): the share
of a stretch role's places kept for peers at the stage below (``stretch.py``) ≫ equity (the
next shift is worth more to a peer with fewer hours in the last four weeks and this week; a
mentor with their mentee on a paired shift weighs in here, see mentor_pairs.py) ≫ the share of
entry-level places kept for new peers ≫ the peer's own ranking ≫ a tie-break drawn from the
recorded seed. The search is deterministic: one fixed worker count, the seed, and a
deterministic (not wall-clock) time limit that the two phases share.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from . import allocation_fill, mentor_pairs, stretch
from .stretch import Stretch

W_FILL = 1_000_000
W_EQUITY = 10_000
EQUITY_SCALE_HOURS = 8.0
# Hours this week count in full, hours of the four weeks before at this weight: equity spreads
# this week's places first and leans towards those who had fewer hours lately.
RECENT_WEIGHT = 0.35
W_ENTRY = 400
W_RANK = 20
W_TIE = 9  # tie-break values are 0..W_TIE
# Phase one's CP-SAT solves (needed only when the flow and the chains of swaps do not already prove
# the most places) may spend up to this share of the deterministic time; phase two gets the rest.
FILL_BUDGET = 0.5

# Reason codes; ``reasons.py`` turns them into plain, translatable sentences.
ASSIGNED = "assigned"
INELIGIBLE = "ineligible"
OVERLAP = "overlap"
REST = "rest"
WEEKLY_LIMIT = "weekly_limit"
HEADROOM = "headroom"
FULL_EQUITY = "full_equity"
FULL_NEW_PEERS = "full_new_peers"
FULL_RANK = "full_rank"
FULL_DRAW = "full_draw"
PAIR = "pair"
NOT_CHOSEN = "not_chosen"
NO_REQUESTS = "no_requests"

FULL_CODES = frozenset({FULL_EQUITY, FULL_NEW_PEERS, FULL_RANK, FULL_DRAW})


@dataclass(frozen=True)
class ShiftIn:
    id: int
    start: int  # minutes from any common origin
    end: int
    slots: int
    paired: bool = False
    entry_level: bool = False
    label: str = ""
    develops: Stretch | None = None  # a stretch role's shift: the stage it develops (stretch.py)

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Commitment:
    """A shift the peer already holds this week (from an earlier, published allocation)."""

    start: int
    end: int
    earnings_cents: int = 0
    label: str = ""
    shift_id: int | None = None  # lets a single check leave out the shift it is asking about


@dataclass(frozen=True)
class PeerIn:
    id: int
    recent_hours: float = 0.0  # hours worked in the four weeks before
    is_new: bool = False  # in the first days of the programme (policy's new_peer_days)
    headroom_cents: int | None = None  # earnings still allowed this week; None is no limit
    commitments: tuple[Commitment, ...] = ()
    weekly_limit_minutes: int | None = None  # the peer's own limit (a benefit rule's hours); None is none
    # The benefit limit behind ``headroom_cents``/``weekly_limit_minutes`` (rule name, period), for reasons.
    limit_params: dict[str, Any] = field(default_factory=dict)
    mentor_id: int | None = None  # the peer's active mentor (mentor_pairs.py prefers them together)
    stage: int | None = None  # the order of the peer's stage on the ladder


@dataclass(frozen=True)
class RequestIn:
    id: int
    peer_id: int
    shift_id: int
    rank: int | None = None  # 1 = most wanted
    earnings_cents: int = 0
    ineligible: str | None = None  # a reason code when the peer may not work this shift
    ineligible_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Policy:
    min_rest_minutes: int = 8 * 60
    weekly_limit_minutes: int | None = 30 * 60
    entry_share: float = 0.3
    stretch_share: float = 0.0  # of a stretch shift's places, kept for the stage below (stretch.py)
    # One worker: reproducible by itself, and on a busy 2-core machine it beats two that compete.
    workers: int = 1
    deterministic_time: float = 0.4  # CP-SAT's deterministic time units, reproducible
    max_seconds: float = 30.0  # a safety net only; hitting it gives up determinism


def weekly_limit(policy: Policy, peer: PeerIn) -> int | None:
    """The tighter of the programme's weekly hours limit and the peer's own (from a benefit rule)."""
    limits = [m for m in (policy.weekly_limit_minutes, peer.weekly_limit_minutes) if m is not None]
    return min(limits) if limits else None


def hours_reason(policy: Policy, peer: PeerIn) -> tuple[str, dict[str, Any]]:
    """WEEKLY_LIMIT with the hours, and the benefit rule when it is the peer's own limit that binds."""
    limit = weekly_limit(policy, peer) or 0
    params: dict[str, Any] = {"hours": limit / 60}
    if peer.weekly_limit_minutes is not None and peer.weekly_limit_minutes == limit:
        params.update(peer.limit_params)
    return WEEKLY_LIMIT, params


def check_against_commitments(
    policy: Policy, peer: PeerIn, shift: ShiftIn, r: RequestIn
) -> tuple[str, dict[str, Any]] | None:
    """The one check of a requested shift against what the peer already holds: overlap, rest,
    weekly hours and earnings headroom. None when it fits. Every path that gives work asks it."""
    held = [c for c in peer.commitments if c.shift_id is None or c.shift_id != shift.id]
    for c in held:
        kind = _conflict(shift.start, shift.end, c.start, c.end, policy.min_rest_minutes)
        if kind:
            return kind, {"other": c.label, "rest_hours": policy.min_rest_minutes / 60}
    used = sum(c.end - c.start for c in held)
    limit = weekly_limit(policy, peer)
    if limit is not None and used + shift.minutes > limit:
        return hours_reason(policy, peer)
    if peer.headroom_cents is not None:
        earned = sum(c.earnings_cents for c in held)
        if earned + r.earnings_cents > peer.headroom_cents:
            return HEADROOM, dict(peer.limit_params)
    return None


@dataclass
class Decision:
    request_id: int
    outcome: str  # assigned | waitlisted | not_assigned | ineligible
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    waitlist_position: int | None = None


@dataclass
class Result:
    decisions: dict[int, Decision]
    waitlists: dict[int, list[int]]  # shift id → request ids in waitlist order
    status: str
    objective: int
    best_bound: float
    seconds: float
    binding: list[dict[str, Any]]
    # Phase one: the most places any plan can fill (the best found, when not proved), whether that
    # was proved, and what no plan can beat.
    max_fill: int
    max_fill_proved: bool
    fill_bound: int

    @property
    def assigned(self) -> set[int]:
        return {rid for rid, d in self.decisions.items() if d.outcome == "assigned"}

    @property
    def filled(self) -> int:
        return len(self.assigned)


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative values (0 = equal, towards 1 = concentrated)."""
    data = sorted(v for v in values if v >= 0)
    n = len(data)
    total = sum(data)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((i + 1) * v for i, v in enumerate(data))
    return (2 * weighted) / (n * total) - (n + 1) / n


def _conflict(a_start: int, a_end: int, b_start: int, b_end: int, rest: int) -> str | None:
    """OVERLAP, REST or None for two intervals worked by the same peer."""
    if a_start < b_end and b_start < a_end:
        return OVERLAP
    if a_start < b_end + rest and b_start < a_end + rest:
        return REST
    return None


class _Instance:
    """Indexes shared by the solver, the fill phase and the explanations."""

    entry_weight = W_ENTRY  # for allocation_fill's relaxation, which cannot import this module

    def __init__(
        self,
        shifts: Iterable[ShiftIn],
        peers: Iterable[PeerIn],
        requests: Iterable[RequestIn],
        policy: Policy,
        seed: int,
    ) -> None:
        self.policy = policy
        self.shifts = {s.id: s for s in shifts}
        self.peers = {p.id: p for p in peers}
        self.requests = sorted(requests, key=lambda r: r.id)
        rng = random.Random(seed)  # noqa: S311 - a reproducible tie-break, not a secret
        self.tie = {r.id: rng.randint(0, W_TIE) for r in self.requests}
        self.by_peer: dict[int, list[RequestIn]] = defaultdict(list)
        self.by_shift: dict[int, list[RequestIn]] = defaultdict(list)
        self.blocked: dict[int, tuple[str, dict[str, Any]]] = {}
        for r in self.requests:
            if r.ineligible:
                continue
            if r.shift_id not in self.shifts or r.peer_id not in self.peers:
                continue
            reason = self._blocked_by_commitments(r)
            if reason:
                self.blocked[r.id] = reason
                continue
            self.by_peer[r.peer_id].append(r)
            self.by_shift[r.shift_id].append(r)
        self.candidates = [r for rs in self.by_peer.values() for r in rs]
        self.by_id = {r.id: r for r in self.candidates}
        # What each peer may still take this week after what they hold; None is no limit.
        self.minutes_left: dict[int, int | None] = {}
        self.cents_left: dict[int, int | None] = {}
        for peer in self.peers.values():
            limit = weekly_limit(policy, peer)
            held = sum(c.end - c.start for c in peer.commitments)
            self.minutes_left[peer.id] = None if limit is None else limit - held
            earned = sum(c.earnings_cents for c in peer.commitments)
            self.cents_left[peer.id] = None if peer.headroom_cents is None else peer.headroom_cents - earned
        self._mean: dict[int, float] = {}
        self._committed: dict[int, float] = {}
        self.conflicts = self._clashing_pairs()
        self.clashes: dict[int, set[int]] = defaultdict(set)  # request → the same peer's that clash with it
        for a_id, b_id in self.conflicts:
            self.clashes[a_id].add(b_id)
            self.clashes[b_id].add(a_id)

    def _clashing_pairs(self) -> list[tuple[int, int]]:
        """Pairs of one peer's requests that overlap or leave too little rest between them."""
        pairs: list[tuple[int, int]] = []
        rest = self.policy.min_rest_minutes
        for rs in self.by_peer.values():
            ordered = sorted(rs, key=lambda r: (self.shifts[r.shift_id].start, r.id))
            for i, a in enumerate(ordered):
                sa = self.shifts[a.shift_id]
                for b in ordered[i + 1 :]:
                    sb = self.shifts[b.shift_id]
                    if sb.start >= sa.end + rest:
                        break
                    if _conflict(sa.start, sa.end, sb.start, sb.end, rest):
                        pairs.append((a.id, b.id))
        return pairs

    def _blocked_by_commitments(self, r: RequestIn) -> tuple[str, dict[str, Any]] | None:
        return check_against_commitments(self.policy, self.peers[r.peer_id], self.shifts[r.shift_id], r)

    def mean_hours(self, peer_id: int) -> float:
        if peer_id not in self._mean:
            rs = self.by_peer[peer_id]
            self._mean[peer_id] = sum(self.shifts[r.shift_id].minutes for r in rs) / 60 / max(1, len(rs))
        return self._mean[peer_id]

    def equity_value(self, peer_id: int, k: int) -> int:
        """Worth of the k-th (0-based) shift this week to the peer: less as their hours grow."""
        peer = self.peers[peer_id]
        if peer_id not in self._committed:
            self._committed[peer_id] = sum(c.end - c.start for c in peer.commitments) / 60
        hours = (
            RECENT_WEIGHT * peer.recent_hours + self._committed[peer_id] + 2 * k * self.mean_hours(peer_id)
        )
        return round(W_EQUITY * EQUITY_SCALE_HOURS / (EQUITY_SCALE_HOURS + max(0.0, hours)))

    def rank_value(self, r: RequestIn) -> int:
        if r.rank is None or r.rank <= 1:
            return 0
        return -W_RANK * (min(r.rank, 6) - 1)

    def request_value(self, r: RequestIn) -> int:
        return W_FILL + self.rank_value(r) + self.tie[r.id]

    def reserved(self, shift: ShiftIn) -> int:
        if not shift.entry_level or self.policy.entry_share <= 0:
            return 0
        return min(shift.slots, math.ceil(self.policy.entry_share * shift.slots))

    def capacity(self, shift: ShiftIn) -> int:
        return shift.slots - (shift.slots % 2) if shift.paired else shift.slots

    def priority(self, r: RequestIn, extra_hours: float = 0.0) -> tuple[float, int, int, int, int]:
        """Order for waitlists (and for who gives up a lone place on a paired shift): fewer hours, new
        peers, better rank, the draw."""
        peer = self.peers[r.peer_id]
        return (
            peer.recent_hours + extra_hours,
            0 if peer.is_new else 1,
            r.rank or 1,
            -self.tie[r.id],
            r.id,
        )


@dataclass(frozen=True)
class _Solved:
    chosen: set[int]
    status: str
    objective: int
    bound: float
    fill: allocation_fill.Fill


def _solve(inst: _Instance, seed: int) -> _Solved:
    """Phase one proves the most places any plan fills; phase two weighs the rest among the fullest plans."""
    policy = inst.policy
    started = time.perf_counter()
    fill = allocation_fill.most_places(
        inst,
        seed=seed,
        deterministic_time=policy.deterministic_time * FILL_BUDGET,
        max_seconds=policy.max_seconds,
    )
    model = cp_model.CpModel()
    x = allocation_fill.hard_rules(model, inst, fill.plan)
    filled = sum(x.values())
    if fill.proved:
        # Every fullest plan fills exactly this many, so the fill term is a constant: kept as an offset,
        # it leaves the solver the smaller numbers that tell the plans apart.
        model.add(filled == fill.best)
        offset = W_FILL * fill.best
    else:
        model.add(filled >= fill.best)  # the best found is the floor; filling more still counts most
        offset = 0
    objective = _objective_terms(model, inst, x, set(fill.plan))
    objective.extend(
        (inst.request_value(r) - (W_FILL if fill.proved else 0)) * x[r.id] for r in inst.candidates
    )
    model.maximize(sum(objective) + offset)
    solver = allocation_fill.new_solver(
        seed=seed,
        workers=policy.workers,
        deterministic_time=policy.deterministic_time - fill.deterministic_time,
        max_seconds=policy.max_seconds - (time.perf_counter() - started),
    )
    # Keep one LP worker for the bound and the cheap no-LP and neighbourhood searches, which
    # improve the hint fastest on these assignment models.
    for slow in ("max_lp", "reduced_costs", "quick_restart", "quick_restart_no_lp", "core", "pseudo_costs"):
        solver.parameters.ignore_subsolvers.append(slow)
    # The fill row spans every request: matching it against every other row in presolve would spend
    # seconds, and the whole budget, before the search starts.
    solver.parameters.find_big_linear_overlap = False
    solver.parameters.presolve_inclusion_work_limit = 0
    status = solver.solve(model)
    name = solver.status_name(status)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {rid for rid, var in x.items() if solver.boolean_value(var)}
        return _Solved(chosen, name, int(solver.objective_value), float(solver.best_objective_bound), fill)
    # No solution in time: phase one's plan keeps every rule and fills the most places found.
    return _Solved(set(fill.plan), name, 0, float("nan"), fill)


def _objective_terms(
    model: cp_model.CpModel, inst: _Instance, x: dict[int, Any], hint: set[int]
) -> list[Any]:
    """The stretch share, equity (with mentor pairs) and the entry share, hinted with ``hint``."""
    objective: list[Any] = []
    for shift_id, rs in inst.by_shift.items():
        shift = inst.shifts[shift_id]
        reserved = inst.reserved(shift)
        new_rs = [r for r in rs if inst.peers[r.peer_id].is_new]
        if reserved and new_rs:
            reserved = min(reserved, len(new_rs))
            short = model.new_int_var(0, reserved, f"short{shift_id}")
            model.add(short >= reserved - sum(x[r.id] for r in new_rs))
            model.add_hint(short, max(0, reserved - sum(1 for r in new_rs if r.id in hint)))
            objective.append(-W_ENTRY * short)
        objective.extend(stretch.share_terms(model, inst, shift, rs, x, hint))
    objective.extend(equity_terms(model, inst, x, hint))
    objective.extend(mentor_pairs.pair_terms(model, x, inst, hint))
    return objective


def equity_terms(model: cp_model.CpModel, inst: _Instance, x: dict[int, Any], hint: set[int]) -> list[Any]:
    """Equity: the k-th shift of a peer's week is worth less than the one before (concave)."""
    terms: list[Any] = []
    for peer_id, rs in inst.by_peer.items():
        if len(rs) == 1:
            terms.append(inst.equity_value(peer_id, 0) * x[rs[0].id])
            continue
        levels = [model.new_bool_var(f"z{peer_id}_{k}") for k in range(len(rs))]
        for k in range(1, len(levels)):
            model.add_implication(levels[k], levels[k - 1])
        model.add(sum(levels) == sum(x[r.id] for r in rs))
        held = sum(1 for r in rs if r.id in hint)
        for k, z in enumerate(levels):
            model.add_hint(z, k < held)
        terms.extend(inst.equity_value(peer_id, k) * z for k, z in enumerate(levels))
    return terms


def equity_and_bound(
    shifts: Iterable[ShiftIn],
    peers: Iterable[PeerIn],
    requests: Iterable[RequestIn],
    chosen: set[int],
    *,
    seed: int,
    policy: Policy | None = None,
) -> tuple[int, int]:
    """The equity term of ``chosen`` and a bound on it among the plans that fill as many places:
    the flow relaxation's optimum at that fill, which every such plan is a solution of. For the benchmark."""
    inst = _Instance(shifts, peers, requests, policy or Policy(), seed)
    held = Counter(inst.by_id[rid].peer_id for rid in chosen if rid in inst.by_id)
    value = sum(inst.equity_value(peer_id, k) for peer_id, n in held.items() for k in range(n))
    relaxed = allocation_fill.relax(inst, fill=held.total(), equity_only=True)
    return value, relaxed.value if relaxed is not None else value


def allocate(
    shifts: Iterable[ShiftIn],
    peers: Iterable[PeerIn],
    requests: Iterable[RequestIn],
    *,
    seed: int,
    policy: Policy | None = None,
) -> Result:
    """Allocate requested places and explain every request."""
    started = time.perf_counter()
    policy = policy or Policy()
    inst = _Instance(shifts, peers, requests, policy, seed)
    if inst.candidates:
        solved = _solve(inst, seed)
    else:
        solved = _Solved(set(), "OPTIMAL", 0, 0.0, allocation_fill.Fill(frozenset(), 0, 0, "OPTIMAL", 0.0))
    chosen = solved.chosen
    decisions, waitlists = _explain(inst, chosen)
    mentor_pairs.explain_pairs(inst, chosen, decisions)
    binding = _binding(inst, decisions)
    return Result(
        decisions=decisions,
        waitlists=waitlists,
        status=solved.status,
        objective=solved.objective,
        best_bound=solved.bound,
        seconds=time.perf_counter() - started,
        binding=binding,
        max_fill=solved.fill.best,
        max_fill_proved=solved.fill.proved,
        fill_bound=solved.fill.bound,
    )


def _explain(inst: _Instance, chosen: set[int]) -> tuple[dict[int, Decision], dict[int, list[int]]]:
    """A decision and a plain reason for every request, and each shift's waitlist order."""
    policy = inst.policy
    decisions: dict[int, Decision] = {}
    by_id = {r.id: r for r in inst.requests}
    held: dict[int, list[RequestIn]] = defaultdict(list)
    for rid in chosen:
        held[by_id[rid].peer_id].append(by_id[rid])
    held_minutes = {p: sum(inst.shifts[r.shift_id].minutes for r in rs) for p, rs in held.items()}
    held_earned = {p: sum(r.earnings_cents for r in rs) for p, rs in held.items()}
    filled: dict[int, list[RequestIn]] = defaultdict(list)
    for rid in chosen:
        filled[by_id[rid].shift_id].append(by_id[rid])
    waiting: dict[int, list[RequestIn]] = defaultdict(list)
    code: str | None

    for r in inst.requests:
        if r.id in chosen:
            decisions[r.id] = Decision(r.id, "assigned", ASSIGNED)
            continue
        if r.ineligible:
            decisions[r.id] = Decision(r.id, "ineligible", r.ineligible, dict(r.ineligible_params))
            continue
        if r.id in inst.blocked:
            blocked_code, blocked_params = inst.blocked[r.id]
            decisions[r.id] = Decision(r.id, "not_assigned", blocked_code, blocked_params)
            continue
        if r.shift_id not in inst.shifts or r.peer_id not in inst.peers:
            decisions[r.id] = Decision(r.id, "not_assigned", NOT_CHOSEN)
            continue
        shift = inst.shifts[r.shift_id]
        peer = inst.peers[r.peer_id]
        code, params = _personal_block(inst, r, shift, held.get(peer.id, []))
        if code is None:
            limit = weekly_limit(policy, peer)
            peer_minutes = held_minutes.get(peer.id, 0) + sum(c.end - c.start for c in peer.commitments)
            peer_earned = held_earned.get(peer.id, 0) + sum(c.earnings_cents for c in peer.commitments)
            if limit is not None and peer_minutes + shift.minutes > limit:
                code, params = hours_reason(policy, peer)
            elif peer.headroom_cents is not None and peer_earned + r.earnings_cents > peer.headroom_cents:
                code, params = HEADROOM, dict(peer.limit_params)
        if code is not None:
            decisions[r.id] = Decision(r.id, "not_assigned", code, params)
            continue
        if len(filled[shift.id]) >= inst.capacity(shift):
            waiting[shift.id].append(r)
            continue
        if shift.paired:
            decisions[r.id] = Decision(r.id, "not_assigned", PAIR)
        else:
            decisions[r.id] = Decision(r.id, "not_assigned", NOT_CHOSEN)

    def hours_now(req: RequestIn) -> float:
        return held_minutes.get(req.peer_id, 0) / 60

    waitlists: dict[int, list[int]] = {}
    for shift_id, rs in waiting.items():
        shift = inst.shifts[shift_id]
        winners = filled[shift_id]
        ordered = sorted(rs, key=lambda req: inst.priority(req, hours_now(req)))
        waitlists[shift_id] = [req.id for req in ordered]
        for position, req in enumerate(ordered, start=1):
            peer = inst.peers[req.peer_id]
            mine = peer.recent_hours + hours_now(req)
            code = FULL_DRAW
            # Winners' hours without this shift, against the waiting peer's.
            if any(
                inst.peers[w.peer_id].recent_hours + hours_now(w) - shift.minutes / 60 < mine for w in winners
            ):
                code = FULL_EQUITY
            elif not peer.is_new and shift.entry_level and any(inst.peers[w.peer_id].is_new for w in winners):
                code = FULL_NEW_PEERS
            elif any((w.rank or 1) < (req.rank or 1) for w in winners):
                code = FULL_RANK
            decisions[req.id] = Decision(
                req.id, "waitlisted", code, {"position": position}, waitlist_position=position
            )
    stretch.explain(inst, chosen, decisions)
    return decisions, waitlists


def _personal_block(
    inst: _Instance, r: RequestIn, shift: ShiftIn, mine: list[RequestIn]
) -> tuple[str | None, dict[str, Any]]:
    rest = inst.policy.min_rest_minutes
    for other in mine:
        o = inst.shifts[other.shift_id]
        kind = _conflict(shift.start, shift.end, o.start, o.end, rest)
        if kind:
            return kind, {"other": o.label, "rest_hours": rest / 60}
    return None, {}


def _binding(inst: _Instance, decisions: dict[int, Decision]) -> list[dict[str, Any]]:
    """Which rules kept places empty: per reason, how many places stayed open because of it."""
    assigned: dict[int, int] = defaultdict(int)
    asked: dict[int, list[Decision]] = defaultdict(list)
    by_id = {r.id: r for r in inst.requests}
    for d in decisions.values():
        shift_id = by_id[d.request_id].shift_id
        asked[shift_id].append(d)
        if d.outcome == "assigned":
            assigned[shift_id] += 1
    counts: dict[str, int] = defaultdict(int)
    for shift in inst.shifts.values():
        empty = shift.slots - assigned[shift.id]
        if empty <= 0:
            continue
        causes = [d.reason for d in asked[shift.id] if d.outcome in ("not_assigned", "ineligible")]
        if not asked[shift.id]:
            counts[NO_REQUESTS] += empty
            continue
        if not causes:
            counts[PAIR if shift.paired else NO_REQUESTS] += empty
            continue
        # Charge each empty place to the most common reason among those turned away.
        for code, n in sorted(_tally(causes).items(), key=lambda kv: (-kv[1], kv[0])):
            take = min(empty, n)
            counts[code] += take
            empty -= take
            if empty == 0:
                break
        if empty:
            counts[NO_REQUESTS] += empty
    return [{"code": code, "places": n} for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _tally(codes: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for c in codes:
        out[c] += 1
    return out


def first_come_first_served(
    shifts: Iterable[ShiftIn],
    peers: Iterable[PeerIn],
    requests: Iterable[RequestIn],
    *,
    policy: Policy | None = None,
) -> set[int]:
    """The sign-up sheet: requests in the order they came, each taken if it still fits the rules."""
    policy = policy or Policy()
    shift_by_id = {s.id: s for s in shifts}
    peer_by_id = {p.id: p for p in peers}
    taken: dict[int, int] = defaultdict(int)
    held: dict[int, list[ShiftIn]] = defaultdict(list)
    chosen: set[int] = set()
    for r in sorted(requests, key=lambda r: r.id):
        if r.ineligible or r.shift_id not in shift_by_id or r.peer_id not in peer_by_id:
            continue
        shift = shift_by_id[r.shift_id]
        if taken[shift.id] >= shift.slots:
            continue
        mine = held[r.peer_id]
        if any(_conflict(shift.start, shift.end, o.start, o.end, policy.min_rest_minutes) for o in mine):
            continue
        limit = policy.weekly_limit_minutes
        if limit is not None and sum(o.minutes for o in mine) + shift.minutes > limit:
            continue
        chosen.add(r.id)
        taken[shift.id] += 1
        mine.append(shift)
    return chosen


def hours_by_peer(
    shifts: Iterable[ShiftIn], peers: Iterable[PeerIn], requests: Iterable[RequestIn], chosen: set[int]
) -> dict[int, float]:
    """Hours each requesting peer gets under ``chosen`` (0 for those who get nothing)."""
    shift_by_id = {s.id: s for s in shifts}
    reqs = list(requests)
    hours: dict[int, float] = {r.peer_id: 0.0 for r in reqs}
    for r in reqs:
        if r.id in chosen:
            hours[r.peer_id] += shift_by_id[r.shift_id].minutes / 60
    return hours
