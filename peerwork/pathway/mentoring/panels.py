"""Mentoring on the peer's staff page and on their own My work page (shown only when there is a pairing)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from peerwork.peers.edge import can
from peerwork.peers.models import PeerWorker

from ..selectors import mentoring_refusal
from .selectors import contacts_recorded_by_mentor, mentees_of, mentor_of, mentoring_hours_many


def _context(peer: PeerWorker) -> dict[str, Any] | None:
    mentor = mentor_of(peer)
    mentees = list(mentees_of(peer))
    if mentor is None and not mentees:
        return None
    hours = mentoring_hours_many(peer.organisation, [peer.pk], peer.organisation.today())
    return {
        "mentor": mentor,
        "mentees": mentees,
        "mentoring_hours": hours.get(peer.pk, Decimal("0")),
        "contacts": contacts_recorded_by_mentor(peer, limit=5) if mentees else [],
    }


def staff_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    context = _context(peer)
    if context is None:
        return None
    context["can_manage"] = can(request, "can_manage_mentoring")
    return {"template": "pathway/panel_mentoring_staff.html", "context": context}


def my_work_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    context = _context(peer)
    if context is None:
        return None
    context["refusal"] = mentoring_refusal(peer) if context["mentees"] else None
    return {"template": "pathway/panel_mentoring_my_work.html", "context": context}
