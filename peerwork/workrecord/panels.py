"""The work record's entries on the peer's staff page and on My work."""

from __future__ import annotations

from typing import Any

from peerwork.peers.edge import can
from peerwork.peers.hooks import PeerPage

from .models import Reference


def staff_panel(page: PeerPage) -> dict[str, Any] | None:
    if not can(page.request, "can_view_work_records"):
        return None
    return {
        "template": "workrecord/panel_staff.html",
        "context": {
            "has_reference": Reference.objects.filter(peer=page.peer).exists(),
            "can_write": can(page.request, "can_write_references"),
        },
    }


def my_work_panel(page: PeerPage) -> dict[str, Any] | None:
    return {"template": "workrecord/panel_my_work.html", "context": {}}
