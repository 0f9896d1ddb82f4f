"""The shifts panels on the peer's My work page and on the staff page of one peer."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from peerwork.pathway.models import PeerCapability
from peerwork.pathway.selectors import capabilities_at, ladder_position
from peerwork.peers.hooks import PeerPage

from . import selectors
from .models import Assignment, AssignmentStatus, SmsMessage
from .team import team_streams


def my_next_shifts(page: PeerPage) -> dict[str, Any] | None:
    upcoming = list(selectors.upcoming_assignments(page.peer)[:3])
    return {"template": "shifts/panel_my_next.html", "context": {"upcoming": upcoming}}


def open_shifts_for_me(page: PeerPage) -> dict[str, Any] | None:
    position = page.shared(ladder_position)
    positions = {page.peer.pk: position} if position is not None else {}
    shifts = selectors.shifts_to_take(page.peer, positions=positions)
    return {
        "template": "shifts/panel_open.html",
        "context": {"shifts": shifts[:3], "more": max(0, len(shifts) - 3)},
    }


def my_team(page: PeerPage) -> dict[str, Any] | None:
    """A peer lead's way to their team's pages; nothing for a peer whose stage grants none of them."""
    held = capabilities_at(page.peer, page.shared(ladder_position))
    wanted = {PeerCapability.SEE_TEAM_WEEK, PeerCapability.RUN_TEAM_DESK, PeerCapability.LOG_TEAM_SERVICES}
    if not held & wanted:
        return None
    return {
        "template": "shifts/panel_my_team.html",
        "context": {
            "streams": list(team_streams(page.peer)),
            "can_see_week": PeerCapability.SEE_TEAM_WEEK in held,
            "can_run_desk": PeerCapability.RUN_TEAM_DESK in held,
            "can_log": PeerCapability.LOG_TEAM_SERVICES in held,
        },
    }


def staff_shifts(page: PeerPage) -> dict[str, Any] | None:
    if not page.request.membership.can("can_manage_shifts"):  # type: ignore[attr-defined]
        return None
    peer = page.peer
    recent = list(
        Assignment.objects.filter(peer=peer, shift__starts_at__lte=timezone.now())
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("shift__role", "shift__site")
        .order_by("-shift__starts_at")[:10]
    )
    missed = [a for a in recent if a.status == AssignmentStatus.MISSED]
    # Texts: where they stand and a way to the conversation (its page shows the number, audited).
    if peer.sms_opt_out_at:
        texts = "stopped"
    elif peer.sms_failed_at:
        texts = "failing"
    elif peer.sms_consent_at:
        texts = "agreed"
    else:
        texts = "none"
    messages = SmsMessage.objects.filter(organisation_id=peer.organisation_id, peer=peer).count()
    context = {"recent": recent, "missed": missed, "texts": texts, "text_count": messages}
    return {"template": "shifts/panel_staff.html", "context": context}
