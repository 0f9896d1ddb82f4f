"""Voice on the peer's My work page: a way to say something, and what the organisation did."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from peerwork.peers.models import PeerWorker


def mywork_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    return {"template": "voice/mywork_panel.html", "context": {}}
