"""Organisations and their sites. Every other record in Peerwork belongs to one organisation."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone name such as America/Toronto."), params={"value": value}
        )


class ClientCodeScheme(models.TextChoices):
    ONTARIO = (
        "ontario",
        _("Ontario harm reduction: gender, four letters, birth year (e.g. F-ABCD-1980)"),
    )
    SHORT = "short", _("Programme code: 4 to 12 letters and digits")
    NONE = "none", _("Do not record client codes")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("Two-letter code, e.g. CA, NO, AT."))
    currency = models.CharField(_("currency"), max_length=3, default="CAD")
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_time_zone]
    )
    language = models.CharField(_("default language"), max_length=8, choices=settings.LANGUAGES, default="en")
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Counts from 1 up to this number are hidden in reports and exports."),
    )
    client_code_scheme = models.CharField(
        _("client code scheme"),
        max_length=16,
        choices=ClientCodeScheme.choices,
        default=ClientCodeScheme.ONTARIO,
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep records for (months)"),
        default=84,
        help_text=_("Records older than this are purged after a dry run."),
    )
    role_check_every_weeks = models.PositiveSmallIntegerField(
        _("role check every (weeks)"),
        default=6,
        validators=[MaxValueValidator(52)],
        help_text=_(
            "How often a peer is asked what they were hired for, what their days held and what they "
            "would change. 0 turns the role check off."
        ),
    )
    # Employment policy for contracts (shifts.contracts): set per organisation, never a constant.
    minimum_wage_hourly = models.DecimalField(
        _("minimum wage per hour"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("No contract may pay less per hour. Empty: no minimum is checked."),
    )
    full_time_hours = models.DecimalField(
        _("full-time hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("37.5"),
        validators=[MinValueValidator(1)],
        help_text=_("A contract's share of full time is a share of these hours."),
    )
    max_fixed_term_renewals = models.PositiveSmallIntegerField(
        _("most renewals of a fixed-term contract"),
        default=2,
        help_text=_("Renewing more often than this raises an alert on the dashboard."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self, at: datetime | None = None) -> date:
        """The organisation's local date (now, or at an aware moment): the only "today" a person sees."""
        return timezone.localtime(at or timezone.now(), self.zone).date()

    def day_bounds(self, first: date, last: date | None = None) -> tuple[datetime, datetime]:
        """The aware moments the local days ``first``..``last`` (just ``first`` by default) begin and
        end (exclusive): what a filter on a timestamp needs to ask for local dates."""
        # The first and last days a calendar holds have no UTC instant in every zone: keep inside them.
        lowest, highest = date(1, 1, 2), date(9999, 12, 30)
        start = min(max(first, lowest), highest)
        end = min(max(last or first, lowest), highest) + timedelta(days=1)
        zone = self.zone
        return datetime.combine(start, time.min, tzinfo=zone), datetime.combine(end, time.min, tzinfo=zone)


class Site(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name
