"""The peer's own support page: next supervision, their sessions and debriefs, their check-ins."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerwork.accounts.access import require
from peerwork.audit.services import audit_read

from ..selectors import debriefs as debrief_selectors
from ..selectors import supervision
from .common import org_today, own_peer


@require("is_peer")
def mine(request: HttpRequest) -> HttpResponse:
    peer = own_peer(request)
    today = org_today(peer.organisation)
    sessions = list(supervision.sessions_for_peer(peer)[:10])
    for session in sessions:
        if session.notes:
            audit_read(request, session, ["notes"], peer=peer.pk, own=True)
    return render(
        request,
        "support/mine.html",
        {
            "peer": peer,
            "next_due": supervision.next_supervision_for(peer, today),
            "sessions": sessions,
            "hours": supervision.supervision_hours(peer, today),
            "debriefs": debrief_selectors.debriefs_for_peer(peer)[:10],
        },
    )
