"""Achieved goals and competence steps count towards the ladder where the organisation says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from peerwork.growth.models import CompetenceRating, Moment, Rater, Standing
from peerwork.growth.selectors import achievements_for
from peerwork.growth.services import competence_save
from peerwork.pathway.hooks import competence_levels, goals_achieved
from peerwork.pathway.models import Stage
from peerwork.pathway.selectors import eligibility_for, eligibility_many
from peerwork.pathway.services import peer_position_start

from .factories import STEPS, competence, plan_for, rate, review


def _texts(peer, stage):  # type: ignore[no-untyped-def]
    return [
        (c.text, c.met) for c in eligibility_for(peer, stage).criteria if c.key in {"goals", "competence"}
    ]


@pytest.mark.django_db
def test_only_the_supervisors_end_review_makes_goals_achieved(org_a):
    plan = plan_for(org_a.peer, org_a.supervisor, goals=3)
    review(plan, Moment.END, Rater.PEER, org_a.peer_user, Standing.ACHIEVED)
    today = org_a.org.today()
    assert goals_achieved(org_a.peer, today) == 0
    review(plan, Moment.END, Rater.SUPERVISOR, org_a.supervisor, Standing.ACHIEVED)
    assert goals_achieved(org_a.peer, today) == 3
    assert goals_achieved(org_a.peer, today - timedelta(days=1)) == 0


@pytest.mark.django_db
def test_a_stage_that_asks_for_goals_lists_them_with_its_other_criteria(org_a):
    comp = competence(org_a.org)
    peer_position_start(peer=org_a.peer)
    target = Stage.objects.get(organisation=org_a.org, order=2)
    target.min_goals_achieved = 2
    target.save()
    assert ("0 of 2 learning goals achieved", False) in _texts(org_a.peer, target)
    plan = plan_for(org_a.peer, org_a.supervisor, goals=2)
    review(plan, Moment.END, Rater.SUPERVISOR, org_a.supervisor, Standing.ACHIEVED)
    assert ("2 of 2 learning goals achieved", True) in _texts(org_a.peer, target)
    assert comp  # the framework exists but the stage needs no competence
    assert [t for t, _ in _texts(org_a.peer, target) if "Sharing" in t] == []


@pytest.mark.django_db
def test_a_stage_can_need_a_competence_at_a_step_rated_by_the_supervisor(org_a):
    peer_position_start(peer=org_a.peer)
    target = Stage.objects.get(organisation=org_a.org, order=2)
    comp = competence(org_a.org)
    competence_save(
        organisation=org_a.org, competence=comp, stage=comp.stage, name=comp.name, steps=STEPS,
        requirements={target: 3},
    )  # fmt: skip
    assert _texts(org_a.peer, target) == [
        ("needs: Sharing lived experience at step 3 (not rated yet)", False)
    ]
    rate(org_a.peer, comp, 4, org_a.peer_user, rater=Rater.PEER)  # the peer's own view does not count
    rate(org_a.peer, comp, 2, org_a.supervisor)
    assert _texts(org_a.peer, target) == [("needs: Sharing lived experience at step 3 (now step 2)", False)]
    rate(org_a.peer, comp, 3, org_a.supervisor)
    assert _texts(org_a.peer, target) == [("Sharing lived experience: step 3 of 4", True)]
    assert competence_levels(org_a.peer, org_a.org.today()) == {comp.pk: 3}


@pytest.mark.django_db
def test_eligibility_for_many_peers_asks_growth_in_a_fixed_number_of_queries(
    org_a, django_assert_max_num_queries
):
    from tests.factories import PeerWorkerFactory

    comp = competence(org_a.org)
    target = Stage.objects.get(organisation=org_a.org, order=2)
    target.min_goals_achieved = 1
    target.save()
    competence_save(organisation=org_a.org, competence=comp, stage=comp.stage, name=comp.name, steps=STEPS,
                    requirements={target: 2})  # fmt: skip
    peers = [PeerWorkerFactory(organisation=org_a.org) for _ in range(6)]
    for peer in peers:
        peer_position_start(peer=peer)
        rate(peer, comp, 2, org_a.supervisor)
    with django_assert_max_num_queries(9):  # one per source the stage asks about
        result = eligibility_many(org_a.org, peers)
    assert all(item.eligible is False for item in result.values())  # still the goal missing
    assert all(any(c.key == "competence" and c.met for c in item.criteria) for item in result.values())


@pytest.mark.django_db
@pytest.mark.parametrize("level", [0, 5, -1])
def test_a_rating_outside_the_scale_is_refused_and_nothing_saved(org_a, level):
    comp = competence(org_a.org)
    with pytest.raises(ValidationError) as exc:
        rate(org_a.peer, comp, level, org_a.supervisor)
    assert exc.value.message_dict["level"] == ["Choose a step from 1 to 4 for Sharing lived experience."]
    assert CompetenceRating.objects.count() == 0


@pytest.mark.django_db
def test_ratings_are_kept_over_time_and_never_overwritten(org_a):
    comp = competence(org_a.org)
    today = org_a.org.today()
    rate(org_a.peer, comp, 1, org_a.supervisor, on=today - timedelta(days=60))
    rate(org_a.peer, comp, 2, org_a.supervisor, on=today - timedelta(days=30))
    rate(org_a.peer, comp, 2, org_a.peer_user, rater=Rater.PEER, on=today - timedelta(days=30))
    assert list(CompetenceRating.objects.order_by("rated_on", "id").values_list("level", flat=True)) == [
        1,
        2,
        2,
    ]
    with pytest.raises(ValidationError):
        rate(org_a.peer, comp, 3, org_a.supervisor, on=today + timedelta(days=1))


@pytest.mark.django_db
def test_a_framework_needs_two_to_six_steps_and_keeps_steps_someone_was_rated_at(org_a):
    comp = competence(org_a.org)
    with pytest.raises(ValidationError):
        competence_save(organisation=org_a.org, stage=comp.stage, name="Too short", steps=["only one"])
    rate(org_a.peer, comp, 4, org_a.supervisor)
    with pytest.raises(ValidationError) as exc:
        competence_save(
            organisation=org_a.org, competence=comp, stage=comp.stage, name=comp.name, steps=STEPS[:3]
        )
    assert "keep at least 4 steps" in exc.value.message_dict["steps"][0]
    assert comp.steps.count() == 4


@pytest.mark.django_db
def test_achievements_for_the_work_record_are_plain_data(org_a):
    comp = competence(org_a.org)
    plan = plan_for(org_a.peer, org_a.supervisor, goals=2, title="Supply table")
    review(plan, Moment.END, Rater.SUPERVISOR, org_a.supervisor, Standing.ACHIEVED)
    rate(org_a.peer, comp, 3, org_a.supervisor)
    rate(org_a.peer, comp, 2, org_a.peer_user, rater=Rater.PEER)
    result = achievements_for(org_a.peer)
    assert [(g.text, g.plan) for g in result.goals] == [
        ("Goal number 1", "Supply table"),
        ("Goal number 2", "Supply table"),
    ]
    [level] = result.competences
    assert (level.competence, level.supervisor_level, level.peer_level, level.steps) == (comp.name, 3, 2, 4)
    assert level.supervisor_step == "Does it alone"
