"""The shifts panels on the peer's My work page and on the staff page of one peer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from peerwork.peers.models import PeerWorker

from . import selectors
from .models import Assignment, AssignmentStatus


def my_next_shifts(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    data = selectors.my_shifts(peer)
    return {"template": "shifts/panel_my_next.html", "context": {"upcoming": data["upcoming"][:3]}}


def open_shifts_for_me(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    rows = [row for row in selectors.shifts_open_for(peer) if not row["ineligible"] and not row["not_yet"]]
    return {
        "template": "shifts/panel_open.html",
        "context": {"rows": rows[:3], "more": max(0, len(rows) - 3)},
    }


def staff_shifts(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    if not request.membership.can("can_manage_shifts"):  # type: ignore[attr-defined]
        return None
    recent = list(
        Assignment.objects.filter(peer=peer, shift__starts_at__lte=timezone.now())
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("shift__role", "shift__site")
        .order_by("-shift__starts_at")[:10]
    )
    missed = [a for a in recent if a.status == AssignmentStatus.MISSED]
    return {"template": "shifts/panel_staff.html", "context": {"recent": recent, "missed": missed}}
