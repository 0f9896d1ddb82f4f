"""Where a request comes from: the kiosk's site, for the "I'm here" tap (pages and API alike)."""

from __future__ import annotations

from django.http import HttpRequest

from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.accounts.models import KioskDevice
from peerwork.orgs.models import Site


def kiosk_site(request: HttpRequest) -> Site | None:
    """The site of the kiosk this session was opened on, or None (a phone or a desk)."""
    device_id = request.session.get(SESSION_KIOSK)
    if not device_id:
        return None
    device = (
        KioskDevice.objects.filter(
            pk=device_id, organisation=getattr(request, "organisation", None), revoked_at__isnull=True
        )
        .select_related("site")
        .first()
    )
    return device.site if device else None
