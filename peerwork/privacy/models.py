"""Consent to disclose (42 CFR Part 2 fields), disclosures with their notice, and retention runs."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker


class SignatureMethod(models.TextChoices):
    PAPER = "paper", _("Signed on a paper form kept on file")
    SCREEN = "screen", _("Signed on screen by the person")
    REPRESENTATIVE = "representative", _("Signed by an authorised representative")


class ConsentRecord(models.Model):
    """Written consent to disclose, with every element 42 CFR 2.31 asks for.

    The subject is a peer (by record) or a client (by code only: the client's name stays on the
    signed paper form, never in Peerwork).
    """

    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py (a client's consent has no site)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consents")
    peer = models.ForeignKey(
        PeerWorker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("peer"),
    )
    client_code = models.CharField(_("client code"), max_length=20, blank=True)
    discloser = models.CharField(
        _("who may disclose"),
        max_length=200,
        help_text=_("The programme or person allowed to make the disclosure."),
    )
    information = models.TextField(_("what information, and how much"))
    recipients = models.TextField(
        _("to whom"), help_text=_("Each person or organisation that may receive it.")
    )
    purpose = models.TextField(_("purpose of the disclosure"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    expiry_event = models.CharField(
        _("or expires when"),
        max_length=200,
        blank=True,
        help_text=_("An event instead of a date, e.g. 'end of the referral'."),
    )
    right_to_revoke_explained = models.BooleanField(
        _("the person was told they can revoke this consent at any time, in writing"), default=False
    )
    signature_method = models.CharField(_("signature"), max_length=16, choices=SignatureMethod.choices)
    signed_on = models.DateField(_("signed on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_note = models.CharField(_("how it was revoked"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(peer__isnull=False) & Q(client_code=""))
                | (Q(peer__isnull=True) & ~Q(client_code="")),
                name="consent_has_one_subject",
                violation_error_message=_("Give either a peer or a client code, not both."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=False) | ~Q(expiry_event=""),
                name="consent_has_an_expiry",
                violation_error_message=_("Give an expiry date or the event that ends the consent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_label}: {self.purpose[:40]}"

    @property
    def subject_label(self) -> str:
        return str(self.peer) if self.peer_id else self.client_code

    def is_in_force_on(self, day: date) -> bool:
        if self.revoked_on and self.revoked_on <= day:
            return False
        if self.signed_on > day:
            return False
        return not (self.expires_on and self.expires_on < day)


class Disclosure(models.Model):
    """One disclosure made under a consent, with the notice that went with it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="disclosures")
    consent = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="disclosures")
    disclosed_on = models.DateField(_("disclosed on"))
    recipient = models.CharField(_("recipient"), max_length=200)
    what = models.TextField(_("what was disclosed"))
    notice = models.TextField(_("notice sent with it"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.disclosed_on} to {self.recipient}"


class RetentionTarget(models.TextChoices):
    SERVICE_CLIENT_CODES = "service_client_codes", _("Client codes on service records and overdose responses")
    CLIENT_RESPONSES = "client_responses", _("Clients' questionnaire answers")
    LEFT_PEERS = "left_peers", _("Personal details of peers who left the programme")
    SIGN_IN_ATTEMPTS = "sign_in_attempts", _("Failed sign-in attempts")
    CASEWORK = (
        "casework",
        _("One-to-one casework of clients not seen for the period (plans, sessions, referrals)"),
    )


class RetentionRule(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="retention_rules")
    target = models.CharField(_("records"), max_length=32, choices=RetentionTarget.choices)
    keep_months = models.PositiveSmallIntegerField(_("keep for (months)"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["target"]
        constraints = [models.UniqueConstraint(fields=["organisation", "target"], name="one_rule_per_target")]

    def __str__(self) -> str:
        return f"{self.get_target_display()}: {self.keep_months} months"


class PurgeStatus(models.TextChoices):
    DRY_RUN = "dry_run", _("Dry run: nothing removed yet")
    DONE = "done", _("Purged")
    SUPERSEDED = "superseded", _("Replaced by a newer dry run")


class PurgeRun(models.Model):
    """A dry-run report of what retention would remove; purging carries out exactly that report."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="purge_runs")
    status = models.CharField(max_length=16, choices=PurgeStatus.choices, default=PurgeStatus.DRY_RUN)
    report = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    executed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d}"
