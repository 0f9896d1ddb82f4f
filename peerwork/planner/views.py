"""Planner pages: scenarios, runs with progress, side-by-side comparison and the backtest."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require

from . import charts
from .calibration import NotEnoughHistory, calibrate
from .forms import CompareForm, ScenarioForm
from .models import PlannerRun, Scenario
from .services import history_window, planner_run_execute, scenario_save
from .tasks import planner_run_request

# A queued run no task worker has started after this long is run by the page that waits for it.
UNCLAIMED_AFTER = timedelta(seconds=5)

METRICS = [
    ("active_total", _("Active peers")),
    ("waiting", _("Peers waiting for a first shift")),
    ("wait_weeks", _("Weeks waited for a first shift")),
    ("promotions", _("Promotions per week")),
    ("stalled", _("Stalled peers (met the criteria, no next-stage place)")),
]


def _org(request: HttpRequest) -> Any:
    return request.organisation  # type: ignore[attr-defined]


def _latest(scenario: Scenario) -> PlannerRun | None:
    return scenario.planner_runs.filter(status=PlannerRun.Status.DONE, kind=PlannerRun.Kind.FORECAST).first()


@require("can_use_planner")
def index(request: HttpRequest) -> HttpResponse:
    organisation = _org(request)
    scenarios = list(Scenario.objects.filter(organisation=organisation))
    calibration, problem = None, ""
    try:
        calibration = calibrate(organisation, *history_window(organisation))
    except NotEnoughHistory as exc:
        problem = str(exc)
    return render(
        request,
        "planner/index.html",
        {
            "scenarios": [(s, _latest(s)) for s in scenarios],
            "calibration": calibration,
            "problem": problem,
            "compare": CompareForm(organisation=organisation),
            "backtests": PlannerRun.objects.filter(organisation=organisation, kind=PlannerRun.Kind.BACKTEST)[
                :3
            ],
        },
    )


def _scenario_form(request: HttpRequest, scenario: Scenario | None) -> HttpResponse:
    organisation = _org(request)
    current = None
    try:
        current = calibrate(organisation, *history_window(organisation)).params.places_per_week
    except NotEnoughHistory:
        current = None
    initial = ScenarioForm.initial_for(scenario) if scenario else None
    form = ScenarioForm(request.POST or None, initial=initial, organisation=organisation, current=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        share = data.get("new_peer_share")
        try:
            saved = scenario_save(
                organisation=organisation,
                name=data["name"],
                description=data.get("description", ""),
                places_per_week=form.places(),
                next_stage_places_per_week=form.next_places(),
                new_peer_share=None if share is None else share / 100,
                cohort_size=data["cohort_size"],
                cohort_every_weeks=data["cohort_every_weeks"],
                runs=data["runs"],
                seed=data["seed"],
                scenario=scenario,
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            run = planner_run_request(
                organisation=organisation,
                scenario=saved,
                kind=PlannerRun.Kind.FORECAST,
                requested_by=request.user,
            )
            return redirect("planner:run", run_id=run.pk)
    return render(request, "planner/scenario_form.html", {"form": form, "scenario": scenario})


@require("can_use_planner")
def scenario_new(request: HttpRequest) -> HttpResponse:
    return _scenario_form(request, None)


@require("can_use_planner")
def scenario_edit(request: HttpRequest, scenario_id: int) -> HttpResponse:
    return _scenario_form(request, get_for_org(Scenario, _org(request), pk=scenario_id))


@require_POST
@require("can_use_planner")
def scenario_run(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = get_for_org(Scenario, _org(request), pk=scenario_id)
    run = planner_run_request(
        organisation=scenario.organisation,
        scenario=scenario,
        kind=PlannerRun.Kind.FORECAST,
        requested_by=request.user,
    )
    return redirect("planner:run", run_id=run.pk)


@require_POST
@require("can_use_planner")
def backtest(request: HttpRequest) -> HttpResponse:
    run = planner_run_request(
        organisation=_org(request), scenario=None, kind=PlannerRun.Kind.BACKTEST, requested_by=request.user
    )
    return redirect("planner:run", run_id=run.pk)


def forecast_charts(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One chart and table per metric, with one band per scenario in ``results``."""
    out = []
    weeks = next(iter(results.values()))["bands"]["weeks"]
    for key, label in METRICS:
        series = {name: result["bands"][key] for name, result in results.items()}
        out.append(
            {
                "title": label,
                "src": charts.bands(str(label), weeks, series),
                "headers": [_("Week")] + [f"{name}: 10% – {_('median')} – 90%" for name in series],
                "rows": charts.sampled_rows(weeks, series),
            }
        )
    return out


