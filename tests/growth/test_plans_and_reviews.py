"""Placement plans have two to five goals; reviews by the peer and the supervisor are both kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from peerwork.growth.models import (
    GoalStanding,
    LearningGoal,
    Moment,
    PlacementPlan,
    PlanReview,
    Rater,
    Standing,
)
from peerwork.growth.selectors import plan_view
from peerwork.growth.services import GoalInput, placement_plan_create, plan_review_record

from .factories import competence, plan_for, review


def _create(org, goals, **extra):  # type: ignore[no-untyped-def]
    today = org.org.today()
    return placement_plan_create(
        peer=org.peer,
        title=extra.pop("title", "Kitchen stretch"),
        starts_on=extra.pop("starts_on", today),
        ends_on=extra.pop("ends_on", today + timedelta(days=60)),
        supervisor=extra.pop("supervisor", org.supervisor),
        goals=goals,
        by=org.coordinator,
        **extra,
    )


@pytest.mark.django_db
def test_a_plan_keeps_its_goals_in_order_picked_or_written(org_a):
    comp = competence(org_a.org)
    plan = _create(org_a, [GoalInput(competence=comp), GoalInput(text="Lead the Tuesday group once")])
    assert [g.text for g in plan.goals.all()] == ["Sharing lived experience", "Lead the Tuesday group once"]
    assert plan.goals.first().competence == comp
    assert plan.midway_on == plan.starts_on + timedelta(days=30)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, 6])
def test_a_plan_with_too_few_or_too_many_goals_is_refused_and_nothing_is_saved(org_a, count):
    with pytest.raises(ValidationError) as exc:
        _create(org_a, [GoalInput(text=f"goal {n}") for n in range(count)])
    assert f"A plan has 2 to 5 learning goals; this one has {count}." in exc.value.messages
    assert PlacementPlan.objects.count() == 0
    assert LearningGoal.objects.count() == 0


@pytest.mark.django_db
def test_blank_goals_do_not_count(org_a):
    with pytest.raises(ValidationError):
        _create(org_a, [GoalInput(text="  "), GoalInput(text="One real goal"), GoalInput()])


@pytest.mark.django_db
def test_a_plan_needs_an_end_after_its_start_a_supervisor_and_a_name(org_a):
    today = org_a.org.today()
    goals = [GoalInput(text="a"), GoalInput(text="b")]
    with pytest.raises(ValidationError) as exc:
        _create(org_a, goals, title="", ends_on=today, supervisor=org_a.evaluator)
    assert set(exc.value.message_dict) == {"title", "ends_on", "supervisor"}
    assert PlacementPlan.objects.count() == 0


@pytest.mark.django_db
def test_a_competence_or_supervisor_of_another_organisation_is_refused(org_a, org_b):
    other = competence(org_b.org, "Theirs")
    with pytest.raises(ValidationError):
        _create(org_a, [GoalInput(competence=other), GoalInput(text="b")])
    with pytest.raises(ValidationError) as exc:
        _create(org_a, [GoalInput(text="a"), GoalInput(text="b")], supervisor=org_b.supervisor)
    assert "supervisor" in exc.value.message_dict
    assert PlacementPlan.objects.count() == 0


@pytest.mark.django_db
def test_peer_and_supervisor_reviews_are_both_kept_side_by_side(org_a):
    plan = plan_for(org_a.peer, org_a.supervisor, goals=2)
    review(plan, Moment.MIDWAY, Rater.PEER, org_a.peer_user, Standing.ACHIEVED)
    review(plan, Moment.MIDWAY, Rater.SUPERVISOR, org_a.supervisor, Standing.ON_THE_WAY)
    view = plan_view(plan)
    midway = view.sections[0]
    assert (midway.label, [c.label for c in midway.columns]) == (
        "Mid-way review",
        ["The peer", "The supervisor"],
    )
    first = view.rows[0]
    assert [c.standing if c else None for c in first.cells] == ["achieved", "on_the_way", None, None]
    assert not first.achieved  # only the supervisor's end review makes a goal achieved


@pytest.mark.django_db
def test_a_review_is_never_overwritten(org_a):
    plan = plan_for(org_a.peer, org_a.supervisor)
    review(plan, Moment.MIDWAY, Rater.PEER, org_a.peer_user, Standing.NOT_STARTED)
    with pytest.raises(ValidationError) as exc:
        review(plan, Moment.MIDWAY, Rater.PEER, org_a.peer_user, Standing.ACHIEVED)
    assert "This review is already recorded. It is kept as it was." in exc.value.messages
    assert set(GoalStanding.objects.values_list("standing", flat=True)) == {"not_started"}
    assert PlanReview.objects.count() == 1


@pytest.mark.django_db
def test_a_review_must_say_where_each_goal_stands(org_a):
    plan = plan_for(org_a.peer, org_a.supervisor, goals=3)
    first = plan.goals.first()
    with pytest.raises(ValidationError) as exc:
        plan_review_record(
            plan=plan, moment=Moment.MIDWAY, rater=Rater.PEER, standings={first.pk: ("achieved", "")},
            by=org_a.peer_user,
        )  # fmt: skip
    assert "Goal number 2; Goal number 3" in exc.value.messages[0]
    assert PlanReview.objects.count() == 0


@pytest.mark.django_db
def test_a_plan_that_has_not_started_cannot_be_reviewed(org_a):
    plan = plan_for(org_a.peer, org_a.supervisor, starts_ago=-10)
    with pytest.raises(ValidationError):
        review(plan, Moment.MIDWAY, Rater.PEER, org_a.peer_user)
