"""Next-stage (stretch) places in the fair allocation.

A stretch role (mentor, trainer, team lead...) develops a stage of the ladder. A share of each of
its shifts' places is kept for peers at the stage just below that stage who ask for them, so the
top of the ladder is work, not a label. Pure, like ``allocation.py``: that module calls
``share_terms`` while it builds the model and ``explain`` once every request has its reason.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from .allocation import Decision, PeerIn, RequestIn, ShiftIn, _Instance

# Above the most equity can add for one request (allocation.W_EQUITY): peers at the higher stages
# usually have many recent hours, so equity alone would always pass them over for newer peers.
# Below allocation.W_FILL: keeping a place never leaves it empty.
W_STRETCH = 20_000

# Reason codes (reasons.py has the sentences).
ASSIGNED_STRETCH = "assigned_stretch"
FULL_STRETCH = "full_stretch"


@dataclass(frozen=True)
class Stretch:
    """The stage a shift's role develops, as the engine sees it."""

    order: int  # the stage's place on the ladder (Stage.order)
    stage: str = ""  # its name, for reasons
    below: str = ""  # the stage just below: its peers get the kept places


def stretch_of(role: Any, names: dict[int, str]) -> Stretch | None:
    """The engine's view of a role's ``develops_stage`` (None for ordinary work); ``names`` maps
    the organisation's stage orders to names."""
    stage = getattr(role, "develops_stage", None)
    if stage is None:
        return None
    return Stretch(order=stage.order, stage=stage.name, below=names.get(stage.order - 1, ""))


def is_stretch_request(shift: ShiftIn, peer: PeerIn) -> bool:
    """Does this peer stand just below the stage this shift develops?"""
    return shift.develops is not None and peer.stage is not None and peer.stage == shift.develops.order - 1


def kept_places(share: float, shift: ShiftIn) -> int:
    """Places of ``shift`` kept for peers at the stage below the one it develops."""
    if shift.develops is None or share <= 0:
        return 0
    return min(shift.slots, math.ceil(share * shift.slots))


def share_terms(
    model: cp_model.CpModel,
    inst: _Instance,
    shift: ShiftIn,
    requests: list[RequestIn],
    x: dict[int, Any],
    hint: set[int],
) -> list[Any]:
    """Objective terms that charge every kept place not given to a peer from the stage below."""
    keep = kept_places(inst.policy.stretch_share, shift)
    mine = [r for r in requests if is_stretch_request(shift, inst.peers[r.peer_id])]
    if not keep or not mine:
        return []
    keep = min(keep, len(mine))
    short = model.new_int_var(0, keep, f"stretch_short{shift.id}")
    model.add(short >= keep - sum(x[r.id] for r in mine))
    model.add_hint(short, max(0, keep - sum(1 for r in mine if r.id in hint)))
    return [-W_STRETCH * short]


def explain(inst: _Instance, chosen: set[int], decisions: dict[int, Decision]) -> None:
    """Say so where the kept share decided: the peers from the stage below who hold kept places,
    and the others who wait because those places were kept."""
    winners: dict[int, list[RequestIn]] = defaultdict(list)
    by_id = {r.id: r for r in inst.requests}
    for rid in chosen:
        r = by_id[rid]
        shift = inst.shifts.get(r.shift_id)
        if shift is not None and is_stretch_request(shift, inst.peers[r.peer_id]):
            winners[shift.id].append(r)
    for shift_id, rs in winners.items():
        shift = inst.shifts[shift_id]
        keep = kept_places(inst.policy.stretch_share, shift)
        if not keep or shift.develops is None:
            continue
        params = {"stage": shift.develops.stage, "below": shift.develops.below}
        for r in sorted(rs, key=inst.priority)[:keep]:
            decisions[r.id].reason = ASSIGNED_STRETCH
            decisions[r.id].params = dict(params)
        for d in decisions.values():
            r = by_id[d.request_id]
            if r.shift_id != shift_id or d.outcome != "waitlisted":
                continue
            if not is_stretch_request(shift, inst.peers[r.peer_id]):
                d.reason = FULL_STRETCH
                d.params = {**params, "position": d.waitlist_position}
