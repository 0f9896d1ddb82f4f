"""Daily indicator rollups, funder report templates and the report runs built from them.

Indicators themselves are declared in code (``indicators.py``); this module only stores their
computed values, so dashboards, alerts and reports read a small table instead of raw rows.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.shifts.models import WorkStream


class IndicatorValue(models.Model):
    """One indicator's value for one organisation, day and slice (site, stage or work stream).

    ``slice_key`` spells the slice ("" for the whole organisation, "site:3", "stage:2",
    "stream:1", "site:3|stage:2") so one unique constraint covers rows whose foreign keys
    are empty; the foreign keys are kept for filtering and joins.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="indicator_values")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    work_stream = models.ForeignKey(
        WorkStream, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    slice_key = models.CharField(max_length=64, blank=True, default="")
    day = models.DateField()
    indicator_id = models.CharField(max_length=64)
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator_id", "slice_key", "day"],
                name="indicator_value_unique_per_slice_day",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "indicator_id", "day"], name="indicator_org_ind_day"),
            models.Index(fields=["organisation", "day"], name="indicator_org_day"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.slice_key or 'all'} {self.day}: {self.value}"


class RollupRefresh(models.Model):
    """When an organisation's rollups were last rebuilt, and over which days."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Building")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rollup_refreshes")
    first_day = models.DateField()
    last_day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The id of the task execution doing it (peerwork/core/runs.py); empty: a page did it inline.
    claim = models.CharField(max_length=64, blank=True, editable=False)
    rows_written = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Rollups {self.first_day}–{self.last_day} ({self.status})"


class ReportTemplate(models.Model):
    """What one funder asks for: which indicators, over which period, for which sites."""

    site_path: ClassVar[str] = "sites"  # accounts/sites.py
    site_path_every: ClassVar[bool] = True

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="report_templates")
    name = models.CharField(_("report name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200)
    indicator_ids = models.JSONField(_("indicators"), default=list)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    sites = models.ManyToManyField(
        Site,
        blank=True,
        related_name="+",
        verbose_name=_("sites"),
        help_text=_("Leave empty for every site."),
    )
    notes = models.TextField(_("notes for the funder"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["funder", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_template_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.name}"


class ReportRun(models.Model):
    """One build of a report: its progress while it builds, then the table and the three files."""

    site_path: ClassVar[str] = "template__sites"  # accounts/sites.py
    site_path_every: ClassVar[bool] = True

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="report_runs")
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The id of the task execution doing it (peerwork/core/runs.py); empty: a page did it inline.
    claim = models.CharField(max_length=64, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    content = models.JSONField(default=dict, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    csv = models.BinaryField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
