"""Writes for sign-in, kiosks, peer credentials and memberships. Each runs in one transaction.

Higher apps (peers) give a peer worker a sign-in with ``peer_login_create`` and
``peer_credential_set_pin``; no e-mail address is ever needed for a peer.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from itertools import pairwise

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site

from .models import KioskDevice, Membership, PairedDevice, PeerCredential, PeerPhone, SignInAttempt, User
from .roles import STAFF_ROLES, Role

PIN_PATTERN = re.compile(r"^\d{4,6}$")
PAIRING_LIFETIME = timedelta(hours=24)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# --- lockout -------------------------------------------------------------------------------


def sign_in_failure_record(
    *, kind: str, username: str = "", ip_address: str | None = None, kiosk: KioskDevice | None = None
) -> SignInAttempt:
    """Count one failed attempt towards the lockout window."""
    return SignInAttempt.objects.create(
        kind=kind, username=username[:150], ip_address=ip_address, kiosk=kiosk
    )


# --- staff ------------------------------------------------------------------------------------


@transaction.atomic
def member_add(
    *,
    organisation: Organisation,
    username: str,
    display_name: str,
    password: str,
    role: str,
    sites: Iterable[Site] = (),
    email: str = "",
    request: HttpRequest | None = None,
) -> Membership:
    """Create a staff account with a temporary password the person must change at first sign-in."""
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Choose a staff role. Peers get their sign-in on the peer's page.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken. Choose another one.")})
    user = User(username=username, display_name=display_name, email=email, must_change_password=True)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    membership.sites.set(sites)
    audit_record(action="member_added", request=request, organisation=organisation, obj=membership, role=role)
    return membership


@transaction.atomic
def member_update(
    *, membership: Membership, role: str, sites: Iterable[Site], request: HttpRequest | None = None
) -> Membership:
    """Change a staff member's role and sites; the last active org admin cannot lose the role."""
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Choose a staff role.")})
    if membership.role == Role.ORG_ADMIN and role != Role.ORG_ADMIN:
        _keep_one_admin(membership)
    clash = (
        Membership.objects.filter(user=membership.user, organisation=membership.organisation, role=role)
        .exclude(pk=membership.pk)
        .exists()
    )
    if clash:
        raise ValidationError({"role": _("This person already has that role here.")})
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    membership.sites.set(sites)
    audit_record(
        action="member_changed",
        request=request,
        organisation=membership.organisation,
        obj=membership,
        role_before=old_role,
        role=role,
        sites=sorted(site.pk for site in membership.sites.all()),
    )
    return membership


