"""Participation's panels on the peer's staff page and on My work."""

from __future__ import annotations

from typing import Any

from peerwork.peers.hooks import PeerPage

from .selectors import participations_of, summary_of


def _context(page: PeerPage) -> dict[str, Any]:
    # One read: the summary counts every record, the list shows the latest five.
    records = list(participations_of(page.peer))
    return {"summary": summary_of(records, page.organisation), "recent": records[:5]}


def staff_panel(page: PeerPage) -> dict[str, Any] | None:
    return {"template": "participation/panel_staff.html", "context": _context(page)}


def my_work_panel(page: PeerPage) -> dict[str, Any] | None:
    return {"template": "participation/panel_my_work.html", "context": _context(page)}
