"""Growth's routes for the cross-organisation matrix, and organisation A's marked growth data."""

from __future__ import annotations

from typing import Any

from peerwork.growth.models import Moment, Rater, Standing

from ..personas import LEAK_MARKER, OrgPersonas
from .factories import competence, plan_for, rate, review


def _competence(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": competence(org.org, f"{LEAK_MARKER} competence").pk}


def _plan(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": plan_for(org.peer, org.supervisor, title=f"{LEAK_MARKER} plan").pk}


def _review(org: OrgPersonas) -> dict[str, Any]:
    plan = plan_for(org.peer, org.supervisor, title=f"{LEAK_MARKER} plan")
    goal = plan.goals.first()
    return {"pk": plan.pk, "moment": "midway", "__post__": {f"goal_{goal.pk}": "achieved"}}


def _peer(org: OrgPersonas) -> dict[str, Any]:
    return {"peer_pk": org.peer.pk}


def _rate(org: OrgPersonas) -> dict[str, Any]:
    comp = competence(org.org, f"{LEAK_MARKER} competence")
    return {"peer_pk": org.peer.pk, "__post__": {"competence": comp.pk, "level": 2}}


ROUTES = {
    "growth:competence_edit": _competence,
    "growth:plan_detail": _plan,
    "growth:plan_review": _review,
    "growth:my_review": _review,
    "growth:peer_growth": _peer,
    "growth:peer_rate": _rate,
}


def seed_growth(org: OrgPersonas) -> None:
    comp = competence(org.org, f"{LEAK_MARKER} competence")
    plan = plan_for(org.peer, org.supervisor, title=f"{LEAK_MARKER} plan")
    review(plan, Moment.MIDWAY, Rater.SUPERVISOR, org.supervisor, Standing.ON_THE_WAY)
    rate(org.peer, comp, 2, org.supervisor)


SEED = [seed_growth]


def _api_competence(org: OrgPersonas) -> dict[str, Any]:
    return {"competence_id": _competence(org)["pk"]}


def _api_plan(org: OrgPersonas) -> dict[str, Any]:
    return {"plan_id": _plan(org)["pk"]}


def _api_review(org: OrgPersonas) -> dict[str, Any]:
    return {"plan_id": _plan(org)["pk"], "__post__": {"moment": "midway", "standings": []}, "__json__": True}


def _api_peer(org: OrgPersonas) -> dict[str, Any]:
    seed_growth(org)
    return {"peer_id": org.peer.pk}


ROUTES.update(
    {
        "api:growth_competence": _api_competence,
        "api:growth_plan": _api_plan,
        "api:growth_plan_goals": _api_plan,
        "api:growth_plan_reviews": _api_review,
        "api:plan_review_create": _api_review,
        "api:growth_achievements": _api_peer,
    }
)
