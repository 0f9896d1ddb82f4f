"""Growth's panels: on the peer's My work page and on the staff page of one peer. Both show the
current plan's goals, any review waiting, and the competence charts (the peer's and the supervisor's
ratings over time)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from peerwork.peers.edge import can
from peerwork.peers.models import PeerWorker

from .models import Rater
from .selectors import plans_for_peer, reviews_open
from .views.common import growth_context


def _current_plan(peer: PeerWorker) -> Any:
    today = peer.organisation.today()
    plans = list(plans_for_peer(peer))
    current = next((p for p in plans if p.starts_on <= today <= p.ends_on), plans[0] if plans else None)
    return current, today


def mywork_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    plan, today = _current_plan(peer)
    context = growth_context(peer)
    if plan is None and not context["charts"]:
        return None
    return {
        "template": "growth/mywork_panel.html",
        "context": {
            "plan": plan,
            "open": reviews_open(plan, Rater.PEER, today) if plan else [],
            **context,
        },
    }


def peer_page_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    if not can(request, "can_plan_placements"):
        return None
    plan, _today = _current_plan(peer)
    return {
        "template": "growth/peer_page_panel.html",
        "context": {"plan": plan, **growth_context(peer)},
    }
