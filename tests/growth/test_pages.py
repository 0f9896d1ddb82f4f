"""The growth pages: staff make a plan and review it, the peer records their side, both rate; bad input
keeps what was typed and saves nothing; another organisation, site or peer gets 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from peerwork.growth.models import Competence, CompetenceRating, PlacementPlan, PlanReview, Rater
from tests.factories import PeerWorkerFactory
from tests.test_site_limited_lists import OTHER, OWN, _limit

from .factories import competence, plan_for

pytestmark = pytest.mark.django_db


def _plan_post(org, **extra):  # type: ignore[no-untyped-def]
    today = org.org.today()
    data = {
        "peer": org.peer.pk,
        "title": "Bicycle repair stretch",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=56)).isoformat(),
        "supervisor": org.supervisor.pk,
        "goal_1_text": "Fix a puncture alone",
        "goal_2_text": "Explain a repair to a customer",
    }
    data.update(extra)
    return data


def test_a_coordinator_makes_a_plan_and_sees_its_goals(org_a, client_for):
    comp = competence(org_a.org)
    client = client_for(org_a.coordinator)
    response = client.post(reverse("growth:plan_add"), _plan_post(org_a, goal_3_competence=comp.pk))
    plan = PlacementPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "growth:plan_detail", args=[plan.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Fix a puncture alone" in page and "Sharing lived experience" in page
    assert "Mid-way review" in page and "not yet" in page


def test_a_plan_without_goals_says_why_and_keeps_what_was_typed(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(reverse("growth:plan_add"), _plan_post(org_a, goal_1_text="", goal_2_text=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "A plan has 2 to 5 learning goals; this one has 0." in page
    assert 'value="Bicycle repair stretch"' in page
    assert PlacementPlan.objects.count() == 0


def test_the_supervisor_reviews_mid_way_then_the_peer_and_both_are_shown(org_a, client_for):
    plan = plan_for(org_a.peer, org_a.supervisor, goals=2)
    goals = list(plan.goals.all())
    sup = client_for(org_a.supervisor)
    url = reverse("growth:plan_review", args=[plan.pk, "midway"])
    assert "Record the supervisor" in sup.get(reverse("growth:plan_detail", args=[plan.pk])).content.decode()
    response = sup.post(url, {f"goal_{goals[0].pk}": "on_the_way", f"goal_{goals[1].pk}": "not_started"})
    assert response.status_code == 302
    peer = client_for(org_a.peer_user)
    mine = peer.get(reverse("growth:mine")).content.decode()
    assert "Do my mid-way review" in mine
    response = peer.post(
        reverse("growth:my_review", args=[plan.pk, "midway"]),
        {
            f"goal_{goals[0].pk}": "achieved",
            f"goal_{goals[1].pk}": "on_the_way",
            f"goal_{goals[1].pk}_note": "Nearly",
        },
    )
    assert response.status_code == 302
    assert set(PlanReview.objects.values_list("rater", flat=True)) == {"peer", "supervisor"}
    page = sup.get(reverse("growth:plan_detail", args=[plan.pk])).content.decode()
    assert "Achieved" in page and "On the way" in page and "Not started" in page and "Nearly" in page
    again = peer.post(
        reverse("growth:my_review", args=[plan.pk, "midway"]),
        {f"goal_{goals[0].pk}": "not_started", f"goal_{goals[1].pk}": "not_started"},
    )
    assert "This review is already recorded. It is kept as it was." in again.content.decode()


def test_a_review_with_a_goal_left_open_saves_nothing(org_a, client_for):
    plan = plan_for(org_a.peer, org_a.supervisor, goals=2)
    first = plan.goals.first()
    response = client_for(org_a.peer_user).post(
        reverse("growth:my_review", args=[plan.pk, "midway"]), {f"goal_{first.pk}": "achieved"}
    )
    assert response.status_code == 422
    assert "Say where you stand on: Goal number 2." in response.content.decode()
    assert PlanReview.objects.count() == 0


def test_a_peer_cannot_open_another_peers_plan_and_an_unknown_moment_is_404(org_a, client_for):
    other = PeerWorkerFactory(organisation=org_a.org)
    plan = plan_for(other, org_a.supervisor)
    peer = client_for(org_a.peer_user)
    assert peer.get(reverse("growth:my_review", args=[plan.pk, "midway"])).status_code == 404
    own = plan_for(org_a.peer, org_a.supervisor)
    assert peer.get(reverse("growth:my_review", args=[own.pk, "later"])).status_code == 404


def test_another_organisations_supervisor_gets_404_for_a_review(org_a, org_b, client_for):
    plan = plan_for(org_a.peer, org_a.supervisor)
    goal = plan.goals.first()
    response = client_for(org_b.supervisor).post(
        reverse("growth:plan_review", args=[plan.pk, "midway"]), {f"goal_{goal.pk}": "achieved"}
    )
    assert response.status_code == 404
    assert PlanReview.objects.count() == 0


def test_supervisor_and_peer_rate_and_see_both_on_the_chart_page(org_a, client_for):
    comp = competence(org_a.org)
    sup = client_for(org_a.supervisor)
    response = sup.post(
        reverse("growth:peer_rate", args=[org_a.peer.pk]), {"competence": comp.pk, "level": 3}
    )
    assert response.status_code == 302
    peer = client_for(org_a.peer_user)
    assert peer.post(reverse("growth:mine"), {"competence": comp.pk, "level": 2}).status_code == 302
    assert sorted(CompetenceRating.objects.values_list("rater", "level")) == [("peer", 2), ("supervisor", 3)]
    page = sup.get(reverse("growth:peer_growth", args=[org_a.peer.pk])).content.decode()
    assert "data:image/svg+xml;base64," in page
    assert "2 / 4" in page and "3 / 4" in page
    mywork = peer.get(reverse("peers:my_work")).content.decode()
    assert "My growth" in mywork and "data:image/svg+xml;base64," in mywork


def test_a_rating_beyond_the_competences_steps_is_refused_with_a_message(org_a, client_for):
    comp = competence(org_a.org)
    response = client_for(org_a.peer_user).post(reverse("growth:mine"), {"competence": comp.pk, "level": 5})
    assert response.status_code == 422
    assert "Choose a step from 1 to 4 for Sharing lived experience." in response.content.decode()
    assert CompetenceRating.objects.count() == 0


def test_a_coordinator_cannot_rate_as_supervisor_and_a_peer_cannot_open_staff_pages(org_a, client_for):
    comp = competence(org_a.org)
    coordinator = client_for(org_a.coordinator)
    url = reverse("growth:peer_rate", args=[org_a.peer.pk])
    assert coordinator.post(url, {"competence": comp.pk, "level": 2}).status_code == 403
    peer = client_for(org_a.peer_user)
    assert peer.get(reverse("growth:plans")).status_code == 403
    assert peer.get(reverse("growth:framework")).status_code == 403
    assert CompetenceRating.objects.count() == 0


def test_the_admin_edits_the_framework_with_steps_and_a_ladder_criterion(org_a, client_for):
    comp = competence(org_a.org)
    client = client_for(org_a.admin)
    target = comp.stage.organisation.stages.get(order=3)
    response = client.post(
        reverse("growth:competence_edit", args=[comp.pk]),
        {
            "name": "Sharing my story",
            "stage": comp.stage_id,
            "steps": "Shares\nChooses\nHelps",
            f"need_{target.pk}": "2",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("growth:framework")).content.decode()
    assert (
        "Sharing my story" in page and "Chooses" in page and "Needed at step 2 to reach Peer worker" in page
    )
    bad = client.post(reverse("growth:competence_add"), {"name": "X", "stage": comp.stage_id, "steps": "one"})
    assert bad.status_code == 200 and "Write 2 to 6 steps, one a line." in bad.content.decode()
    assert Competence.objects.count() == 1


def test_a_supervisor_limited_to_a_site_sees_only_that_sites_plans_and_peers(org_a, org_b, client_for):
    own = PeerWorkerFactory(organisation=org_a.org, preferred_name=f"{OWN} Lee")
    own.sites.add(org_a.site)
    other = PeerWorkerFactory(organisation=org_a.org, preferred_name=f"{OTHER} Sky")
    other.sites.add(org_a.other_site)
    own_plan, other_plan = plan_for(own, org_a.supervisor), plan_for(other, org_a.supervisor)
    _limit(org_a.supervisor, org_a, org_a.site)
    client = client_for(org_a.supervisor)
    page = client.get(reverse("growth:plans")).content.decode()
    assert OWN in page and OTHER not in page
    assert client.get(reverse("growth:plan_detail", args=[own_plan.pk])).status_code == 200
    assert client.get(reverse("growth:plan_detail", args=[other_plan.pk])).status_code == 404
    assert client.get(reverse("growth:peer_growth", args=[other.pk])).status_code == 404
    form = client.get(reverse("growth:plan_add")).content.decode()
    assert OWN in form and OTHER not in form
    assert OWN not in client_for(org_b.supervisor).get(reverse("growth:plans")).content.decode()
    assert Rater.SUPERVISOR  # the rating form on a visible peer's page stays available


def test_my_work_reads_the_plan_s_reviews_once_for_the_review_waiting(org_a, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan_for(org_a.peer, org_a.supervisor, goals=2, starts_ago=30, length=40)  # mid-way is due
    peer = client_for(org_a.peer_user)
    peer.get(reverse("peers:my_work"))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        body = peer.get(reverse("peers:my_work")).content.decode()
    assert "Do my mid-way review" in body
    assert sum('FROM "growth_planreview"' in q["sql"] for q in captured.captured_queries) == 1
