"""Mentoring on the peer's staff page and on their own My work page (shown only when there is a pairing)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from peerwork.peers.edge import can
from peerwork.peers.hooks import PeerPage

from ..selectors import ladder_position, mentoring_refusal_at
from .selectors import contacts_recorded_by_mentor, mentoring_hours_many, pairings_of


def _context(page: PeerPage) -> dict[str, Any] | None:
    peer = page.peer
    mentor, mentees = pairings_of(peer)
    if mentor is None and not mentees:
        return None
    hours = mentoring_hours_many(page.organisation, [peer.pk], page.today)
    return {
        "mentor": mentor,
        "mentees": mentees,
        "mentoring_hours": hours.get(peer.pk, Decimal("0")),
        "contacts": contacts_recorded_by_mentor(peer, limit=5) if mentees else [],
    }


def staff_panel(page: PeerPage) -> dict[str, Any] | None:
    context = _context(page)
    if context is None:
        return None
    context["can_manage"] = can(page.request, "can_manage_mentoring")
    return {"template": "pathway/panel_mentoring_staff.html", "context": context}


def my_work_panel(page: PeerPage) -> dict[str, Any] | None:
    context = _context(page)
    if context is None:
        return None
    position = page.shared(ladder_position)
    context["refusal"] = mentoring_refusal_at(page.peer, position) if context["mentees"] else None
    return {"template": "pathway/panel_mentoring_my_work.html", "context": context}
