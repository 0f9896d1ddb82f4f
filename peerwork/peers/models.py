"""Peer workers: people with lived experience employed by the programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site


class PeerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_BREAK = "on_break", _("On a break")
    LEFT = "left", _("Left the programme")


class ReferralSource(models.TextChoices):
    PEER = "peer", _("Referred by another peer")
    OUTREACH = "outreach", _("Outreach")
    SELF = "self", _("Came by themselves")
    AGENCY = "agency", _("Referred by an agency")
    UNKNOWN = "unknown", _("Not recorded")


class PaymentPreference(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    VOUCHER = "voucher", _("Voucher")
    OTHER = "other", _("Other")


class PaymentTiming(models.TextChoices):
    AFTER = "after", _("All after the work")
    HALF = "half", _("Half before, half after")
    MIX = "mix", _("Another mix, agreed up front")


# Fields only roles with ``can_view_sensitive_peer_fields`` see; every read is audited.
SENSITIVE_FIELDS = ("legal_name", "date_of_birth", "benefit_details", "notes")


class PeerWorker(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="peers")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_profile",
        help_text=_("Created when the peer first gets a PIN; a peer may have no sign-in at all."),
    )
    preferred_name = models.CharField(_("preferred name"), max_length=100)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, help_text=_("Optional, for reminders by text.")
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Optional. Never required."))
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    sites = models.ManyToManyField(Site, blank=True, related_name="peers", verbose_name=_("sites"))
    status = models.CharField(
        _("status"), max_length=16, choices=PeerStatus.choices, default=PeerStatus.ACTIVE
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    referral_source = models.CharField(
        _("how they came"),
        max_length=16,
        choices=ReferralSource.choices,
        default=ReferralSource.UNKNOWN,
    )
    referred_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referred by"),
    )
    payment_preference = models.CharField(
        _("payment preference"),
        max_length=16,
        choices=PaymentPreference.choices,
        default=PaymentPreference.CASH,
    )
    payment_timing = models.CharField(
        _("payment timing"),
        max_length=8,
        choices=PaymentTiming.choices,
        default=PaymentTiming.AFTER,
    )
    reminders_opt_out = models.BooleanField(_("no reminders"), default=False)
    # sensitive
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    benefit_details = models.TextField(_("benefit details"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["preferred_name", "id"]
        indexes = [models.Index(fields=["organisation", "status"], name="peer_org_status")]

    def __str__(self) -> str:
        return self.preferred_name

    @property
    def is_active(self) -> bool:
        return self.status == PeerStatus.ACTIVE
