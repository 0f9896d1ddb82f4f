"""Saved what-if scenarios and the planner runs (forecasts and backtests) made from them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation


class Scenario(models.Model):
    """A what-if: changes to the calibrated programme. Empty values mean "as now"."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="planner_scenarios")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what this tries"), blank=True)
    places_per_week = models.JSONField(
        _("shift places per week, per stage"),
        default=dict,
        blank=True,
        help_text=_("Stage id to places per week; a stage left out keeps today's figure."),
    )
    next_stage_places_per_week = models.JSONField(
        _("next-stage places per week, per stage they lead to"),
        default=dict,
        blank=True,
        help_text=_("Stage id to places per week of work towards it; a stage left out keeps today's figure."),
    )
    new_peer_share = models.FloatField(
        _("share of entry places kept for new peers"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    cohort_size = models.PositiveSmallIntegerField(_("training cohort size"), default=0)
    cohort_every_weeks = models.PositiveSmallIntegerField(
        _("a cohort every (weeks)"), default=0, help_text=_("0 for no training cohorts.")
    )
    runs = models.PositiveIntegerField(
        _("simulated runs"), default=500, validators=[MinValueValidator(50), MaxValueValidator(5000)]
    )
    seed = models.PositiveIntegerField(_("random seed"), default=2026)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="scenario_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class PlannerRun(models.Model):
    class Kind(models.TextChoices):
        FORECAST = "forecast", _("Forecast")
        BACKTEST = "backtest", _("Backtest")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="planner_runs")
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, null=True, blank=True, related_name="planner_runs"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FORECAST)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The id of the task execution doing it (peerwork/core/runs.py); empty: a page did it inline.
    claim = models.CharField(max_length=64, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scenario or ''} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
