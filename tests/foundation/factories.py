"""Helpers and factories for the foundation's tests: kiosks, peer sign-ins, audit events."""

from __future__ import annotations

from django.conf import settings
from django.core.signing import get_cookie_signer
from django.test import Client

from peerwork.accounts.models import KioskDevice, PeerCredential, User
from peerwork.accounts.services import (
    kiosk_cookie_salt,
    kiosk_register,
    peer_credential_set_pin,
    peer_login_create,
)
from peerwork.orgs.models import Site

from ..personas import OrgPersonas

PIN = "4817"


def make_kiosk(
    personas: OrgPersonas, *, site: Site | None = None, name: str = "Front desk"
) -> tuple[KioskDevice, str]:
    return kiosk_register(
        organisation=personas.org, site=site or personas.site, name=name, registered_by=personas.admin
    )


def kiosk_client(raw: str, client: Client | None = None) -> Client:
    """A browser that carries the kiosk cookie for the device token ``raw``."""
    client = client or Client()
    signer = get_cookie_signer(salt=settings.PEERWORK_KIOSK_COOKIE + kiosk_cookie_salt())
    client.cookies[settings.PEERWORK_KIOSK_COOKIE] = signer.sign(raw)
    return client


def make_peer_login(
    personas: OrgPersonas, name: str = "Robin", pin: str = PIN, sites: tuple[Site, ...] = ()
) -> PeerCredential:
    user: User = peer_login_create(organisation=personas.org, display_name=name, sites=sites)
    return peer_credential_set_pin(user=user, pin=pin)
