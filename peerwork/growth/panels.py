"""Growth's panels: on the peer's My work page and on the staff page of one peer. Both show the
current plan's goals, any review waiting, and the competence charts (the peer's and the supervisor's
ratings over time)."""

from __future__ import annotations

from typing import Any

from peerwork.peers.edge import can
from peerwork.peers.hooks import PeerPage

from .models import PlacementPlan, Rater
from .selectors import plans_for_peer, rated_tracks, reviews_open
from .views.common import charts

# Both panels show the charts of the first two rated competences: drawing the others is wasted work.
CHARTS_SHOWN = 2


def _current_plan(page: PeerPage) -> PlacementPlan | None:
    today = page.today
    plans = list(plans_for_peer(page.peer))
    return next((p for p in plans if p.starts_on <= today <= p.ends_on), plans[0] if plans else None)


def _charts(page: PeerPage) -> list[tuple[Any, str]]:
    return charts(rated_tracks(page.peer)[:CHARTS_SHOWN])


def mywork_panel(page: PeerPage) -> dict[str, Any] | None:
    plan = _current_plan(page)
    shown = _charts(page)
    if plan is None and not shown:
        return None
    return {
        "template": "growth/mywork_panel.html",
        "context": {
            "plan": plan,
            "open": reviews_open(plan, Rater.PEER, page.today) if plan else [],
            "charts": shown,
        },
    }


def peer_page_panel(page: PeerPage) -> dict[str, Any] | None:
    if not can(page.request, "can_plan_placements"):
        return None
    return {
        "template": "growth/peer_page_panel.html",
        "context": {"plan": _current_plan(page), "charts": _charts(page)},
    }
