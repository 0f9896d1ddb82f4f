"""Small helpers the shift pages share."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.http import HttpRequest

from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.accounts.models import KioskDevice, User
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .. import selectors


def org(request: HttpRequest) -> Organisation:
    return request.organisation  # type: ignore[attr-defined]


def actor(request: HttpRequest) -> User:
    """The signed-in user (views run behind ``require``, so never anonymous)."""
    return cast(User, request.user)


def week_from(request: HttpRequest) -> date:
    """The Monday of ?week=YYYY-MM-DD, or of this week in the organisation's time zone."""
    raw = request.GET.get("week", "")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = org(request).today()
    return selectors.monday_of(day)


def kiosk_site(request: HttpRequest) -> Site | None:
    """The site of the kiosk this session was opened on, or None (a phone or a desk)."""
    device_id = request.session.get(SESSION_KIOSK)
    if not device_id:
        return None
    device = (
        KioskDevice.objects.filter(pk=device_id, organisation=org(request), revoked_at__isnull=True)
        .select_related("site")
        .first()
    )
    return device.site if device else None


def peer_of(request: HttpRequest) -> PeerWorker | None:
    """The signed-in peer's profile in this organisation, if any."""
    return PeerWorker.objects.filter(user=actor(request), organisation=org(request)).first()
