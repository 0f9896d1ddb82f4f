"""Casework's panels: "My caseload" on the peer's My work page (how a peer support worker reaches
their caseload without another menu entry) and the caseload on the staff page of one peer."""

from __future__ import annotations

from typing import Any

from peerwork.peers.edge import can
from peerwork.peers.hooks import PeerPage

from .selectors import caseload_of, referrals_to_follow_up


def mywork_panel(page: PeerPage) -> dict[str, Any] | None:
    clients = list(caseload_of(page.peer))
    if not clients:
        return None
    return {
        "template": "casework/mywork_panel.html",
        "context": {"clients": clients, "referrals": referrals_to_follow_up(page.peer).count()},
    }


def peer_page_panel(page: PeerPage) -> dict[str, Any] | None:
    if not can(page.request, "can_oversee_casework"):
        return None
    clients = list(caseload_of(page.peer))
    if not clients:
        return None
    return {"template": "casework/peer_page_panel.html", "context": {"clients": clients}}