def _stage_chart(result: dict[str, Any]) -> dict[str, Any]:
    weeks = result["bands"]["weeks"]
    series = dict(zip(result["stage_names"], result["bands"]["active_by_stage"], strict=True))
    return {
        "title": _("Active peers by stage"),
        "src": charts.bands(_("Active peers by stage"), weeks, series),
        "headers": [_("Week")] + [f"{name}: 10% – {_('median')} – 90%" for name in series],
        "rows": charts.sampled_rows(weeks, series, every=8),
    }


def time_at_stage_rows(result: dict[str, Any]) -> list[tuple[str, dict[str, list[float]]]]:
    """Per stage, the band of average weeks at the stage (older results have none)."""
    bands = result["bands"].get("time_at_stage") or []
    return list(zip(result["stage_names"], bands, strict=False))


def _run(request: HttpRequest, run_id: int) -> PlannerRun:
    return get_for_org(PlannerRun.objects.select_related("scenario"), _org(request), pk=run_id)


def _run_context(run: PlannerRun) -> dict[str, Any]:
    context: dict[str, Any] = {"run": run}
    if run.status != PlannerRun.Status.DONE:
        return context
    if run.kind == PlannerRun.Kind.BACKTEST:
        result = run.result
        context["backtest_chart"] = charts.bands(
            _("Backtest: forecast band and what happened"),
            result["weeks"],
            {_("Forecast"): result["forecast"]},
            actual=result["actual"],
        )
        context["backtest_rows"] = [
            (
                w + 1,
                result["forecast"]["p10"][w],
                result["forecast"]["p50"][w],
                result["forecast"]["p90"][w],
                a,
            )
            for w, a in enumerate(result["actual"])
        ]
    else:
        context["time_at_stage"] = time_at_stage_rows(run.result)
        context["charts"] = [
            _stage_chart(run.result),
            *forecast_charts({run.scenario.name if run.scenario else "": run.result}),
        ]
    return context


@require("can_use_planner")
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    return render(request, "planner/run.html", _run_context(run))


@require("can_use_planner")
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The fragment the run page polls; runs a job no task worker has started after a few seconds."""
    run = _run(request, run_id)
    if run.status == PlannerRun.Status.QUEUED and timezone.now() - run.created_at > UNCLAIMED_AFTER:
        planner_run_execute(run)
        run = _run(request, run_id)
    return render(request, "planner/_run_status.html", _run_context(run))


@require("can_use_planner")
def compare(request: HttpRequest) -> HttpResponse:
    organisation = _org(request)
    form = CompareForm(request.GET or None, organisation=organisation)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        runs = {a: _latest(a), b: _latest(b)}
        missing = [s for s, r in runs.items() if r is None]
        if a == b:
            form.add_error("b", _("Choose two different scenarios to compare."))
        elif missing:
            context["missing"] = missing
        else:
            results = {s.name: r.result for s, r in runs.items() if r is not None}
            context["charts"] = forecast_charts(results)
            context["pair"] = list(runs.items())
            context["summary"] = [
                (label, [results[s.name]["bands"][key] for s in (a, b)]) for key, label in METRICS
            ]
            first, second = (time_at_stage_rows(results[s.name]) for s in (a, b))
            context["summary"] += [
                (_("Weeks at “%(stage)s”") % {"stage": name}, [one, two])
                for (name, one), (_n, two) in zip(first, second, strict=False)
            ]
    return render(request, "planner/compare.html", context)
