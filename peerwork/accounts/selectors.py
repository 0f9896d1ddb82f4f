"""Reads for sign-in, kiosks and the org admin's member pages."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.orgs.models import Organisation

from .models import KioskDevice, Membership, PeerCredential, SignInAttempt, User
from .roles import STAFF_ROLES, TWO_FACTOR_ROLES, Role
from .services import token_digest


def _recent_failures(kind: str) -> QuerySet[SignInAttempt]:
    since = timezone.now() - timedelta(seconds=settings.PEERWORK_LOCKOUT_WINDOW_SECONDS)
    return SignInAttempt.objects.filter(kind=kind, at__gte=since)


def password_locked_out(*, username: str, ip_address: str | None) -> bool:
    """Too many failed passwords lately for this account, or from this address."""
    limit = settings.PEERWORK_LOCKOUT_ATTEMPTS
    recent = _recent_failures(SignInAttempt.KIND_PASSWORD)
    if username and recent.filter(username__iexact=username).count() >= limit:
        return True
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= limit


def otp_locked_out(*, username: str) -> bool:
    return _recent_failures(SignInAttempt.KIND_OTP).filter(username=username).count() >= (
        settings.PEERWORK_LOCKOUT_ATTEMPTS
    )


def pin_locked_out(*, username: str, kiosk: KioskDevice) -> bool:
    """Too many wrong PINs lately for this peer on this kiosk."""
    recent = _recent_failures(SignInAttempt.KIND_PIN).filter(username=username, kiosk=kiosk)
    return recent.count() >= settings.PEERWORK_LOCKOUT_ATTEMPTS


def needs_two_factor(user: User) -> bool:
    """Whether any of the user's active roles requires a second factor."""
    return Membership.objects.filter(user=user, is_active=True, role__in=TWO_FACTOR_ROLES).exists()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def kiosk_for_token(raw: str | None) -> KioskDevice | None:
    """The active kiosk whose cookie token is ``raw``, or None (unknown or revoked)."""
    if not raw:
        return None
    return (
        KioskDevice.objects.select_related("organisation", "site")
        .filter(token_hash=token_digest(raw), revoked_at__isnull=True)
        .first()
    )


def kiosk_for_pairing_code(code: str) -> KioskDevice | None:
    return (
        KioskDevice.objects.select_related("organisation", "site")
        .filter(
            pairing_code_hash=token_digest(code),
            revoked_at__isnull=True,
            pairing_expires_at__gt=timezone.now(),
        )
        .first()
    )


def kiosk_credentials(kiosk: KioskDevice) -> QuerySet[PeerCredential]:
    """Peers who can sign in on this kiosk: a PIN set, active, and at this site (or at every site)."""
    memberships = Membership.objects.filter(
        user=OuterRef("user"),
        organisation=kiosk.organisation,
        role=Role.PEER,
        is_active=True,
    ).filter(Q(sites=kiosk.site) | Q(sites__isnull=True))
    return (
        PeerCredential.objects.filter(organisation=kiosk.organisation, user__is_active=True)
        .exclude(pin_hash="")
        .filter(Exists(memberships))
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )


def kiosk_credential_for_card(kiosk: KioskDevice, scanned: str) -> PeerCredential | None:
    """The credential on a scanned card: the secret alone, or a URL that ends with it."""
    secret = (scanned or "").strip().rstrip("/").rsplit("/", 1)[-1]
    if not secret:
        return None
    return kiosk_credentials(kiosk).filter(qr_secret=secret).first()


def staff_members(organisation: Organisation) -> QuerySet[Membership]:
    """Staff memberships with whether each person has a confirmed authenticator."""
    has_totp = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    return (
        Membership.objects.filter(organisation=organisation, role__in=STAFF_ROLES)
        .select_related("user")
        .prefetch_related("sites")
        .annotate(has_two_factor=Exists(has_totp))
        .order_by("-is_active", "user__display_name", "user__username")
    )


def kiosks_of(organisation: Organisation) -> QuerySet[KioskDevice]:
    return KioskDevice.objects.filter(organisation=organisation).select_related("site", "registered_by")


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
