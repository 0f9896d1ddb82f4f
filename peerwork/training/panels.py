"""Training's panels on the peer's staff page and on My work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from peerwork.peers.edge import can
from peerwork.peers.models import PeerWorker

from .selectors import peer_training_status, upcoming_sessions_for


def staff_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    return {
        "template": "training/panel_staff.html",
        "context": {
            "trainings": peer_training_status(peer),
            "can_record": can(request, "can_manage_training"),
        },
    }


def my_work_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    return {
        "template": "training/panel_my_work.html",
        "context": {"trainings": peer_training_status(peer), "upcoming": list(upcoming_sessions_for(peer))},
    }