def _keep_one_admin(membership: Membership) -> None:
    others = (
        Membership.objects.filter(organisation=membership.organisation, role=Role.ORG_ADMIN, is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(
            _("An organisation needs at least one active admin. Make someone else admin first.")
        )


@transaction.atomic
def member_set_active(
    *, membership: Membership, active: bool, request: HttpRequest | None = None
) -> Membership:
    """Deactivate (or bring back) a membership; the person can no longer act for this organisation."""
    if not active and membership.role == Role.ORG_ADMIN:
        _keep_one_admin(membership)
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    audit_record(
        action="member_reactivated" if active else "member_deactivated",
        request=request,
        organisation=membership.organisation,
        obj=membership,
    )
    return membership


@transaction.atomic
def member_two_factor_reset(*, membership: Membership, request: HttpRequest | None = None) -> None:
    """Remove a person's authenticator and backup codes (lost phone); they enrol again at sign-in."""
    TOTPDevice.objects.filter(user=membership.user).delete()
    StaticDevice.objects.filter(user=membership.user).delete()
    audit_record(
        action="two_factor_reset", request=request, organisation=membership.organisation, obj=membership
    )


@transaction.atomic
def password_change(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(action="password_changed", request=request, actor=user, obj=user)


# --- two-factor -------------------------------------------------------------------------------


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (made on first call, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, request: HttpRequest | None = None) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit_record(action="two_factor_enrolled", request=request, obj=device.user)
    return device


# --- kiosks ----------------------------------------------------------------------------------------


@transaction.atomic
def kiosk_register(
    *,
    organisation: Organisation,
    site: Site,
    name: str,
    registered_by: User,
    request: HttpRequest | None = None,
) -> tuple[KioskDevice, str]:
    """Register a kiosk and return it with the raw device token (for the cookie; never stored)."""
    if site.organisation_id != organisation.pk:
        raise ValidationError({"site": _("Choose one of your organisation's sites.")})
    raw = secrets.token_urlsafe(32)
    device = KioskDevice.objects.create(
        organisation=organisation,
        site=site,
        name=name,
        token_hash=token_digest(raw),
        registered_by=registered_by,
    )
    audit_record(
        action="kiosk_registered",
        request=request,
        organisation=organisation,
        actor=registered_by,
        obj=device,
    )
    return device, raw


def _pairing_code_issue(device: PairedDevice, lifetime: timedelta) -> str:
    """Give ``device`` a new one-time pairing code (any earlier link stops working); returns it raw."""
    code = secrets.token_urlsafe(18)
    device.pairing_code_hash = token_digest(code)
    device.pairing_expires_at = timezone.now() + lifetime
    device.save(update_fields=["pairing_code_hash", "pairing_expires_at"])
    return code


def _device_token_renew(device: PairedDevice, *extra_fields: str) -> str:
    """A fresh device token for the browser that just paired (the old one, if any, stops being it)."""
    raw = secrets.token_urlsafe(32)
    device.token_hash = token_digest(raw)
    device.save(update_fields=["token_hash", *extra_fields])
    return raw


@transaction.atomic
def kiosk_pairing_link_create(
    *, device: KioskDevice, lifetime: timedelta = PAIRING_LIFETIME, request: HttpRequest | None = None
) -> str:
    """A one-time code that lets another browser become this kiosk; returns the raw code."""
    if not device.is_active:
        raise ValidationError(_("This kiosk was revoked. Register a new one."))
    code = _pairing_code_issue(device, lifetime)
    audit_record(action="kiosk_link_created", request=request, organisation=device.organisation, obj=device)
    return code


@transaction.atomic
def kiosk_pair(*, device: KioskDevice, request: HttpRequest | None = None) -> str:
    """Use up the device's pairing code and give it a fresh token (the old browser stops being it)."""
    device.pairing_code_hash = ""
    device.pairing_expires_at = None
    raw = _device_token_renew(device, "pairing_code_hash", "pairing_expires_at")
    audit_record(action="kiosk_paired", request=request, organisation=device.organisation, obj=device)
    return raw


@transaction.atomic
def kiosk_revoke(*, device: KioskDevice, request: HttpRequest | None = None) -> KioskDevice:
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.pairing_code_hash = ""
        device.save(update_fields=["revoked_at", "pairing_code_hash"])
        audit_record(action="kiosk_revoked", request=request, organisation=device.organisation, obj=device)
    return device


# --- peers' sign-in ---------------------------------------------------------------------------


def _unique_peer_username(organisation: Organisation) -> str:
    while True:
        candidate = f"peer-{organisation.slug}-{secrets.token_hex(4)}"[:150]
        if not User.objects.filter(username=candidate).exists():
            return candidate


def _new_card_secret() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def peer_login_create(*, organisation: Organisation, display_name: str, sites: Iterable[Site] = ()) -> User:
    """A sign-in for a peer: no password, no e-mail, a peer membership and a kiosk credential.

    ``sites`` limits the kiosks that list the peer; with none, every kiosk of the organisation does.
    """
    user = User(username=_unique_peer_username(organisation), display_name=display_name)
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=Role.PEER)
    membership.sites.set(sites)
    PeerCredential.objects.create(user=user, organisation=organisation, qr_secret=_new_card_secret())
    return user


@transaction.atomic
def peer_membership_leave(*, user: User, organisation: Organisation) -> None:
    """A peer left: their membership becomes a former peer's, which opens only their own work record
    (kiosk or phone PIN still signs them in). Open sessions lose everything else at the next request."""
    Membership.objects.filter(user=user, organisation=organisation, role=Role.PEER).update(
        role=Role.FORMER_PEER
    )


@transaction.atomic
def peer_membership_return(*, user: User, organisation: Organisation) -> None:
    """A peer who left came back: a peer's membership and sign-in again."""
    Membership.objects.filter(user=user, organisation=organisation, role=Role.FORMER_PEER).update(
        role=Role.PEER
    )
    if not user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=True)


def _credential_for(user: User, organisation: Organisation | None) -> PeerCredential:
    credential = PeerCredential.objects.filter(user=user).first()
    if credential is not None:
        if organisation is not None and credential.organisation_id != organisation.pk:
            raise ValidationError(_("This person is not a peer of this organisation."))
        return credential
    memberships = Membership.objects.filter(user=user, role=Role.PEER).select_related("organisation")
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    membership = memberships.first()
    if membership is None:
        raise ValidationError(_("Only a peer can have a PIN."))
    return PeerCredential.objects.create(
        user=user, organisation=membership.organisation, qr_secret=_new_card_secret()
    )


# The PINs people pick most (published PIN-frequency studies): birth years aside, these cover a
# large share of all PINs. Sequences, repeats and keypad lines are caught by _pin_is_a_pattern.
COMMON_PINS = frozenset(
    {
        "1004", "2000", "2001", "1010", "1313", "2020", "6969", "4200", "1122", "1212", "1221",
        "2112", "0007", "0070", "1000", "1100", "2580", "0852", "1470", "0741", "3690", "0963",
        "1590", "0101", "0110", "1001", "5683",
        "112233", "123321", "121212", "123123", "159753", "147258", "258369", "789456", "456789",
        "101010", "131313", "696969", "666999", "007007", "147852", "258741", "852456", "159357",
        "111222", "654123",
    }
)  # fmt: skip


def _pin_is_a_pattern(pin: str) -> bool:
    """Repeats (1111, 1212, 123123) and runs up or down the digits (1234, 6543, 7890, 98765)."""
    digits = [int(d) for d in pin]
    steps = {(b - a) % 10 for a, b in pairwise(digits)}
    if steps <= {1} or steps <= {9} or steps == {0}:
        return True
    return any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size) for size in (1, 2, 3))


