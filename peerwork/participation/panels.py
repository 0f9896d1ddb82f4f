"""Participation's panels on the peer's staff page and on My work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from peerwork.peers.models import PeerWorker

from .selectors import participation_summary, participations_of


def staff_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    return {
        "template": "participation/panel_staff.html",
        "context": {"summary": participation_summary(peer), "recent": list(participations_of(peer)[:5])},
    }


def my_work_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    return {
        "template": "participation/panel_my_work.html",
        "context": {"summary": participation_summary(peer), "recent": list(participations_of(peer)[:5])},
    }
