"""Training's panels on the peer's staff page and on My work."""

from __future__ import annotations

from typing import Any

from peerwork.peers.edge import can
from peerwork.peers.hooks import PeerPage

from .selectors import peer_training_status, upcoming_sessions_for


def staff_panel(page: PeerPage) -> dict[str, Any] | None:
    return {
        "template": "training/panel_staff.html",
        "context": {
            "trainings": peer_training_status(page.peer, on=page.today),
            "can_record": can(page.request, "can_manage_training"),
        },
    }


def my_work_panel(page: PeerPage) -> dict[str, Any] | None:
    peer = page.peer
    return {
        "template": "training/panel_my_work.html",
        "context": {
            "trainings": peer_training_status(peer, on=page.today),
            "upcoming": list(upcoming_sessions_for(peer)),
        },
    }
