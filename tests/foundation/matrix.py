"""Cross-organisation matrix entries for the foundation's routes that take an id."""

from __future__ import annotations

from typing import Any

from peerwork.accounts.models import Membership
from peerwork.accounts.services import kiosk_pairing_link_create
from peerwork.audit.services import audit_record

from ..personas import LEAK_MARKER, OrgPersonas
from .factories import make_kiosk, make_peer_login

SKIP_GET = {
    "accounts:sign_out",  # POST only; signing out leaks nothing
    "set_language",  # Django's POST-only language switch
}


def _membership(o: OrgPersonas) -> dict[str, Any]:
    return {"pk": Membership.objects.get(user=o.coordinator, organisation=o.org).pk}


def _kiosk(o: OrgPersonas) -> dict[str, Any]:
    device, _raw = make_kiosk(o, name=f"{LEAK_MARKER} kiosk")
    return {"pk": device.pk}


def _pairing(o: OrgPersonas) -> dict[str, Any]:
    device, _raw = make_kiosk(o, name=f"{LEAK_MARKER} tablet")
    return {"code": kiosk_pairing_link_create(device=device)}


ROUTES = {
    "orgadmin:site_edit": lambda o: {"pk": o.site.pk},
    "orgadmin:site_deactivate": lambda o: {"pk": o.site.pk},
    "orgadmin:member_edit": _membership,
    "orgadmin:member_active": lambda o: {**_membership(o), "__post__": {"active": "0"}},
    "orgadmin:member_two_factor_reset": _membership,
    "orgadmin:kiosk_link": _kiosk,
    "orgadmin:kiosk_revoke": _kiosk,
    "accounts:kiosk_person": lambda o: {"pk": make_peer_login(o, f"{LEAK_MARKER} Robin").pk},
    "accounts:kiosk_card_link": lambda o: {"secret": make_peer_login(o, f"{LEAK_MARKER} Kim").qr_secret},
    "accounts:kiosk_pair": _pairing,
}


def _seed(o: OrgPersonas) -> None:
    make_kiosk(o, name=f"{LEAK_MARKER} front desk")
    make_peer_login(o, f"{LEAK_MARKER} Robin")
    audit_record(
        action=f"{LEAK_MARKER.lower()}_event", organisation=o.org, actor=o.admin, object_type=LEAK_MARKER
    )


SEED = [_seed]
