"""Cross-organisation matrix entries for planner routes (see tests/matrix.py)."""

from __future__ import annotations

from typing import Any

from peerwork.planner.models import PlannerRun, Scenario
from tests.personas import LEAK_MARKER, OrgPersonas


def _scenario(p: OrgPersonas) -> Scenario:
    return Scenario.objects.create(organisation=p.org, name=f"{LEAK_MARKER} what-if", description=LEAK_MARKER)


def _run(p: OrgPersonas) -> PlannerRun:
    return PlannerRun.objects.create(
        organisation=p.org, scenario=_scenario(p), status=PlannerRun.Status.FAILED, message=LEAK_MARKER
    )


ROUTES = {
    "planner:scenario_edit": lambda p: {"scenario_id": _scenario(p).pk},
    "planner:scenario_run": lambda p: {"scenario_id": _scenario(p).pk, "__post__": {}},
    "planner:run": lambda p: {"run_id": _run(p).pk},
    "planner:run_status": lambda p: {"run_id": _run(p).pk},
    "api:planner_scenario": lambda p: {"scenario_id": _scenario(p).pk},
    "api:planner_scenario_run": lambda p: {"scenario_id": _scenario(p).pk, "__post__": {}, "__json__": True},
    "api:planner_run": lambda p: {"run_id": _run(p).pk},
}


def seed_scenarios(p: OrgPersonas) -> Any:
    _run(p)


SEED = [seed_scenarios]
