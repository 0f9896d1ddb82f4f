"""Support's contributions to the peer's My work page and to the staff page of one peer."""

from __future__ import annotations

from typing import Any

from peerwork.audit.services import audit_read
from peerwork.peers.hooks import PeerPage

from .selectors import checkins, rolechecks, supervision
from .views.common import sees_notes


def mywork_panel(page: PeerPage) -> dict[str, Any] | None:
    """Next supervision and a way to the peer's own check-ins and sharing choices."""
    peer, today = page.peer, page.today
    # Only when it was and whether it is shared: not its questionnaire or scores.
    last = checkins.own_checkins(peer).select_related(None).prefetch_related(None).first()
    standing = checkins.shares_standing(peer)
    return {
        "template": "support/mywork_panel.html",
        "context": {
            "next_due": supervision.next_supervision_for(peer, today),
            "last_checkin": last,
            "last_checkin_shared": last is not None and (last.shared_with_staff or standing),
            "shares_standing": standing,
            "role_check_due": rolechecks.role_check_due(peer, today),
            "today": today,
        },
    }


def peer_page_panel(page: PeerPage) -> dict[str, Any] | None:
    """Supervision history; notes only for supervisors (audited) and for the peer themself."""
    request, peer = page.request, page.peer
    membership = getattr(request, "membership", None)
    if membership is None or peer.organisation_id != membership.organisation_id:
        return None
    own = peer.user_id is not None and peer.user_id == request.user.pk
    show_notes = sees_notes(request) or own
    sessions = list(supervision.sessions_for_peer(peer)[:10])
    if show_notes:
        for session in sessions:
            if session.notes:
                audit_read(request, session, ["notes"], peer=peer.pk)
    return {
        "template": "support/peer_page_panel.html",
        "context": {
            "peer": peer,
            "sessions": sessions,
            "show_notes": show_notes,
            "hours": supervision.supervision_hours(peer, page.today),
            "can_supervise": membership.can("can_supervise"),
        },
    }
