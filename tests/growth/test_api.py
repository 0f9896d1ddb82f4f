"""Growth API: competences, plans with goals, reviews by peer and supervisor, ratings, achievements."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from peerwork.growth.models import CompetenceRating, PlacementPlan, PlanReview

from .factories import competence, plan_for

API = "/api/v1/growth"
pytestmark = pytest.mark.django_db


def _send(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def test_the_admin_adds_a_competence_with_steps_and_a_stage_requirement(org_a, client_for):
    stage = competence(org_a.org).stage  # seeds the ladder
    client = client_for(org_a.admin)
    created = _send(client, "/competences", {
        "name": "Running a group", "stage_id": stage.pk, "steps": ["Joins", "Co-leads", "Leads"],
        "requirements": [{"stage_id": stage.pk, "level": 2}],
    })  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert [s["level"] for s in body["steps"]] == [1, 2, 3]
    assert body["requirements"] == [{"stage_id": stage.pk, "level": 2}]
    listed = client.get(f"{API}/competences").json()["items"]
    assert {c["name"] for c in listed} == {"Sharing lived experience", "Running a group"}
    refused = _send(client, "/competences", {"name": "One", "stage_id": stage.pk, "steps": ["only"]})
    assert refused.status_code == 409 and "steps" in refused.json()["errors"]


def test_a_coordinator_posts_a_plan_and_a_plan_without_goals_is_refused(org_a, client_for):
    comp = competence(org_a.org)
    today = org_a.org.today()
    client = client_for(org_a.coordinator)
    body = {
        "peer_id": org_a.peer.pk, "title": "Print shop", "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(), "supervisor_id": org_a.supervisor.pk,
        "goals": [{"competence_id": comp.pk}, {"text": "Run the press"}],
    }  # fmt: skip
    created = _send(client, "/plans", body)
    assert created.status_code == 201, created.content
    assert [g["text"] for g in created.json()["goals"]] == ["Sharing lived experience", "Run the press"]
    refused = _send(client, "/plans", {**body, "goals": []})
    assert refused.status_code == 409
    assert refused.json()["detail"] == "A plan has 2 to 5 learning goals; this one has 0."
    assert PlacementPlan.objects.count() == 1


def test_peer_and_supervisor_each_post_a_review_once(org_a, client_for):
    plan = plan_for(org_a.peer, org_a.supervisor)
    standings = [{"goal_id": g.pk, "standing": "on_the_way"} for g in plan.goals.all()]
    peer = client_for(org_a.peer_user)
    assert (
        _send(peer, f"/plans/{plan.pk}/reviews", {"moment": "midway", "standings": standings}).status_code
        == 201
    )
    again = _send(peer, f"/plans/{plan.pk}/reviews", {"moment": "midway", "standings": standings})
    assert again.status_code == 409 and "already recorded" in again.json()["detail"]
    sup = client_for(org_a.supervisor)
    assert (
        _send(sup, f"/plans/{plan.pk}/reviews", {"moment": "midway", "standings": standings}).status_code
        == 201
    )
    reviews = sup.get(f"{API}/plans/{plan.pk}/reviews").json()
    assert sorted(r["rater"] for r in reviews) == ["peer", "supervisor"]
    assert PlanReview.objects.count() == 2
    coordinator = client_for(org_a.coordinator)
    assert (
        _send(coordinator, f"/plans/{plan.pk}/reviews", {"moment": "end", "standings": standings}).status_code
        == 403
    )


def test_a_peer_sees_only_their_own_plans_and_ratings(org_a, client_for):
    from tests.factories import PeerWorkerFactory

    mine = plan_for(org_a.peer, org_a.supervisor)
    theirs = plan_for(PeerWorkerFactory(organisation=org_a.org), org_a.supervisor)
    peer = client_for(org_a.peer_user)
    assert [p["id"] for p in peer.get(f"{API}/plans").json()["items"]] == [mine.pk]
    assert peer.get(f"{API}/plans/{theirs.pk}").status_code == 404
    assert peer.get(f"{API}/plans/{mine.pk}/goals").status_code == 200
    assert peer.get(f"{API}/ratings?peer_id={theirs.peer_id}").status_code == 404


def test_ratings_by_peer_and_supervisor_and_one_off_the_scale(org_a, client_for):
    comp = competence(org_a.org)
    peer = client_for(org_a.peer_user)
    assert _send(peer, "/ratings", {"competence_id": comp.pk, "level": 2}).json()["rater"] == "peer"
    sup = client_for(org_a.supervisor)
    made = _send(sup, "/ratings", {"competence_id": comp.pk, "level": 3, "peer_id": org_a.peer.pk})
    assert made.status_code == 201 and made.json()["rater"] == "supervisor"
    off = _send(sup, "/ratings", {"competence_id": comp.pk, "level": 7, "peer_id": org_a.peer.pk})
    assert off.status_code == 409 and off.json()["errors"]["level"] == [
        "Choose a step from 1 to 4 for Sharing lived experience."
    ]
    assert CompetenceRating.objects.count() == 2
    listed = sup.get(f"{API}/ratings?peer_id={org_a.peer.pk}").json()["items"]
    assert [(r["rater"], r["level"]) for r in listed] == [("peer", 2), ("supervisor", 3)]
    achievements = sup.get(f"{API}/peers/{org_a.peer.pk}/achievements").json()
    assert achievements["competences"][0]["supervisor_level"] == 3


def test_another_organisation_gets_404_on_every_growth_object(org_a, org_b, client_for):
    comp = competence(org_a.org)
    plan = plan_for(org_a.peer, org_a.supervisor)
    for user in (org_b.admin, org_b.supervisor, org_b.peer_user):
        client = client_for(user)
        assert client.get(f"{API}/competences/{comp.pk}").status_code == 404
        assert client.get(f"{API}/plans/{plan.pk}").status_code == 404
        assert _send(
            client, f"/plans/{plan.pk}/reviews", {"moment": "midway", "standings": []}
        ).status_code in (403, 404)
    sup = client_for(org_b.supervisor)
    assert (
        _send(sup, "/ratings", {"competence_id": comp.pk, "level": 2, "peer_id": org_a.peer.pk}).status_code
        == 404
    )
    assert CompetenceRating.objects.count() == 0 and PlanReview.objects.count() == 0
