"""The allocation's first phase: the most places the hard rules let any plan fill, and a fair plan that does.

The engine fills every place it can before it weighs anything else (issue 20). A relaxation of the
hard rules that a min-cost flow solves exactly bounds the fill and proposes a fair plan; the plan is
repaired peer by peer, chains of swaps (augmenting paths, as in matching) bring it back to the most
places, and small exact CP-SAT solves settle what the chains miss. Both phases build their models
on ``hard_rules``, so the rules they keep cannot drift apart.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from . import stretch

if TYPE_CHECKING:  # the engine imports this module; these names are for the type checker only
    from .allocation import RequestIn, _Instance

# A neighbourhood solve frees this many peers around the shifts still short and holds everyone else:
# small enough to solve exactly in a fraction of a second, large enough for chains of a few moves.
NEIGHBOURHOOD = 1_500
NEIGHBOURHOOD_BUDGET = 0.1  # CP-SAT deterministic time per neighbourhood solve

# A search tree of augmenting paths: shift → (shift before it, the peer who moves, place left, place taken)
_Path = dict[int, tuple[int | None, int, int | None, int]]


@dataclass(frozen=True)
class Fill:
    """What phase one found: a plan, the places it fills, and what no plan can beat."""

    plan: frozenset[int]
    best: int  # places ``plan`` fills
    bound: int  # no plan under the hard rules fills more
    status: str  # OPTIMAL when best == bound, else the fill-only solver's status
    deterministic_time: float  # what the CP-SAT solves spent of the budget

    @property
    def proved(self) -> bool:
        return self.best >= self.bound


@dataclass(frozen=True)
class Relaxation:
    """The optimum of the relaxed rules: every plan fills at most ``places`` and, at that fill, its
    weighed terms are worth at most ``value``; ``plan`` may break clashes, limits and pairs."""

    places: int
    value: int
    plan: frozenset[int]


def hard_rules(
    model: cp_model.CpModel, inst: _Instance, hint: AbstractSet[int], free: AbstractSet[int] | None = None
) -> dict[int, Any]:
    """One boolean per request that could be given, under every hard rule, hinted with ``hint``.

    With ``free`` (peer ids), only those peers' requests are variables: everyone else keeps what
    ``hint`` gives them, as constants, which makes a small model of one neighbourhood."""
    x: dict[int, Any] = {}
    for r in inst.candidates:
        x[r.id] = model.new_bool_var(f"x{r.id}") if free is None or r.peer_id in free else int(r.id in hint)
    for shift_id, rs in inst.by_shift.items():
        shift = inst.shifts[shift_id]
        if all(isinstance(x[r.id], int) for r in rs):
            continue
        total = sum(x[r.id] for r in rs)
        if shift.paired:
            pairs = model.new_int_var(0, shift.slots // 2, f"pairs{shift_id}")
            model.add(total == 2 * pairs)
            model.add_hint(pairs, sum(1 for r in rs if r.id in hint) // 2)
        elif len(rs) > shift.slots:
            model.add(total <= shift.slots)
    for a, b in inst.conflicts:
        if not isinstance(x[a], int):  # both requests are the same peer's: free or held together
            model.add_bool_or([x[a].Not(), x[b].Not()])
    for peer_id, rs in inst.by_peer.items():
        if free is not None and peer_id not in free:
            continue
        minutes_left = inst.minutes_left[peer_id]
        if minutes_left is not None and sum(inst.shifts[r.shift_id].minutes for r in rs) > minutes_left:
            model.add(sum(inst.shifts[r.shift_id].minutes * x[r.id] for r in rs) <= minutes_left)
        cents_left = inst.cents_left[peer_id]
        if cents_left is not None and sum(r.earnings_cents for r in rs) > cents_left:
            model.add(sum(r.earnings_cents * x[r.id] for r in rs) <= cents_left)
    for rid, var in x.items():
        if not isinstance(var, int):
            model.add_hint(var, rid in hint)
    return x


def relax(inst: _Instance, *, fill: int | None = None, equity_only: bool = False) -> Relaxation | None:
    """Solve the hard rules relaxed until a min-cost flow solves them exactly: places still bind, a
    peer's clashing requests count only as the most of them that fit together, hours and earnings
    only as the most shifts that fit, pairs not at all. At the most places it can fill (or ``fill``),
    it weighs stretch and entry shares, equity, rank and the draw (equity alone with
    ``equity_only``). None when the relaxation cannot fill ``fill``."""
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    nodes = itertools.count(2)
    shift_node = {s: next(nodes) for s in sorted(inst.by_shift)}
    entry_node = _share_nodes(flow, inst, nodes, shift_node, equity_only)
    arcs: dict[int, int] = {}
    for peer_id, rs in sorted(inst.by_peer.items()):
        peer_node = next(nodes)
        for k in range(_most_shifts(inst, peer_id, rs)):
            flow.add_arc_with_capacity_and_unit_cost(source, peer_node, 1, -inst.equity_value(peer_id, k))
        for group in _clash_groups(inst, rs):
            tail = peer_node
            if len(group) > 1:
                tail = next(nodes)
                flow.add_arc_with_capacity_and_unit_cost(peer_node, tail, len(_fit_together(inst, group)), 0)
            for r in group:
                cost = 0 if equity_only else -(inst.rank_value(r) + inst.tie[r.id])
                head = entry_node.get(r.id, shift_node[r.shift_id])
                arcs[r.id] = flow.add_arc_with_capacity_and_unit_cost(tail, head, 1, cost)
    for shift_id, rs in inst.by_shift.items():
        most = min(inst.capacity(inst.shifts[shift_id]), len(rs))
        flow.add_arc_with_capacity_and_unit_cost(shift_node[shift_id], sink, most, 0)
    supply = fill if fill is not None else place_bound(inst)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve() if fill is not None else flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        return None
    plan = frozenset(rid for rid, arc in arcs.items() if flow.flow(arc) > 0)
    return Relaxation(len(plan), -flow.optimal_cost(), plan)


def _share_nodes(
    flow: min_cost_flow.SimpleMinCostFlow,
    inst: _Instance,
    nodes: Iterator[int],
    shift_node: dict[int, int],
    equity_only: bool,
) -> dict[int, int]:
    """A node in front of a shift for the requests that count towards its kept stretch places (or, failing
    that, its entry places for new peers): its first places through it are worth the share's weight."""
    entry: dict[int, int] = {}
    if equity_only:
        return entry
    for shift_id, rs in sorted(inst.by_shift.items()):
        shift = inst.shifts[shift_id]
        mine = [r for r in rs if stretch.is_stretch_request(shift, inst.peers[r.peer_id])]
        keep, weight = stretch.kept_places(inst.policy.stretch_share, shift), stretch.W_STRETCH
        if not keep or not mine:
            mine = [r for r in rs if inst.peers[r.peer_id].is_new]
            keep, weight = inst.reserved(shift), inst.entry_weight
        if not keep or not mine:
            continue
        node = next(nodes)
        flow.add_arc_with_capacity_and_unit_cost(node, shift_node[shift_id], min(keep, len(mine)), -weight)
        flow.add_arc_with_capacity_and_unit_cost(node, shift_node[shift_id], len(mine), 0)
        entry.update((r.id, node) for r in mine)
    return entry


