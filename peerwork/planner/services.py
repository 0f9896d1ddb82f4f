"""Writes for the planner: save scenarios, run forecasts and backtests into PlannerRun rows."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.audit.services import audit_record
from peerwork.core.runs import claim_run
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.shifts.models import Shift

from .calibration import NotEnoughHistory, actual_active, actual_promotions, calibrate
from .model import Params, simulate
from .models import PlannerRun, Scenario

logger = logging.getLogger("peerwork.planner")

WEEKS = 52
CAPACITY = 500
HISTORY_DAYS = 365


def history_window(organisation: Organisation) -> tuple[date, date]:
    """The last 12 months, or since the organisation's first shift if its history is shorter."""
    end = organisation.today()
    start = end - timedelta(days=HISTORY_DAYS)
    first = Shift.objects.filter(organisation=organisation).aggregate(first=Min("starts_at"))["first"]
    if first is not None:
        start = max(start, first.astimezone(organisation.zone).date())
    return start, end


def _check_scenario(
    organisation: Organisation,
    places_per_week: dict[str, float],
    new_peer_share: float | None,
    cohort_size: int,
    cohort_every_weeks: int,
    runs: int,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    stages = dict(Stage.objects.filter(organisation=organisation).values_list("id", "name"))
    for key, value in places_per_week.items():
        name = stages.get(int(key)) if str(key).isdigit() else None
        if name is None:
            errors.setdefault("places_per_week", []).append(
                _("Stage %(key)s is not on your ladder.") % {"key": key}
            )
        elif value is None or float(value) < 0:
            errors.setdefault("places_per_week", []).append(
                _("Shifts per week at “%(stage)s” cannot be negative: enter 0 or more.") % {"stage": name}
            )
    if new_peer_share is not None and not 0 <= new_peer_share <= 1:
        errors["new_peer_share"] = [_("The share for new peers must be between 0 and 1 (0% to 100%).")]
    if cohort_size < 0:
        errors["cohort_size"] = [_("A training cohort cannot have a negative size: enter 0 or more.")]
    if cohort_every_weeks < 0:
        errors["cohort_every_weeks"] = [
            _("Weeks between cohorts cannot be negative: enter 0 for no cohorts.")
        ]
    if cohort_size > 0 and cohort_every_weeks == 0:
        errors["cohort_every_weeks"] = [_("Say how often a cohort starts (every how many weeks).")]
    if not 50 <= runs <= 5000:
        errors["runs"] = [_("Choose between 50 and 5,000 simulated runs.")]
    return errors


def scenario_save(
    *,
    organisation: Organisation,
    name: str,
    places_per_week: dict[str, float],
    new_peer_share: float | None = None,
    cohort_size: int = 0,
    cohort_every_weeks: int = 0,
    runs: int = 500,
    seed: int = 2026,
    description: str = "",
    scenario: Scenario | None = None,
    actor: Any = None,
    next_stage_places_per_week: dict[str, float] | None = None,
) -> Scenario:
    places = {str(k): v for k, v in places_per_week.items() if v is not None and v != ""}
    stretch = {str(k): v for k, v in (next_stage_places_per_week or {}).items() if v is not None and v != ""}
    errors = _check_scenario(organisation, places, new_peer_share, cohort_size, cohort_every_weeks, runs)
    for message in _check_scenario(organisation, stretch, None, 0, 0, runs).get("places_per_week", []):
        errors.setdefault("next_stage_places_per_week", []).append(message)
    clash = Scenario.objects.filter(organisation=organisation, name=name)
    if scenario is not None:
        clash = clash.exclude(pk=scenario.pk)
    if clash.exists():
        errors["name"] = [_("You already have a scenario with this name.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        scenario = scenario or Scenario(organisation=organisation, created_by=actor)
        scenario.name = name
        scenario.description = description
        scenario.places_per_week = {k: float(v) for k, v in places.items()}
        scenario.next_stage_places_per_week = {k: float(v) for k, v in stretch.items()}
        scenario.new_peer_share = new_peer_share
        scenario.cohort_size = cohort_size
        scenario.cohort_every_weeks = cohort_every_weeks
        scenario.runs = runs
        scenario.seed = seed
        scenario.save()
        audit_record(action="planner_scenario_saved", organisation=organisation, actor=actor, obj=scenario)
    return scenario


def scenario_params(scenario: Scenario, base: Params) -> Params:
    """The calibrated parameters with the scenario's what-ifs applied."""
    stage_ids = list(
        Stage.objects.filter(organisation=scenario.organisation)
        .order_by("order")
        .values_list("id", flat=True)
    )
    places = list(base.places_per_week)
    stretch = list(base.next_stage_places_per_week) or [0.0] * len(stage_ids)
    for i, stage_id in enumerate(stage_ids):
        if str(stage_id) in scenario.places_per_week:
            places[i] = float(scenario.places_per_week[str(stage_id)])
        if str(stage_id) in scenario.next_stage_places_per_week and i < len(stretch):
            stretch[i] = float(scenario.next_stage_places_per_week[str(stage_id)])
    return replace(
        base,
        places_per_week=places,
        next_stage_places_per_week=stretch,
        new_peer_share=base.new_peer_share if scenario.new_peer_share is None else scenario.new_peer_share,
        cohort_size=scenario.cohort_size,
        cohort_every_weeks=scenario.cohort_every_weeks,
    )


def forecast(scenario: Scenario, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    start, end = history_window(scenario.organisation)
    calibration = calibrate(scenario.organisation, start, end)
    params = scenario_params(scenario, calibration.params)
    outcome = simulate(
        params,
        runs=scenario.runs,
        weeks=WEEKS,
        capacity=max(CAPACITY, len(params.initial) * 2),
        seed=scenario.seed,
        progress=progress,
    )
    summary = {k: v for k, v in params.to_json().items() if k != "initial"}
    return {
        "scenario": scenario.name,
        "stage_names": params.stage_names,
        "bands": outcome.bands(),
        "params": summary,
        "calibrated_from": [start.isoformat(), end.isoformat()],
        "peers_now": len(params.initial),
    }


def backtest(
    organisation: Organisation, progress: Callable[[int], None] | None = None, runs: int = 300
) -> dict[str, Any]:
    """Calibrate on the first half of the history, forecast the second half, and measure the error."""
    start, end = history_window(organisation)
    middle = start + (end - start) / 2
    weeks = (end - middle).days // 7
    if weeks < 4:
        raise NotEnoughHistory(_("A backtest needs at least 8 weeks of history."))
    calibration = calibrate(organisation, start, middle)
    outcome = simulate(
        calibration.params,
        runs=runs,
        weeks=weeks,
        capacity=max(CAPACITY, len(calibration.params.initial) * 2),
        seed=7,
        progress=progress,
    )
    bands = outcome.bands()
    actual = actual_active(organisation, middle, weeks)
    median = bands["active_total"]["p50"]
    errors = [abs(m - a) for m, a in zip(median, actual, strict=True)]
    inside = sum(
        1
        for low, high, a in zip(
            bands["active_total"]["p10"], bands["active_total"]["p90"], actual, strict=True
        )
        if low <= a <= high
    )
    return {
        "calibrated_on": [start.isoformat(), middle.isoformat()],
        "forecast_to": end.isoformat(),
        "weeks": weeks,
        "forecast": bands["active_total"],
        "actual": actual,
        "mean_absolute_error": round(sum(errors) / len(errors), 2),
        "mean_absolute_percentage_error": round(
            100
            * sum(e / a for e, a in zip(errors, actual, strict=True) if a)
            / max(1, sum(1 for a in actual if a)),
            1,
        ),
        "weeks_inside_band": inside,
        "promotions_forecast": bands["promotions_total"],
        "promotions_actual": actual_promotions(organisation, middle, weeks),
    }


def planner_run_execute(run: PlannerRun, *, claim: str = "") -> PlannerRun:
    """Do the work of one queued run, saving progress as it goes; a failure is saved with its reason.

    ``claim``: the id of the task doing it (peerwork/core/runs.py), so that the same task run again
    after its worker died does it again, while a run another execution is doing is left alone.
    """

    def progress(percent: int) -> None:
        PlannerRun.objects.filter(pk=run.pk).update(progress=min(99, percent))

    claimed = claim_run(PlannerRun, pk=run.pk, claim=claim, progress=1)
    if not claimed:  # a worker or the page's fallback already took it
        run.refresh_from_db()
        return run
    try:
        if run.kind == PlannerRun.Kind.BACKTEST:
            result = backtest(run.organisation, progress)
        else:
            assert run.scenario is not None
            result = forecast(run.scenario, progress)
    except NotEnoughHistory as exc:
        PlannerRun.objects.filter(pk=run.pk).update(
            status=PlannerRun.Status.FAILED, message=str(exc), finished_at=timezone.now()
        )
    except Exception:
        logger.exception("planner run %s failed", run.pk)
        PlannerRun.objects.filter(pk=run.pk).update(
            status=PlannerRun.Status.FAILED,
            message=_(
                "The planner could not finish this run. "
                "Try again; if it fails again, tell your administrator."
            ),
            finished_at=timezone.now(),
        )
    else:
        PlannerRun.objects.filter(pk=run.pk).update(
            status=PlannerRun.Status.DONE, progress=100, result=result, finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run
