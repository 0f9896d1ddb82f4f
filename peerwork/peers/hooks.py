"""Extension points higher apps fill in, so the peer's own pages can show their data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from peerwork.core.registry import Collection

from .models import PeerWorker

# A panel on the peer's "My work" page (kiosk and phone). Each callable returns
# {"template": "<app>/mywork_<x>.html", "context": {...}} or None when it has nothing to show.
MyWorkPanel = Callable[[HttpRequest, PeerWorker], dict[str, Any] | None]
mywork_panels: Collection[MyWorkPanel] = Collection("my work panels")

# A section on the staff page of one peer (e.g. shifts, pay, support), same return shape.
PeerPagePanel = Callable[[HttpRequest, PeerWorker], dict[str, Any] | None]
peer_page_panels: Collection[PeerPagePanel] = Collection("peer page panels")
