"""Voice on the peer's My work page: a way to say something, and what the organisation did."""

from __future__ import annotations

from typing import Any

from peerwork.peers.hooks import PeerPage


def mywork_panel(page: PeerPage) -> dict[str, Any] | None:
    return {"template": "voice/mywork_panel.html", "context": {}}
