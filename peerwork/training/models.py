"""Courses, sessions, attendance and the certifications attendance earns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker


class Course(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="courses")
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("short code"), max_length=40, help_text=_("e.g. naloxone, first-aid"))
    description = models.TextField(_("description"), blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it never expires."),
    )
    honorarium = models.DecimalField(
        _("honorarium for attending"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_active = models.BooleanField(_("offered"), default=True)
    # The work record is discreet by default: these say how the course reads to an employer.
    public_title = models.CharField(
        _("title on a work record"),
        max_length=200,
        blank=True,
        help_text=_("A neutral name for the discreet work record, e.g. 'Emergency first response'."),
    )
    reveals_programme = models.BooleanField(
        _("its name speaks of drug use or harm reduction"),
        default=False,
        help_text=_("On a discreet work record such a course shows only by its title on a work record."),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="course_code_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def expiry_for(self, issued_on: date) -> date | None:
        if not self.validity_months:
            return None
        return issued_on + relativedelta(months=self.validity_months)


class Cohort(models.Model):
    """A training programme run as a group: e.g. 20 two-hour sessions, or 16 weeks then an apprenticeship."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    weeks = models.PositiveSmallIntegerField(_("weeks"), null=True, blank=True)
    required_sessions = models.PositiveSmallIntegerField(
        _("sessions to attend"), default=20, validators=[MinValueValidator(1)]
    )
    then = models.CharField(
        _("then"), max_length=200, blank=True, help_text=_("What follows, e.g. a 6-month apprenticeship.")
    )
    participants = models.ManyToManyField(
        PeerWorker, through="CohortMember", related_name="cohorts", verbose_name=_("participants")
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="cohort_memberships")
    joined_on = models.DateField(_("joined on"))

    class Meta:
        ordering = ["peer__preferred_name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "peer"], name="one_membership_per_cohort")]

    def __str__(self) -> str:
        return f"{self.peer} in {self.cohort}"


class TrainingSession(models.Model):
    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="training_sessions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("part of programme"),
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="training_sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), default=12, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d}"


class SessionAttendance(models.Model):
    site_path: ClassVar[str] = "session__site"  # accounts/sites.py

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="training_attendances")
    attended = models.BooleanField(_("attended"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "peer"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.peer} at {self.session}"


class Certification(models.Model):
    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="certifications")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="certifications")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certifications")
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    attendance = models.OneToOneField(
        SessionAttendance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certification",
    )

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("issued_on")),
                name="certification_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.peer}"

    def is_valid_on(self, day: date) -> bool:
        return self.issued_on <= day and (self.expires_on is None or self.expires_on >= day)
