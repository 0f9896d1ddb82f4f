"""Mentor + mentee on paired shifts: the allocation's preference for them, and its explanation.

A paired role is worked two by two. When a new peer and their active mentor both ask for the
same paired shift, the engine prefers giving it to the two of them together. The bonus is worth
half of what a shift is worth to a peer with no hours at all (equity's top value): a pair wins
over peers who already had work lately, even though the mentor has more hours than most, but a
peer who had next to no work keeps their place. It is far above the entry share, the peer's
ranking and the draw. Kept apart from ``allocation.py`` so the engine's core stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine imports this module; these names are for the type checker only
    from ortools.sat.python import cp_model

    from .allocation import Decision, RequestIn, _Instance

W_MENTOR_PAIR = 5_000  # half of W_EQUITY, see above

PAIRED_WITH_MENTOR = "paired_with_mentor"
PAIRED_WITH_MENTEE = "paired_with_mentee"


def mentor_pairs(inst: _Instance) -> list[tuple[RequestIn, RequestIn]]:
    """(mentee's request, mentor's request) for each paired shift both of them asked for."""
    pairs = []
    for shift_id, requests in sorted(inst.by_shift.items()):
        if not inst.shifts[shift_id].paired:
            continue
        by_peer = {r.peer_id: r for r in requests}
        for r in requests:
            mentor_id = inst.peers[r.peer_id].mentor_id
            if mentor_id is not None and mentor_id in by_peer:
                pairs.append((r, by_peer[mentor_id]))
    return pairs


def pair_terms(model: cp_model.CpModel, x: dict[int, Any], inst: _Instance, hint: set[int]) -> list[Any]:
    """Objective terms worth W_MENTOR_PAIR for each mentor + mentee placed on the same paired shift."""
    terms: list[Any] = []
    for mentee_req, mentor_req in mentor_pairs(inst):
        both = model.new_bool_var(f"mentor_pair{mentee_req.id}")
        model.add_implication(both, x[mentee_req.id])
        model.add_implication(both, x[mentor_req.id])
        model.add_hint(both, mentee_req.id in hint and mentor_req.id in hint)
        terms.append(W_MENTOR_PAIR * both)
    return terms


def explain_pairs(inst: _Instance, chosen: set[int], decisions: dict[int, Decision]) -> None:
    """Say so in the reasons when a mentor and their mentee were placed together."""
    for mentee_req, mentor_req in mentor_pairs(inst):
        if mentee_req.id in chosen and mentor_req.id in chosen:
            decisions[mentee_req.id].reason = PAIRED_WITH_MENTOR
            decisions[mentor_req.id].reason = PAIRED_WITH_MENTEE
