"""Questionnaires as data: instruments and their versions, responses, scores, sharing, schedules."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .definitions import Definition


class AssessmentSettings(models.Model):
    """An organisation's choices for questionnaires."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="assessment_settings"
    )
    clients_enabled = models.BooleanField(
        _("clients can answer questionnaires"),
        default=False,
        help_text=_("Staff may then run check-ins with clients, recorded under the client's code."),
    )
    reminders_enabled = models.BooleanField(_("send reminders when a check-in is due"), default=True)

    def __str__(self) -> str:
        return f"assessment settings of {self.organisation}"


class Instrument(models.Model):
    """A questionnaire in one organisation; its definitions are versions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="instruments")
    key = models.SlugField(_("id"), max_length=60)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="instrument_key_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.key


class VersionSource(models.TextChoices):
    SHIPPED = "shipped", _("Shipped with Peerwork")
    LOADED = "loaded", _("Loaded by the organisation")


class InstrumentVersion(models.Model):
    """One version of a definition (validated JSON) plus the organisation's licensed wording, if any."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=20)
    definition = models.JSONField()
    source = models.CharField(max_length=10, choices=VersionSource.choices, default=VersionSource.SHIPPED)
    wording = models.JSONField(null=True, blank=True)
    wording_source = models.CharField(_("wording source"), max_length=300, blank=True)
    wording_loaded_at = models.DateTimeField(null=True, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument__key", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "version"], name="instrument_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.key} {self.version}"

    def as_definition(self) -> Definition:
        return Definition(self.definition, self.wording)

    @property
    def can_administer(self) -> bool:
        return self.as_definition().can_administer


class Mode(models.TextChoices):
    KIOSK = "kiosk", _("On the kiosk")
    PHONE = "phone", _("On a phone")
    STAFF = "staff", _("With a staff member")


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Started")
    SUBMITTED = "submitted", _("Finished")


class AssessmentResponse(models.Model):
    """One sitting of one instrument version, by a peer or by a client (recorded by code only)."""

    # Where it was taken, or the peer's sites: a client's sitting belongs to its site (accounts/sites.py).
    site_path: ClassVar[tuple[str, ...]] = ("site", "peer__sites")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessment_responses"
    )
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses"
    )
    peer = models.ForeignKey(
        PeerWorker, on_delete=models.CASCADE, null=True, blank=True, related_name="assessment_responses"
    )
    client_code = models.CharField(_("client code"), max_length=32, blank=True, db_index=True)
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mode = models.CharField(_("how"), max_length=8, choices=Mode.choices, default=Mode.PHONE)
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=8, blank=True)
    answers: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    shared_with_staff = models.BooleanField(_("shared with staff"), default=False)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(peer__isnull=False) & Q(client_code=""))
                | (Q(peer__isnull=True) & ~Q(client_code="")),
                name="response_has_one_subject",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "submitted_at"], name="response_org_status")
        ]

    def __str__(self) -> str:
        return f"{self.instrument_version} — {self.subject_label}"

    @property
    def subject_label(self) -> str:
        return str(self.peer) if self.peer_id else self.client_code

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Score(models.Model):
    """A computed score, stored with the instrument id and version it was computed by."""

    response = models.ForeignKey(AssessmentResponse, on_delete=models.CASCADE, related_name="scores")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    instrument_key = models.CharField(max_length=60)
    version = models.CharField(max_length=20)
    target = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    answered = models.PositiveSmallIntegerField(default=0)
    missing = models.PositiveSmallIntegerField(default=0)
    band = models.CharField(max_length=60, blank=True)
    at_or_above_cutoff = models.BooleanField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["response", "id"]
        constraints = [models.UniqueConstraint(fields=["response", "target"], name="score_target_unique")]

    def __str__(self) -> str:
        return f"{self.instrument_key} {self.target} = {self.value}"


class StandingShare(models.Model):
    """A peer's standing choice to share results with staff (one instrument, or all when empty)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="assessment_shares")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.peer} shares {self.instrument or 'all'}"


class Schedule(models.Model):
    """Baseline on ``starts_on``, then every ``every_months`` months after the last finished one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessment_schedules"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="schedules")
    peer = models.ForeignKey(
        PeerWorker, on_delete=models.CASCADE, null=True, blank=True, related_name="assessment_schedules"
    )
    client_code = models.CharField(_("client code"), max_length=32, blank=True)
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_on = models.DateField(_("baseline due"))
    every_months = models.PositiveSmallIntegerField(_("then every (months)"), default=3)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(peer__isnull=False) & Q(client_code=""))
                | (Q(peer__isnull=True) & ~Q(client_code="")),
                name="schedule_has_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} for {self.peer or self.client_code}"


class Reminder(models.Model):
    """A reminder sent (or queued) for one due date of one schedule; never sent twice."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    channel = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["schedule", "due_on"], name="reminder_once_per_due")]

    def __str__(self) -> str:
        return f"reminder {self.schedule_id} {self.due_on}"
