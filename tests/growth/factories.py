"""Growth test data: a small framework on the default ladder, plans with goals, reviews and ratings."""

from __future__ import annotations

from datetime import date, timedelta

from peerwork.accounts.models import User
from peerwork.growth.models import Competence, PlacementPlan, Rater, Standing
from peerwork.growth.services import (
    GoalInput,
    competence_rate,
    competence_save,
    placement_plan_create,
    plan_review_record,
)
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.pathway.services import ladder_seed_default
from peerwork.peers.models import PeerWorker

STEPS = ["Knows it from training", "Does it with help", "Does it alone", "Shows others how"]


def competence(organisation: Organisation, name: str = "Sharing lived experience", *, stage_order: int = 2,
               steps: list[str] | None = None) -> Competence:  # fmt: skip
    stages = ladder_seed_default(organisation=organisation) or list(
        Stage.objects.filter(organisation=organisation).order_by("order")
    )
    stage = next(s for s in stages if s.order == stage_order)
    return competence_save(organisation=organisation, stage=stage, name=name, steps=steps or STEPS)


def plan_for(peer: PeerWorker, supervisor: User, *, goals: int = 2, title: str = "Outreach stretch",
             starts_ago: int = 30, length: int = 40) -> PlacementPlan:  # fmt: skip
    today = peer.organisation.today()
    return placement_plan_create(
        peer=peer,
        title=title,
        starts_on=today - timedelta(days=starts_ago),
        ends_on=today - timedelta(days=starts_ago) + timedelta(days=length),
        supervisor=supervisor,
        goals=[GoalInput(text=f"Goal number {n}") for n in range(1, goals + 1)],
        by=supervisor,
    )


def review(plan: PlacementPlan, moment: str, rater: str, by: User, standing: str = Standing.ON_THE_WAY,
           on: date | None = None):  # type: ignore[no-untyped-def]  # fmt: skip
    return plan_review_record(
        plan=plan,
        moment=moment,
        rater=rater,
        standings={g.pk: (standing, "") for g in plan.goals.all()},
        by=by,
        on=on,
    )


def rate(peer: PeerWorker, comp: Competence, level: int, by: User, rater: str = Rater.SUPERVISOR,
         on: date | None = None):  # type: ignore[no-untyped-def]  # fmt: skip
    return competence_rate(peer=peer, competence=comp, rater=rater, level=level, by=by, on=on)
