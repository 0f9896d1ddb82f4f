"""Roles, shifts, sign-ups and assignments: the opportunities peers come for."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Course


class WorkStream(models.Model):
    """A line of work: harm reduction, or one of a social enterprise's business lines."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_streams")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="stream_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_roles")
    work_stream = models.ForeignKey(WorkStream, on_delete=models.PROTECT, related_name="roles")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    duties = models.JSONField(
        _("duties"),
        default=list,
        blank=True,
        help_text=_("What the job description says the role does, one duty per line."),
    )
    min_stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lowest stage"),
    )
    required_courses = models.ManyToManyField(
        Course,
        blank=True,
        related_name="required_for_roles",
        verbose_name=_("required certifications"),
    )
    is_paired = models.BooleanField(_("worked in pairs"), default=False)
    is_entry_level = models.BooleanField(_("good first shift for new peers"), default=False)
    is_day_labour = models.BooleanField(_("day placement by lottery"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="role_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class ShiftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for sign-up")
    ALLOCATED = "allocated", _("Allocated")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Shift(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shifts")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="shifts")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    slots = models.PositiveSmallIntegerField(_("places"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(max_length=16, choices=ShiftStatus.choices, default=ShiftStatus.OPEN)
    signup_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    notes = models.CharField(_("notes for peers"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["organisation", "starts_at"], name="shift_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds() / 3600).quantize(Decimal("0.01"))


class SignUp(models.Model):
    """A peer asking for a shift, optionally ranked (1 = most wanted)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signups")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="signups")
    rank = models.PositiveSmallIntegerField(_("preference"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    outcome_reason = models.TextField(_("why"), blank=True)
    waitlist_position = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["shift", "peer"], name="one_signup_per_shift")]

    def __str__(self) -> str:
        return f"{self.peer} → {self.shift}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Worked")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class Assignment(models.Model):
    """A peer holding a place on a shift, and what happened: check-in, check-out, duties done."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assignments")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    peer = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    duties_done = models.JSONField(default=list, blank=True)
    other_work = models.CharField(_("other work"), max_length=300, blank=True)
    quantity_done = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shift__starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["shift", "peer"], name="one_assignment_per_shift")]
        indexes = [models.Index(fields=["peer", "status"], name="assignment_peer_status")]

    def __str__(self) -> str:
        return f"{self.peer} on {self.shift}"

    @property
    def hours_worked(self) -> Decimal:
        if self.checked_in_at and self.checked_out_at:
            seconds = max(0.0, (self.checked_out_at - self.checked_in_at).total_seconds())
            return Decimal(seconds / 3600).quantize(Decimal("0.01"))
        return Decimal("0")
