"""People who sign in, their memberships and roles, kiosk devices and peer PINs."""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site

from .capabilities import role_can
from .roles import STAFF_ROLES, TWO_FACTOR_ROLES, Role


class User(AbstractUser):
    """A person who can sign in. E-mail is optional: peers never need one."""

    email = models.EmailField(_("e-mail address"), blank=True)
    display_name = models.CharField(_("name shown"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when an admin gives a temporary password; cleared when the person picks their own."),
    )

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one organisation, optionally limited to some sites."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    sites = models.ManyToManyField(Site, blank=True, related_name="memberships", verbose_name=_("sites"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]
        ordering = ["organisation__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"

    def can(self, capability: str) -> bool:
        return self.is_active and role_can(self.role, capability)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES


class PairedDevice(models.Model):
    """What kiosks and peers' phones share: a device token kept in a signed cookie (stored hashed),
    a one-time pairing link that makes a browser the device, and revocation."""

    token_hash = models.CharField(max_length=128, unique=True, editable=False)
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A one-time link that lets another browser (the tablet or the phone itself) become this device.
    pairing_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class KioskDevice(PairedDevice):
    """A shared device an org admin registered for peer sign-in. The cookie holds a signed token."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="kiosks")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="kiosks")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["site__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"


class PeerPhone(PairedDevice):
    """A peer's own phone, paired once by staff and bound to that peer; the peer's PIN opens it.

    The pairing link is kept (hashed) after use, with ``paired_at``, so a second use can be told
    apart from a link that never existed.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="peer_phones")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="phones")
    name = models.CharField(_("name"), max_length=100)
    paired_at = models.DateTimeField(_("paired"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_live_phone_per_peer"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PeerCredential(models.Model):
    """A peer's kiosk sign-in: a hashed 4–6 digit PIN and the secret printed on their QR card."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="peer_credential")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="peer_credentials")
    pin_hash = models.CharField(max_length=256, blank=True)
    qr_secret = models.CharField(max_length=64, unique=True, editable=False)
    pin_set_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"credential of {self.user}"

    def set_pin(self, pin: str) -> None:
        self.pin_hash = make_password(pin)
        self.pin_set_at = timezone.now()

    def check_pin(self, pin: str) -> bool:
        return bool(self.pin_hash) and check_password(pin, self.pin_hash)

    def new_qr_secret(self) -> str:
        self.qr_secret = secrets.token_urlsafe(24)
        return self.qr_secret


class SignInAttempt(models.Model):
    """Failed sign-ins, counted per account and per address for the lockout window."""

    KIND_PASSWORD = "password"  # noqa: S105 - a kind of attempt, not a secret
    KIND_PIN = "pin"
    KIND_OTP = "otp"
    KIND_PHONE_PIN = "phone_pin"
    kind = models.CharField(max_length=16)
    username = models.CharField(max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    kiosk = models.ForeignKey(
        KioskDevice, on_delete=models.CASCADE, null=True, blank=True, related_name="failed_attempts"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} {self.ip_address} {self.at}"


class APIToken(models.Model):
    """A personal API token: shown once, stored as a SHA-256 hash, scoped to one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