def _most_shifts(inst: _Instance, peer_id: int, rs: Sequence[RequestIn]) -> int:
    """No more of the peer's requests fit their hours and earnings than the shortest and cheapest do."""
    most = len(rs)
    for left, sizes in (
        (inst.minutes_left[peer_id], [inst.shifts[r.shift_id].minutes for r in rs]),
        (inst.cents_left[peer_id], [r.earnings_cents for r in rs]),
    ):
        if left is not None:
            most = min(most, sum(1 for total in itertools.accumulate(sorted(sizes)) if total <= left))
    return most


def _clash_groups(inst: _Instance, rs: Sequence[RequestIn]) -> list[list[RequestIn]]:
    """A peer's requests, grouped by chains of clashes (overlap or too little rest)."""
    by_id = {r.id: r for r in rs}
    groups: list[list[RequestIn]] = []
    seen: set[int] = set()
    for r in rs:
        if r.id in seen:
            continue
        group, stack = [], [r.id]
        seen.add(r.id)
        while stack:
            rid = stack.pop()
            group.append(by_id[rid])
            for other in inst.clashes[rid]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append(sorted(group, key=lambda q: q.id))
    return groups


def _fit_together(inst: _Instance, rs: Sequence[RequestIn]) -> list[RequestIn]:
    """The most requests that do not clash: earliest end first is optimal (rest only lengthens shifts)."""
    chosen: list[RequestIn] = []
    for r in sorted(rs, key=lambda q: (inst.shifts[q.shift_id].end, q.id)):
        if not any(c.id in inst.clashes[r.id] for c in chosen):
            chosen.append(r)
    return chosen


