"""Privacy's section on the staff page of a peer: links to the subject access export and erasure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from peerwork.accounts.access import current_membership
from peerwork.peers.models import PeerWorker


def peer_page_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    membership = current_membership(request)
    if membership is None or not membership.can("can_manage_privacy"):
        return None
    return {"template": "privacy/peer_panel.html", "context": {}}
