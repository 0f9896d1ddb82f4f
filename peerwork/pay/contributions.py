"""What pay plugs into lower apps: shifts' earnings hooks and the peer pages' panels."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from peerwork.accounts.access import current_membership
from peerwork.audit.services import audit_read
from peerwork.peers.hooks import PeerPage
from peerwork.shifts.models import Assignment

from . import selectors, services


def payout_after_check_out(assignment: Assignment) -> None:
    """Create the pending payout when a peer checks out (a second check-out changes nothing)."""
    try:
        services.payout_create_for_assignment(assignment=assignment)
    except ValidationError:
        return


def mywork_pay_panel(page: PeerPage) -> dict[str, Any] | None:
    peer, today = page.peer, page.today
    headroom = selectors.headroom_for(peer, today)
    return {
        "template": "pay/mywork_pay.html",
        "context": {
            "headroom": headroom,
            # The month's total stands in for the headroom of a peer without an earnings rule.
            "month_total": None
            if headroom is not None
            else selectors.peer_paid_total(peer, today.replace(day=1), today),
            "recent": list(selectors.peer_payouts(peer)[:5]),
            "currency": peer.organisation.currency,
        },
    }


def peer_page_pay_panel(page: PeerPage) -> dict[str, Any] | None:
    request, peer, today = page.request, page.peer, page.today
    membership = current_membership(request)
    if membership is None or not membership.can("can_record_payout"):
        return None
    context: dict[str, Any] = {
        "peer": peer,
        "recent": list(selectors.peer_payouts(peer)[:10]),
        "year_total": selectors.peer_paid_total(peer, today.replace(month=1, day=1), today),
        "currency": peer.organisation.currency,
        "headroom": None,
    }
    if membership.can("can_view_sensitive_peer_fields"):
        context["headroom"] = selectors.headroom_for(peer, today)
        if context["headroom"] is not None:
            audit_read(request, peer, ["earnings_rule"])
    return {"template": "pay/peer_panel.html", "context": context}
