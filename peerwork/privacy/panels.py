"""Privacy's section on the staff page of a peer (access export, erasure) and on the peer's My work."""

from __future__ import annotations

from typing import Any

from peerwork.accounts.access import current_membership
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.peers.hooks import PeerPage


def peer_page_panel(page: PeerPage) -> dict[str, Any] | None:
    membership = current_membership(page.request)
    if membership is None or not membership.can("can_manage_privacy"):
        return None
    return {"template": "privacy/peer_panel.html", "context": {}}


def my_work_panel(page: PeerPage) -> dict[str, Any] | None:
    """A link to download their own data; not on the shared kiosk."""
    if page.request.session.get(SESSION_KIOSK):
        return None
    return {"template": "privacy/panel_my_work.html", "context": {}}
