"""A peer's contract (casual, fixed-term, permanent) and the standing weekly shifts it commits them to."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role, WeeklyTemplate

WEEKDAYS = WeeklyTemplate._meta.get_field("weekday").choices
# Weeks in a pay period, to turn a salary into an hourly figure (a month is 52/12 weeks).
WEEKS_IN = {"week": Decimal("1"), "fortnight": Decimal("2"), "month": Decimal("52") / Decimal("12")}


class ContractKind(models.TextChoices):
    CASUAL = "casual", _("Casual")
    FIXED_TERM = "fixed_term", _("Fixed-term")
    PERMANENT = "permanent", _("Permanent")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Signed")
    ENDED = "ended", _("Ended")


class PayBasis(models.TextChoices):
    HOURLY = "hourly", _("Per hour")
    SALARY = "salary", _("Salary per pay period")


class SalaryPeriod(models.TextChoices):
    WEEK = "week", _("Weekly")
    FORTNIGHT = "fortnight", _("Fortnightly")
    MONTH = "month", _("Monthly")


class Contract(models.Model):
    """One contract of one peer. Signed contracts are not edited: a renewal is a new, linked one."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contracts")
    peer = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="contracts")
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("paid from site"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContractKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("80"))],
    )
    full_time_share = models.PositiveSmallIntegerField(
        _("share of full time (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="contracts", verbose_name=_("roles"))
    pay_basis = models.CharField(_("pay"), max_length=8, choices=PayBasis.choices, default=PayBasis.HOURLY)
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=8, decimal_places=2, null=True, blank=True)
    salary = models.DecimalField(
        _("salary per pay period"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    salary_period = models.CharField(_("pay period"), max_length=10, choices=SalaryPeriod.choices, blank=True)
    probation_review_on = models.DateField(_("probation review"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    renewal_count = models.PositiveSmallIntegerField(_("times renewed"), default=0)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "ends_on"], name="contract_org_status_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer} {self.get_kind_display()} from {self.starts_on}"

    @property
    def weekly_hours(self) -> Decimal | None:
        """Hours a week: given, or the share of the organisation's full-time week."""
        if self.hours_per_week is not None:
            return self.hours_per_week
        if self.full_time_share is not None:
            return (self.organisation.full_time_hours * self.full_time_share / 100).quantize(Decimal("0.1"))
        return None

    @property
    def effective_hourly(self) -> Decimal | None:
        """What the contract pays per hour: the rate, or the salary over the period's hours."""
        if self.pay_basis == PayBasis.HOURLY:
            return self.hourly_rate
        hours = self.weekly_hours
        if self.salary is None or not hours or self.salary_period not in WEEKS_IN:
            return None
        return (self.salary / (hours * WEEKS_IN[self.salary_period])).quantize(Decimal("0.01"))

    @property
    def weekly_pay(self) -> Decimal | None:
        """What the contract pays in an ordinary week (for benefit limits)."""
        if self.pay_basis == PayBasis.SALARY:
            if self.salary is None or self.salary_period not in WEEKS_IN:
                return None
            return (self.salary / WEEKS_IN[self.salary_period]).quantize(Decimal("0.01"))
        hours = self.weekly_hours
        if self.hourly_rate is None or hours is None:
            return None
        return (self.hourly_rate * hours).quantize(Decimal("0.01"))


class StandingShift(models.Model):
    """A weekly shift the contract holds for its peer: made into a shift with the peer's place each week."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="standing_shifts")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="standing_shifts")
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=WEEKDAYS)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="standing_shifts", verbose_name=_("role")
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="standing_shifts", verbose_name=_("site")
    )

    class Meta:
        ordering = ["weekday", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="standing_shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def hours(self) -> Decimal:
        minutes = (self.end_time.hour * 60 + self.end_time.minute) - (
            self.start_time.hour * 60 + self.start_time.minute
        )
        return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
