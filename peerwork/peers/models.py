"""Peer workers: people with lived experience employed by the programme."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site


class PeerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_BREAK = "on_break", _("On a break")
    LEFT = "left", _("Left the programme")


class LeavingDestination(models.TextChoices):
    STAFF_POST = "staff_post", _("A staff post here")
    JOB = "job", _("A job elsewhere")
    EDUCATION = "education", _("Education")
    PROGRAMME = "programme", _("Another programme")
    TREATMENT = "treatment", _("Back to treatment")
    UNKNOWN = "unknown", _("Not known")


# Where to counts as "moved on to work or study" (the insights indicator of the same name).
MOVED_ON = frozenset({LeavingDestination.STAFF_POST, LeavingDestination.JOB, LeavingDestination.EDUCATION})


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
    site_path: ClassVar[str] = "sites"  # accounts/sites.py

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
    sms_consent_at = models.DateTimeField(
        _("agreed to texts on"), null=True, blank=True, help_text=_("No texts are sent without this.")
    )
    sms_opt_out_at = models.DateTimeField(_("replied STOP on"), null=True, blank=True)
    sms_failed_at = models.DateTimeField(_("texts to this number failed on"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Optional. Never required."))
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    sites = models.ManyToManyField(Site, blank=True, related_name="peers", verbose_name=_("sites"))
    status = models.CharField(
        _("status"), max_length=16, choices=PeerStatus.choices, default=PeerStatus.ACTIVE
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_to = models.CharField(
        _("where they went"), max_length=16, choices=LeavingDestination.choices, blank=True
    )
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
    # Hours brought forward: what a peer worked before the programme used Peerwork (paper
    # timesheets, a spreadsheet). They count on the ladder like hours worked here.
    hours_before = models.DecimalField(
        _("hours worked before Peerwork"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    hours_before_source = models.CharField(_("where the figure comes from"), max_length=200, blank=True)
    hours_before_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hours before Peerwork recorded by"),
    )
    hours_before_recorded_at = models.DateTimeField(
        _("hours before Peerwork recorded at"), null=True, blank=True
    )

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
