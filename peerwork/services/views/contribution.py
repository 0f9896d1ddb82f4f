"""A peer's own contribution over a chosen period (My work, kiosk and phone), printable."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerwork.accounts.access import require
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.accounts.models import User
from peerwork.orgs.models import Organisation
from peerwork.peers.edge import can
from peerwork.peers.hooks import PeerPage

from .. import selectors
from ..contribution import contribution_for, contribution_period


@require("is_peer")
def mine(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    user: User = request.user  # type: ignore[assignment]
    peer = selectors.peer_for(organisation, user)
    context: dict[str, Any] = {
        "peer": peer,
        "error": "",
        "contribution": None,
        "kiosk": bool(request.session.get(SESSION_KIOSK)),
    }
    raw_start, raw_end = request.GET.get("start", ""), request.GET.get("end", "")
    context.update(period=request.GET.get("period", "month"), start=raw_start, end=raw_end)
    if peer is not None:
        try:
            period, start, end = contribution_period(
                organisation, request.GET.get("period"), raw_start, raw_end
            )
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        else:
            contribution = contribution_for(peer, start, end)
            context.update(
                period=period,
                contribution=contribution,
                lines=contribution.lines(),
                start=start.isoformat(),
                end=end.isoformat(),
            )
    return render(request, "services/contribution.html", context)


def mywork_panel(page: PeerPage) -> dict[str, Any] | None:
    """This month's contribution in a few lines, with the way to the full, printable page."""
    _period, start, end = contribution_period(page.organisation, "month")
    lines = contribution_for(page.peer, start, end).lines()
    return {"template": "services/mywork_contribution.html", "context": {"lines": lines[:4]}}


def peer_page_panel(page: PeerPage) -> dict[str, Any] | None:
    """On a peer's staff page: what they did in the last 3 months, in the same words they see."""
    if not can(page.request, "can_view_peers"):
        return None
    _period, start, end = contribution_period(page.organisation, "quarter")
    lines = contribution_for(page.peer, start, end).lines()
    return {"template": "services/peer_contribution.html", "context": {"lines": lines}}