def pin_validate(pin: str) -> str:
    """The PIN without spaces, or a ValidationError in plain words (wrong shape, or too easy to guess).

    Every path that sets a PIN calls this; a PIN set before a rule was added keeps working.
    """
    pin = (pin or "").strip()
    if not PIN_PATTERN.match(pin):
        raise ValidationError(_("A PIN is 4 to 6 digits, for example 3947."), code="pin_format")
    if pin in COMMON_PINS or _pin_is_a_pattern(pin):
        raise ValidationError(
            _(
                "This PIN is too easy to guess: it is one of the most common PINs, a repeat or a run "
                "like 1234 or 2580. Choose 4 to 6 digits without a pattern."
            ),
            code="pin_common",
        )
    return pin


@transaction.atomic
def peer_credential_set_pin(
    *,
    user: User,
    pin: str,
    organisation: Organisation | None = None,
    set_by: User | None = None,
    request: HttpRequest | None = None,
) -> PeerCredential:
    """Set a peer's kiosk PIN (4–6 digits, stored hashed)."""
    pin = pin_validate(pin)
    credential = _credential_for(user, organisation)
    credential.set_pin(pin)
    credential.save(update_fields=["pin_hash", "pin_set_at"])
    audit_record(
        action="peer_pin_set",
        request=request,
        organisation=credential.organisation,
        actor=set_by,
        obj=credential,
    )
    return credential


@transaction.atomic
def peer_credential_issue_card(
    *,
    user: User,
    organisation: Organisation | None = None,
    secret: str = "",
    issued_by: User | None = None,
    request: HttpRequest | None = None,
) -> PeerCredential:
    """Give the peer a new QR card secret (the old card stops working).

    ``secret`` may be given (a deterministic demo); a secret already on another card is refused.
    """
    credential = _credential_for(user, organisation)
    if secret:
        if PeerCredential.objects.filter(qr_secret=secret).exclude(pk=credential.pk).exists():
            raise ValidationError(_("This card code is already in use. Issue a new card instead."))
    else:
        secret = _new_card_secret()
        while PeerCredential.objects.filter(qr_secret=secret).exists():  # pragma: no cover - 192 bits
            secret = _new_card_secret()
    credential.qr_secret = secret
    credential.save(update_fields=["qr_secret"])
    audit_record(
        action="peer_card_issued",
        request=request,
        organisation=credential.organisation,
        actor=issued_by,
        obj=credential,
    )
    return credential


# --- peers' own phones ---------------------------------------------------------------------------


