"""Participation counts towards the ladder: a stage can ask for a number of activities taken part in."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peerwork.participation.services import participation_record
from peerwork.pathway.models import Stage
from peerwork.pathway.selectors import eligibility_for
from peerwork.pathway.services import ladder_seed_default, peer_position_start

from .factories import activity


def test_the_trainee_step_counts_activities_taken_part_in(org_a, client_for):
    stages = ladder_seed_default(organisation=org_a.org)
    trainee = next(stage for stage in stages if stage.order == 2)
    assert trainee.min_participations == 3
    peer_position_start(peer=org_a.peer)
    for days in (1, 2):
        past = activity(org_a, starts=timezone.now() - timedelta(days=days))
        participation_record(activity=past, peers=[org_a.peer])
    criterion = next(c for c in eligibility_for(org_a.peer).criteria if c.key == "participation")
    assert (criterion.met, criterion.text) == (False, "2 of 3 times taking part in activities")
    participation_record(
        activity=activity(org_a, starts=timezone.now() - timedelta(days=3)), peers=[org_a.peer]
    )
    criterion = next(c for c in eligibility_for(org_a.peer).criteria if c.key == "participation")
    assert criterion.met
    my_work = client_for(org_a.peer_user).get(reverse("peers:my_work")).content.decode()
    assert "3 of 3 times taking part in activities" in my_work
    assert "Drop-in group: 3 times" in my_work


def test_a_stage_without_the_criterion_does_not_mention_it(org_a):
    Stage.objects.create(organisation=org_a.org, name="Start", order=1)
    Stage.objects.create(organisation=org_a.org, name="Next", order=2, min_hours_worked=1)
    peer_position_start(peer=org_a.peer)
    assert [c.key for c in eligibility_for(org_a.peer).criteria] == ["hours"]
