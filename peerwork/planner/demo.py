"""Demo: two saved what-if scenarios, each run once, and a backtest, so the comparison page is ready."""

from __future__ import annotations

from peerwork.core.demo import DemoContext
from peerwork.pathway.models import Stage

from .models import PlannerRun
from .services import planner_run_execute, scenario_save


def build(ctx: DemoContext) -> None:
    org = ctx["org"]
    stages = list(Stage.objects.filter(organisation=org).order_by("order"))
    if not stages:
        return
    today = scenario_save(
        organisation=org,
        name="As today",
        description="The programme as it runs now, calibrated from the last 12 months.",
        places_per_week={},
        runs=400,
        seed=11,
    )
    more = scenario_save(
        organisation=org,
        name="Ten more entry shifts",
        description="Ten more entry places a week, a third of entry places kept for new peers, "
        "and a training cohort of 8 every 13 weeks.",
        places_per_week={},
        new_peer_share=0.33,
        cohort_size=8,
        cohort_every_weeks=13,
        runs=400,
        seed=11,
    )
    # The remedy for the Regent Park failure: next-stage work that leads senior peers to Peer lead.
    lead = scenario_save(
        organisation=org,
        name="Peer-lead work",
        description="Four team lead and outreach lead places a week, kept for senior peers who ask.",
        places_per_week={},
        next_stage_places_per_week={str(stages[-1].pk): 4.0},
        runs=400,
        seed=11,
    )
    runs = [
        PlannerRun.objects.create(organisation=org, scenario=scenario, kind=PlannerRun.Kind.FORECAST)
        for scenario in (today, more, lead)
    ]
    runs.append(PlannerRun.objects.create(organisation=org, kind=PlannerRun.Kind.BACKTEST))
    # The "more" scenario adds ten places to the calibrated entry figure once it is known.
    first = planner_run_execute(runs[0])
    if first.status == PlannerRun.Status.DONE:
        entry = first.result["params"]["places_per_week"][0]
        scenario_save(
            organisation=org,
            name=more.name,
            description=more.description,
            places_per_week={str(stages[0].pk): round(entry + 10, 1)},
            new_peer_share=0.33,
            cohort_size=8,
            cohort_every_weeks=13,
            runs=400,
            seed=11,
            scenario=more,
        )
    for run in runs[1:]:
        planner_run_execute(run)
    senior = len(stages) - 2  # the stage below the top: the one peer-lead work leads on from
    weeks = [_weeks_at(run, senior) for run in (runs[0], runs[2])]
    ctx.notes.append(
        "Planner: three scenarios (compare “As today” with “Peer-lead work” at /planner/compare), "
        "and a backtest. "
        f"Weeks at {stages[senior].name} after a year: {weeks[0]} as today, {weeks[1]} with peer-lead work "
        "(senior peers' hours brought forward from paper count)."
    )


def _weeks_at(run: PlannerRun, stage: int) -> str:
    """The median weeks at ``stage`` at the end of the run's horizon, or "?" if it did not finish."""
    run.refresh_from_db()
    bands = (run.result or {}).get("bands", {}).get("time_at_stage") or []
    if run.status != PlannerRun.Status.DONE or len(bands) <= stage:
        return "?"
    return f"{bands[stage]['p50'][-1]:.1f}"