def place_bound(inst: _Instance) -> int:
    """No plan fills more: each shift takes at most its places and those who asked (in twos when paired)."""
    total = 0
    for shift_id, rs in inst.by_shift.items():
        shift = inst.shifts[shift_id]
        most = min(inst.capacity(shift), len(rs))
        total += most - most % 2 if shift.paired else most
    return total


def new_solver(
    *, seed: int, workers: int, deterministic_time: float, max_seconds: float
) -> cp_model.CpSolver:
    """A CP-SAT solver that gives the same answer for the same seed: fixed workers, deterministic time."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, workers)
    params.random_seed = seed % (2**31)
    params.max_deterministic_time = max(0.0, deterministic_time)
    params.max_time_in_seconds = max(0.0, max_seconds)
    params.interleave_search = params.num_workers > 1
    params.log_search_progress = False
    # CP-SAT's own SIGINT handler would replace Python's in a gunicorn worker or a task worker, so a
    # Ctrl-C or a graceful stop would kill the process without its clean-up.
    params.catch_sigint_signal = False
    return solver


def most_places(inst: _Instance, *, seed: int, deterministic_time: float, max_seconds: float) -> Fill:
    """The most places any plan can fill, proved when the budget allows, and a fair plan that fills them."""
    started = time.perf_counter()
    relaxed = relax(inst)  # a max flow always solves; were it ever not to, the chains start from nothing
    plan = _Augmenter(inst, _keeping_the_rules(inst, relaxed.plan if relaxed else frozenset())).run()
    bound = min(place_bound(inst), relaxed.places if relaxed else place_bound(inst))
    spent = 0.0
    while len(plan) < bound and spent < deterministic_time:
        seconds = max_seconds - (time.perf_counter() - started)
        better, used = _solve_neighbourhood(inst, plan, seed, deterministic_time - spent, seconds)
        spent += used
        if len(better) <= len(plan):
            break
        plan = _Augmenter(inst, better).run()
    if len(plan) >= bound:
        return Fill(frozenset(plan), len(plan), bound, "OPTIMAL", spent)
    seconds = max_seconds - (time.perf_counter() - started)
    return _solve_fill_only(inst, plan, bound, seed, deterministic_time - spent, seconds, spent)


def _solve_fill_only(
    inst: _Instance, plan: set[int], bound: int, seed: int, budget: float, seconds: float, spent: float
) -> Fill:
    """The whole week's fill-only solve, from ``plan``: the last resort, and honest when out of budget
    (the best fill found stands, with the bound proved so far)."""
    model = cp_model.CpModel()
    x = hard_rules(model, inst, plan)
    model.maximize(sum(x.values()))
    solver = _fill_solver(seed, budget, seconds)
    status = solver.solve(model)
    spent += float(solver.response_proto.deterministic_time)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if solver.objective_value > len(plan):
            plan = {rid for rid, var in x.items() if solver.boolean_value(var)}
        bound = min(bound, math.floor(solver.best_objective_bound + 1e-6))
    name = "OPTIMAL" if len(plan) >= bound else solver.status_name(status)
    return Fill(frozenset(plan), len(plan), max(bound, len(plan)), name, spent)


def _keeping_the_rules(inst: _Instance, wanted: AbstractSet[int]) -> set[int]:
    """The relaxation's plan made to keep every rule: each peer keeps the most of their places that fit
    (earliest end first), and a paired shift left with a lone peer lets its last in priority go."""
    state = _Augmenter(inst, set())
    for peer_id, rs in sorted(inst.by_peer.items()):
        for r in sorted((r for r in rs if r.id in wanted), key=lambda q: (inst.shifts[q.shift_id].end, q.id)):
            if state.fits(peer_id, None, r.id):
                state.take(r.id)
    for shift_id, held in sorted(state.on_shift.items()):
        if inst.shifts[shift_id].paired and len(held) % 2:
            state.drop(max(held, key=lambda rid: inst.priority(state.by_id[rid])))
    return set(state.chosen)


def _solve_neighbourhood(
    inst: _Instance, plan: set[int], seed: int, budget: float, seconds: float
) -> tuple[set[int], float]:
    """An exact fill-only solve in the neighbourhood of the shifts still short; everyone else stays.
    A fixed share of the budget each keeps the whole search deterministic."""
    free = _neighbourhood(inst, plan)
    model = cp_model.CpModel()
    x = hard_rules(model, inst, plan, free)
    model.maximize(sum(v for v in x.values() if not isinstance(v, int)))
    solver = _fill_solver(seed, min(NEIGHBOURHOOD_BUDGET, budget), seconds)
    status = solver.solve(model)
    used = float(solver.response_proto.deterministic_time)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return plan, used
    return {rid for rid, v in x.items() if (v == 1 if isinstance(v, int) else solver.boolean_value(v))}, used


def _fill_solver(seed: int, deterministic_time: float, max_seconds: float) -> cp_model.CpSolver:
    solver = new_solver(seed=seed, workers=1, deterministic_time=deterministic_time, max_seconds=max_seconds)
    # The LP at its strongest, followed by its own solution, proves these near-matching models fastest;
    # the plan given as hint is complete and feasible, so the solver need not spend its budget on it.
    solver.parameters.linearization_level = 2
    solver.parameters.search_branching = cp_model.LP_SEARCH
    solver.parameters.hint_conflict_limit = 0
    return solver


def _neighbourhood(inst: _Instance, plan: set[int]) -> set[int]:
    """Peers free to move in a neighbourhood solve: those who asked for a shift still short of them,
    the peers who asked for the shifts those peers asked for, and so on, breadth first, up to
    NEIGHBOURHOOD peers."""
    on_shift: dict[int, int] = defaultdict(int)
    for rid in plan:
        on_shift[inst.by_id[rid].shift_id] += 1
    short = [
        shift_id
        for shift_id, rs in sorted(inst.by_shift.items())
        if on_shift[shift_id] < min(inst.capacity(inst.shifts[shift_id]), len(rs))
    ]
    free: set[int] = set()
    seen = set(short)
    queue = deque(short)
    while queue and len(free) < NEIGHBOURHOOD:
        for r in inst.by_shift[queue.popleft()]:
            if r.peer_id in free:
                continue
            free.add(r.peer_id)
            for other in inst.by_peer[r.peer_id]:
                if other.shift_id not in seen:
                    seen.add(other.shift_id)
                    queue.append(other.shift_id)
    return free


class _Augmenter:
    """Grows a plan along augmenting paths: one peer takes a place on a full shift, a peer already on
    that shift moves to another shift they asked for, and so on until a shift with a free place.

    Every peer on a path makes one change that keeps their own rules, so a path is always a valid
    step; one breadth-first search finds many paths at once, and those that share no shift or peer
    are all applied. A heuristic only: what it misses, the exact solves find."""

    def __init__(self, inst: _Instance, plan: set[int]) -> None:
        self.inst = inst
        self.by_id = inst.by_id
        self._moves: dict[int, tuple[list[int], dict[int, list[int]]]] = {}  # peer → what they could do
        self._last = 0  # the place taken at the end of the last path applied
        self.chosen: set[int] = set()
        self.on_shift: dict[int, set[int]] = defaultdict(set)
        self.held: dict[int, set[int]] = defaultdict(set)
        self.minutes: dict[int, int] = defaultdict(int)
        self.cents: dict[int, int] = defaultdict(int)
        for rid in sorted(plan):
            self.take(rid)

    def run(self) -> set[int]:
        while True:
            if self._round():  # a round applied paths: look for more
                continue
            if not self._open_pairs():
                return self.chosen

    def take(self, rid: int) -> None:
        r = self.by_id[rid]
        self.chosen.add(rid)
        self.on_shift[r.shift_id].add(rid)
        self.held[r.peer_id].add(rid)
        self.minutes[r.peer_id] += self.inst.shifts[r.shift_id].minutes
        self.cents[r.peer_id] += r.earnings_cents
        self._moves.pop(r.peer_id, None)

    def drop(self, rid: int) -> None:
        r = self.by_id[rid]
        self.chosen.discard(rid)
        self.on_shift[r.shift_id].discard(rid)
        self.held[r.peer_id].discard(rid)
        self.minutes[r.peer_id] -= self.inst.shifts[r.shift_id].minutes
        self.cents[r.peer_id] -= r.earnings_cents
        self._moves.pop(r.peer_id, None)

    def fits(self, peer_id: int, out: int | None, into: int) -> bool:
        """Does the peer keep their own rules after giving up ``out`` (or nothing) for ``into``?"""
        held = self.held[peer_id]
        if any(n in held and n != out for n in self.inst.clashes[into]):
            return False
        minutes = self.minutes[peer_id] + self.inst.shifts[self.by_id[into].shift_id].minutes
        cents = self.cents[peer_id] + self.by_id[into].earnings_cents
        if out is not None:
            minutes -= self.inst.shifts[self.by_id[out].shift_id].minutes
            cents -= self.by_id[out].earnings_cents
        minutes_left, cents_left = self.inst.minutes_left[peer_id], self.inst.cents_left[peer_id]
        return (minutes_left is None or minutes <= minutes_left) and (
            cents_left is None or cents <= cents_left
        )

    def _moves_of(self, peer_id: int) -> tuple[list[int], dict[int, list[int]]]:
        """The peer's requests they could add as they are, and for each place held, those it could become."""
        if peer_id not in self._moves:
            free = [r.id for r in self.inst.by_peer[peer_id] if r.id not in self.chosen]
            adds = [rid for rid in free if self.fits(peer_id, None, rid)]
            swaps = {
                out: [rid for rid in free if self.fits(peer_id, out, rid)]
                for out in sorted(self.held[peer_id])
            }
            self._moves[peer_id] = (adds, swaps)
        return self._moves[peer_id]

    def _room(self, shift_id: int, target: int | None) -> bool:
        """Can one more peer end a path here? A paired shift only takes a second peer beside a lone one,
        unless it is the ``target`` being opened for a pair."""
        shift = self.inst.shifts[shift_id]
        filled = len(self.on_shift[shift_id])
        if target is not None:
            return shift_id == target and filled < self.inst.capacity(shift)
        return filled < self.inst.capacity(shift) and (not shift.paired or filled % 2 == 1)

    def _round(self, target: int | None = None) -> int:
        """One breadth-first search from every shift someone could join (towards ``target`` alone when
        given); applies the paths found that share no shift or peer. The peers a place is worth most
        to start first, so that the fill grows where equity wants it."""
        parent: _Path = {}
        queue: deque[int] = deque()
        inst = self.inst
        for peer_id in sorted(inst.by_peer, key=lambda p: (-inst.equity_value(p, len(self.held[p])), p)):
            for rid in self._moves_of(peer_id)[0]:
                shift_id = self.by_id[rid].shift_id
                if shift_id not in parent:
                    parent[shift_id] = (None, peer_id, None, rid)
                    queue.append(shift_id)
        ends: list[int] = []
        while queue:
            shift_id = queue.popleft()
            if self._room(shift_id, target):
                ends.append(shift_id)
                if target is not None:
                    break
                continue
            on_path = self._peers_on_path(shift_id, parent)
            for rid in sorted(self.on_shift[shift_id]):
                peer_id = self.by_id[rid].peer_id
                if peer_id in on_path:
                    continue
                for into in self._moves_of(peer_id)[1].get(rid, []):
                    nxt = self.by_id[into].shift_id
                    if nxt not in parent:
                        parent[nxt] = (shift_id, peer_id, rid, into)
                        queue.append(nxt)
        return self._apply(ends, parent)

    def _open_pairs(self) -> int:
        """Two more peers on paired shifts with room for a pair: a path to the shift, then a second."""
        gained = 0
        for shift_id, rs in sorted(self.inst.by_shift.items()):
            shift = self.inst.shifts[shift_id]
            filled = len(self.on_shift[shift_id])
            if not shift.paired or filled + 2 > self.inst.capacity(shift) or len(rs) - filled < 2:
                continue
            if not self._round(target=shift_id):
                continue
            if self._round(target=shift_id):
                gained += 2
            else:  # no partner: the one who just joined leaves again; the swaps before it stay valid
                self.drop(self._last)
        return gained

    @staticmethod
    def _peers_on_path(shift_id: int, parent: _Path) -> set[int]:
        peers: set[int] = set()
        at: int | None = shift_id
        while at is not None:
            at, peer_id, _, _ = parent[at]
            peers.add(peer_id)
        return peers

    def _apply(self, ends: list[int], parent: _Path) -> int:
        used_shifts: set[int] = set()
        used_peers: set[int] = set()
        gained = 0
        for end in ends:
            steps = []
            at: int | None = end
            while at is not None:
                steps.append((at, *parent[at]))
                at = parent[at][0]
            shifts = {step[0] for step in steps}
            peers = {step[2] for step in steps}
            if shifts & used_shifts or peers & used_peers:
                continue
            for _, _, _, out, into in steps:
                if out is not None:
                    self.drop(out)
                self.take(into)
            self._last = steps[0][4]
            used_shifts |= shifts
            used_peers |= peers
            gained += 1
        return gained