def _live_phone(user: User) -> PeerPhone | None:
    return PeerPhone.objects.select_for_update().filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def peer_phone_link_create(
    *,
    organisation: Organisation,
    user: User,
    by: User,
    name: str = "",
    lifetime: timedelta = PAIRING_LIFETIME,
    request: HttpRequest | None = None,
) -> tuple[PeerPhone, str]:
    """A one-time link that makes a phone this peer's own; returns the phone and the raw code.

    A peer has one live phone: a phone not yet paired gets a new link (the old link stops working);
    a paired phone must be switched off first.
    """
    if not Membership.objects.filter(
        user=user, organisation=organisation, role=Role.PEER, is_active=True
    ).exists():
        raise ValidationError(_("Only a peer of this organisation can have a paired phone."))
    phone = _live_phone(user)
    if phone is not None and phone.paired_at is not None:
        raise ValidationError(
            _("%(name)s already has a paired phone. Switch it off first, then pair the new one.")
            % {"name": user}
        )
    if phone is None:
        phone = PeerPhone.objects.create(
            organisation=organisation,
            user=user,
            name=(name or _("Phone of %(name)s") % {"name": user})[:100],
            token_hash=token_digest(secrets.token_urlsafe(32)),  # replaced when the phone pairs
            registered_by=by,
        )
    code = _pairing_code_issue(phone, lifetime)
    audit_record(action="phone_link_created", request=request, organisation=organisation, actor=by, obj=phone)
    return phone, code


@transaction.atomic
def peer_phone_pair(*, phone: PeerPhone, request: HttpRequest | None = None) -> str:
    """Use up the phone's one-time link (it is kept, marked used) and return the device token."""
    phone = PeerPhone.objects.select_for_update().get(pk=phone.pk)
    if phone.revoked_at is not None or phone.paired_at is not None:
        raise ValidationError(_("This link was already used. Ask staff for a new one."))
    phone.paired_at = timezone.now()
    raw = _device_token_renew(phone, "paired_at")
    audit_record(
        action="phone_paired", request=request, organisation=phone.organisation, actor=phone.user, obj=phone
    )
    return raw


@transaction.atomic
def peer_phone_revoke(
    *, phone: PeerPhone, by: User | None = None, request: HttpRequest | None = None
) -> PeerPhone:
    """Switch a phone off: its sessions end at their next request and it cannot sign in again."""
    if phone.revoked_at is None:
        phone.revoked_at = timezone.now()
        phone.save(update_fields=["revoked_at"])
        audit_record(
            action="phone_revoked", request=request, organisation=phone.organisation, actor=by, obj=phone
        )
    return phone


def kiosk_cookie_salt() -> str:
    return f"peerwork.kiosk.{settings.PEERWORK_KIOSK_COOKIE}"


PHONE_COOKIE = "peerwork_phone"


def phone_cookie_salt() -> str:
    return f"peerwork.phone.{PHONE_COOKIE}"


# --- the organisation's own set-up (audited here: orgs sits below audit) ---------------------


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, changes: dict[str, object], request: HttpRequest | None = None
) -> list[str]:
    """Apply the admin's edits to the organisation's settings; returns the fields that changed."""
    changed = [name for name, value in changes.items() if getattr(organisation, name) != value]
    for name in changed:
        setattr(organisation, name, changes[name])
    if changed:
        organisation.full_clean()
        organisation.save(update_fields=changed)
        audit_record(
            action="organisation_changed",
            request=request,
            organisation=organisation,
            obj=organisation,
            fields=changed,
        )
    return changed


@transaction.atomic
def site_create(
    *, organisation: Organisation, name: str, address: str = "", request: HttpRequest | None = None
) -> Site:
    site = Site(organisation=organisation, name=name, address=address)
    site.full_clean()
    site.save()
    audit_record(action="site_added", request=request, organisation=organisation, obj=site)
    return site


@transaction.atomic
def site_update(
    *, site: Site, name: str, address: str, is_active: bool, request: HttpRequest | None = None
) -> Site:
    site.name, site.address, site.is_active = name, address, is_active
    site.full_clean()
    site.save(update_fields=["name", "address", "is_active"])
    audit_record(action="site_changed", request=request, organisation=site.organisation, obj=site)
    return site


@transaction.atomic
def site_deactivate(*, site: Site, request: HttpRequest | None = None) -> Site:
    """Stop using a site; its records stay, it is no longer offered for new work."""
    if site.is_active:
        site.is_active = False
        site.save(update_fields=["is_active"])
        audit_record(action="site_deactivated", request=request, organisation=site.organisation, obj=site)
    return site
