"""Reads for sign-in, kiosks and the org admin's member pages."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.orgs.models import Organisation

from .models import KioskDevice, Membership, PeerCredential, PeerPhone, SignInAttempt, User
from .roles import PEER_ROLES, STAFF_ROLES, TWO_FACTOR_ROLES
from .services import token_digest


def _recent_failures(kind: str) -> QuerySet[SignInAttempt]:
    since = timezone.now() - timedelta(seconds=settings.PEERWORK_LOCKOUT_WINDOW_SECONDS)
    return SignInAttempt.objects.filter(kind=kind, at__gte=since)


# One address may be many people (an office, a shelter's wifi): its wrong tries pause further
# tries from there only briefly, and never stop an account that proves itself with a second factor.
ADDRESS_THROTTLE_WINDOW = timedelta(minutes=5)


def password_locked_out(*, username: str) -> bool:
    """Too many failed passwords lately for this account (whatever address they came from)."""
    if not username:
        return False
    recent = _recent_failures(SignInAttempt.KIND_PASSWORD).filter(username__iexact=username)
    return recent.count() >= settings.PEERWORK_LOCKOUT_ATTEMPTS


def address_throttled_until(*, ip_address: str | None) -> datetime | None:
    """When further password tries from this address are let through again, or None if they are now."""
    if not ip_address:
        return None
    since = timezone.now() - ADDRESS_THROTTLE_WINDOW
    times = list(
        SignInAttempt.objects.filter(kind=SignInAttempt.KIND_PASSWORD, ip_address=ip_address, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.PEERWORK_LOCKOUT_ATTEMPTS]
    )
    if len(times) < settings.PEERWORK_LOCKOUT_ATTEMPTS:
        return None
    return times[-1] + ADDRESS_THROTTLE_WINDOW


def otp_locked_out(*, username: str) -> bool:
    return _recent_failures(SignInAttempt.KIND_OTP).filter(username=username).count() >= (
        settings.PEERWORK_LOCKOUT_ATTEMPTS
    )


def pin_tries_left(*, username: str, kiosk: KioskDevice) -> int:
    """Wrong PINs this peer may still type on this kiosk before the pause."""
    recent = _recent_failures(SignInAttempt.KIND_PIN).filter(username=username, kiosk=kiosk)
    return max(0, settings.PEERWORK_LOCKOUT_ATTEMPTS - recent.count())


def pin_paused_until(*, username: str, kiosk: KioskDevice) -> datetime | None:
    """When this peer may type a PIN on this kiosk again after too many wrong ones, or None if now."""
    times = list(
        _recent_failures(SignInAttempt.KIND_PIN)
        .filter(username=username, kiosk=kiosk)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.PEERWORK_LOCKOUT_ATTEMPTS]
    )
    if len(times) < settings.PEERWORK_LOCKOUT_ATTEMPTS:
        return None
    return times[-1] + timedelta(seconds=settings.PEERWORK_LOCKOUT_WINDOW_SECONDS)


# Per-person lockout alone lets one kiosk try 5 PINs on each of 20 names in a minute.
KIOSK_PIN_FAILURE_LIMIT = 10
KIOSK_PIN_WINDOW = timedelta(minutes=10)


def kiosk_pins_paused_until(kiosk: KioskDevice) -> datetime | None:
    """When PIN sign-in on this kiosk opens again after too many wrong PINs (any names), or None."""
    since = timezone.now() - KIOSK_PIN_WINDOW
    times = list(
        SignInAttempt.objects.filter(kind=SignInAttempt.KIND_PIN, kiosk=kiosk, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)[:KIOSK_PIN_FAILURE_LIMIT]
    )
    if len(times) < KIOSK_PIN_FAILURE_LIMIT:
        return None
    return times[-1] + KIOSK_PIN_WINDOW


def needs_two_factor(user: User) -> bool:
    """Whether any of the user's active roles requires a second factor."""
    return Membership.objects.filter(user=user, is_active=True, role__in=TWO_FACTOR_ROLES).exists()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def signs_in_with_second_factor(user: User) -> bool:
    """The second step will be asked and is set up (app or backup codes): a password alone is not enough."""
    return needs_two_factor(user) and user_has_device(user, confirmed=True)


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
    """Peers who can sign in on this kiosk: a PIN set, active, and at this site (or at every site).
    A peer who has left is listed too: signed in, they reach only their own work record."""
    memberships = Membership.objects.filter(
        user=OuterRef("user"),
        organisation=kiosk.organisation,
        role__in=PEER_ROLES,
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


# --- peers' own phones -----------------------------------------------------------------------


def phone_for_token(raw: str | None) -> PeerPhone | None:
    """The live, paired phone whose cookie token is ``raw``, or None (unknown, revoked, not paired, or
    its peer no longer a peer, or a peer who has left, of the organisation)."""
    if not raw:
        return None
    still_a_peer = Membership.objects.filter(
        user=OuterRef("user"), organisation=OuterRef("organisation"), role__in=PEER_ROLES, is_active=True
    )
    return (
        PeerPhone.objects.select_related("organisation", "user")
        .filter(token_hash=token_digest(raw), revoked_at__isnull=True, paired_at__isnull=False)
        .filter(Exists(still_a_peer), user__is_active=True)
        .first()
    )


PAIRING_UNKNOWN, PAIRING_USED, PAIRING_EXPIRED, PAIRING_REVOKED = "unknown", "used", "expired", "revoked"


def phone_for_pairing_code(code: str) -> tuple[PeerPhone | None, str]:
    """The phone a one-time link pairs and "" when it may be used now; else None or the phone and
    why not (unknown, used, expired, revoked), so the page can say it plainly."""
    phone = (
        PeerPhone.objects.select_related("organisation", "user")
        .filter(pairing_code_hash=token_digest(code))
        .first()
    )
    if phone is None:
        return None, PAIRING_UNKNOWN
    if phone.revoked_at is not None:
        return phone, PAIRING_REVOKED
    if phone.paired_at is not None:
        return phone, PAIRING_USED
    if phone.pairing_expires_at is None or phone.pairing_expires_at <= timezone.now():
        return phone, PAIRING_EXPIRED
    return phone, ""


def _phone_pin_failures(username: str) -> QuerySet[SignInAttempt]:
    return _recent_failures(SignInAttempt.KIND_PHONE_PIN).filter(username=username)


def phone_pin_tries_left(*, username: str) -> int:
    """Wrong PINs this peer may still type on their phone before the pause (per account, like staff)."""
    return max(0, settings.PEERWORK_LOCKOUT_ATTEMPTS - _phone_pin_failures(username).count())


def phone_pin_paused_until(*, username: str) -> datetime | None:
    """When this peer may type a PIN on their phone again after too many wrong ones, or None if now."""
    times = list(
        _phone_pin_failures(username)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.PEERWORK_LOCKOUT_ATTEMPTS]
    )
    if len(times) < settings.PEERWORK_LOCKOUT_ATTEMPTS:
        return None
    return times[-1] + timedelta(seconds=settings.PEERWORK_LOCKOUT_WINDOW_SECONDS)


def phones_of(organisation: Organisation) -> QuerySet[PeerPhone]:
    """Every phone of the organisation, live ones first, newest first."""
    return (
        PeerPhone.objects.filter(organisation=organisation)
        .select_related("user", "registered_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-registered_at", "-id")
    )


def live_phone_of(user: User) -> PeerPhone | None:
    return PeerPhone.objects.filter(user=user, revoked_at__isnull=True).first()
