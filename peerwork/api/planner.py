"""Planner API: what-if scenarios, forecast runs and backtests (poll a run for progress and result)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.planner.models import PlannerRun, Scenario
from peerwork.planner.services import scenario_save
from peerwork.planner.tasks import planner_run_request

from .common import (
    JSON_INTEGER,
    BodyFloat,
    Error,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    member,
    org_of,
)

router = Router(tags=["planner"])


# Shift places a week at a stage: a JSON number, 0 or more.
Places = Annotated[BodyFloat, Field(ge=0, le=10_000)]


class ScenarioIn(Schema):
    name: Text
    description: Text = ""
    places_per_week: dict[Text, Places] = {}
    # Next-stage (stretch) places per week, by the stage id they lead to; kept for the stage below.
    next_stage_places_per_week: dict[Text, Places] = {}
    new_peer_share: Annotated[BodyFloat, Field(ge=0, le=1)] | None = None
    cohort_size: Annotated[int, Field(ge=0, le=32767), JSON_INTEGER] = 0
    cohort_every_weeks: Annotated[int, Field(ge=0, le=32767), JSON_INTEGER] = 0
    runs: Annotated[int, Field(ge=50, le=5000), JSON_INTEGER] = 500
    seed: Annotated[int, Field(ge=0, le=2**31 - 1), JSON_INTEGER] = 2026


class ScenarioOut(Schema):
    id: int
    name: str
    description: str
    places_per_week: dict[str, float]
    next_stage_places_per_week: dict[str, float]
    new_peer_share: float | None
    cohort_size: int
    cohort_every_weeks: int
    runs: int
    seed: int


class PlannerRunOut(Schema):
    id: int
    scenario_id: int | None
    kind: str
    status: str
    progress: int
    message: str
    created_at: datetime
    finished_at: datetime | None
    result: dict[str, Any] | None

    @staticmethod
    def resolve_result(obj: PlannerRun) -> dict[str, Any] | None:
        return obj.result if obj.status == PlannerRun.Status.DONE else None


@router.get(
    "/scenarios",
    operation_id="scenario_list",
    response=list[ScenarioOut],
    url_name="planner_scenarios",
    summary="Saved what-ifs",
)
@paginate(PageNumberPagination, page_size=50)
def scenario_list(request: HttpRequest) -> Any:
    member(request, "can_use_planner")
    return Scenario.objects.filter(organisation=org_of(request))


@router.post(
    "/scenarios",
    operation_id="scenario_create",
    response={201: ScenarioOut, 403: Error, 422: Error},
    url_name="planner_scenario_create",
    summary="Save a what-if: shift places per week per stage (by stage id), new-peer share, cohorts",
)
def scenario_create(request: HttpRequest, payload: ScenarioIn) -> Any:
    membership = member(request, "can_use_planner")
    negative = [k for k, v in payload.places_per_week.items() if v < 0]
    if negative:
        detail = "Shifts per week cannot be negative: enter 0 or more."
        return Status(409, {"detail": detail, "errors": {"places_per_week": [detail]}})
    try:
        scenario = scenario_save(
            organisation=org_of(request),
            name=payload.name,
            description=payload.description,
            places_per_week=payload.places_per_week,
            next_stage_places_per_week=payload.next_stage_places_per_week,
            new_peer_share=payload.new_peer_share,
            cohort_size=payload.cohort_size,
            cohort_every_weeks=payload.cohort_every_weeks,
            runs=payload.runs,
            seed=payload.seed,
            actor=membership.user,
        )
    except ValidationError as exc:
        errors = exc.message_dict
        return Status(409, {"detail": next(iter(errors.values()))[0], "errors": errors})
    return Status(201, scenario)


@router.get(
    "/scenarios/{scenario_id}",
    operation_id="scenario_get",
    response={200: ScenarioOut, 403: Error, 404: Error},
    url_name="planner_scenario",
    summary="One saved what-if",
)
def scenario_detail(request: HttpRequest, scenario_id: PathId) -> Any:
    member(request, "can_use_planner")
    return fetch(Scenario, request, pk=scenario_id)


@router.post(
    "/scenarios/{scenario_id}/runs",
    operation_id="scenario_run_create",
    response={202: PlannerRunOut, 403: Error, 404: Error},
    url_name="planner_scenario_run",
    summary="Forecast 52 weeks for a scenario; poll the run for progress and the 10–90% bands",
)
def scenario_run(request: HttpRequest, scenario_id: PathId) -> Any:
    membership = member(request, "can_use_planner")
    scenario = fetch(Scenario, request, pk=scenario_id)
    run = planner_run_request(
        organisation=scenario.organisation,
        scenario=scenario,
        kind=PlannerRun.Kind.FORECAST,
        requested_by=membership.user,
    )
    run.refresh_from_db()
    return Status(202, run)


@router.post(
    "/backtests",
    operation_id="planner_backtest_run",
    response={202: PlannerRunOut, 403: Error},
    url_name="planner_backtest",
    summary="Calibrate on the first half of the history, forecast the second half, report the error",
)
def backtest(request: HttpRequest) -> Any:
    membership = member(request, "can_use_planner")
    run = planner_run_request(
        organisation=org_of(request),
        scenario=None,
        kind=PlannerRun.Kind.BACKTEST,
        requested_by=membership.user,
    )
    run.refresh_from_db()
    return Status(202, run)


@router.get(
    "/runs/{run_id}",
    operation_id="planner_run_get",
    response={200: PlannerRunOut, 403: Error, 404: Error},
    url_name="planner_run",
    summary="A planner run: progress while it runs, then its result",
)
def run_detail(request: HttpRequest, run_id: PathId) -> Any:
    member(request, "can_use_planner")
    return fetch(PlannerRun, request, pk=run_id)
