"""Panels for the peer's My work page and the staff page of one peer."""

from __future__ import annotations

from typing import Any

from peerwork.accounts.access import current_membership
from peerwork.audit.services import audit_read
from peerwork.peers.hooks import PeerPage

from .selectors import due_for_peer, own_responses, results_visible_to_staff
from .views.common import languages, score_rows


def mywork_panel(page: PeerPage) -> dict[str, Any] | None:
    """'Check-in due' and the peer's latest result. Only ever shown to the peer themself."""
    request, peer = page.request, page.peer
    if peer.user_id != request.user.pk:
        return None
    language, default = languages(request)
    latest = own_responses(peer).filter(status="submitted").first()
    return {
        "template": "assessments/mywork_panel.html",
        "context": {
            "due": due_for_peer(peer, page.today),
            "latest": latest,
            "latest_name": latest.instrument_version.as_definition().name(language, default)
            if latest
            else "",
            "latest_rows": score_rows(latest, language, default) if latest else [],
        },
    }


def peer_page_panel(page: PeerPage) -> dict[str, Any] | None:
    """Results the peer shared with staff; nothing else. The read is audited."""
    request, peer = page.request, page.peer
    membership = current_membership(request)
    if membership is None or not membership.can("can_view_assessment_results"):
        return None
    if peer.organisation_id != membership.organisation_id:
        return None
    shared = list(results_visible_to_staff(peer.organisation).filter(peer=peer)[:3])
    if shared:
        audit_read(request, peer, ["assessment_results"], responses=[r.pk for r in shared], via="peer page")
    language, default = languages(request)
    return {
        "template": "assessments/peer_panel.html",
        "context": {
            "peer": peer,
            "shared": [
                {
                    "response": r,
                    "name": r.instrument_version.as_definition().name(language, default),
                    "rows": score_rows(r, language, default),
                }
                for r in shared
            ],
        },
    }
