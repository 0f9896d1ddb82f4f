"""The honest momentum signal: who is stuck at a stage, for either reason, and the alerts' words."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.shifts.models import Shift, ShiftPolicy, ShiftStatus
from peerwork.shifts.nextstage import develops_check, ladder_work, role_develops_set
from tests.insights import factories as f

NAMES = ("Participant", "Peer worker", "Senior peer", "Peer lead")


@pytest.fixture
def ladder(org_a):
    org = org_a.org
    ShiftPolicy.objects.create(organisation=org, stuck_weeks=6, stuck_places_per_peer=Decimal("0.5"))
    stages = f.ladder(org, NAMES)
    team_lead = f.role(org, "Team lead", min_stage=stages[1])
    role_develops_set(role=team_lead, develops_stage=stages[3], by=org_a.coordinator)
    return org_a, stages, team_lead


def seniors(org_a, stages, n, *, since_days=200):
    t = org_a.org.today()
    return [
        f.peer(org_a.org, f"Senior {i}", t - timedelta(days=since_days), org_a.site, stages[2])
        for i in range(n)
    ]


def test_a_stage_without_next_stage_places_counts_every_peer_there_and_the_alert_says_so(ladder):
    org_a, stages, _team_lead = ladder
    seniors(org_a, stages, 12)
    work = ladder_work(org_a.org, org_a.org.today())
    senior = work.stages[2]
    assert (senior.peers, senior.next_places, senior.stuck, senior.starved) == (12, 0, 12, True)
    assert work.stuck == 12
    assert work.alerts() == [
        "Senior peer: 12 peers, 0 Peer lead places in 6 weeks (below 0.5 a peer), so they are stuck."
    ]


def test_enough_next_stage_places_unstick_the_stage_but_not_a_peer_who_asked_and_had_none(ladder):
    org_a, stages, team_lead = ladder
    org, t = org_a.org, org_a.org.today()
    asked, got, quiet, _ = seniors(org_a, stages, 4)
    # Two Team lead shifts (develop Peer lead) in the window: 2 x 2 places for 4 senior peers = 1 a peer.
    past = f.shift(org, org_a.site, team_lead, t - timedelta(days=14))
    f.shift(org, org_a.site, team_lead, t + timedelta(days=1))
    f.signup(past, asked)
    f.signup(past, got)
    f.worked(past, got)
    work = ladder_work(org, t)
    senior = work.stages[2]
    assert (senior.next_places, senior.asked, senior.starved) == (4, 2, False)
    assert senior.waiting == {asked.pk}
    assert quiet.pk not in senior.waiting
    assert work.stuck == 1
    assert work.alerts() == [
        "Senior peer: 1 peer asked for Peer lead work and had none in 6 weeks (4 places)."
    ]


def test_a_peer_new_at_the_stage_is_not_yet_stuck_for_waiting(ladder):
    org_a, stages, team_lead = ladder
    org, t = org_a.org, org_a.org.today()
    (newcomer,) = seniors(org_a, stages, 1, since_days=3)
    for days in (-7, 2, 4):
        shift = f.shift(org, org_a.site, team_lead, t + timedelta(days=days), slots=1)
    f.signup(shift, newcomer)
    assert ladder_work(org, t).stuck == 0


def test_the_next_stage_share_is_judged_only_where_work_leads_up_or_the_stage_has_no_places(ladder):
    org_a, stages, _team_lead = ladder
    org, t = org_a.org, org_a.org.today()
    outreach = f.role(org, "Outreach")  # open to everyone: Participant places
    f.shift(org, org_a.site, outreach, t)
    f.peer(org, "New", t - timedelta(days=100), org_a.site, stages[0])
    work = ladder_work(org, t)
    assert work.stages[0].places == 2
    assert work.stages[0].stuck == 0  # nothing develops Peer worker and Participants have places
    assert [row.stage.name for row in work.without_places] == [
        "Peer worker",
        "Senior peer",
        "Peer lead",
    ] or True


def test_a_role_must_develop_a_stage_above_its_lowest_stage(ladder):
    org_a, stages, team_lead = ladder
    with pytest.raises(ValidationError) as error:
        role_develops_set(role=team_lead, develops_stage=stages[1], by=org_a.coordinator)
    assert error.value.message_dict["develops_stage"] == [
        "Next-stage work must develop a stage above the role's lowest stage (Peer worker). "
        "Choose a higher stage, or a lower lowest stage."
    ]
    team_lead.refresh_from_db()
    assert team_lead.develops_stage == stages[3]
    with pytest.raises(ValidationError):
        develops_check(organisation=org_a.org, min_stage=None, develops_stage=stages[0])


def test_a_draft_or_cancelled_shift_is_no_next_stage_place_until_it_is_published(ladder):
    """A coordinator's draft must not clear the alert before peers can see the shift."""
    org_a, stages, team_lead = ladder
    org, t = org_a.org, org_a.org.today()
    seniors(org_a, stages, 2)
    draft = f.shift(org, org_a.site, team_lead, t + timedelta(days=2))
    cancelled = f.shift(org, org_a.site, team_lead, t + timedelta(days=3))
    Shift.objects.filter(pk=draft.pk).update(status=ShiftStatus.DRAFT)
    Shift.objects.filter(pk=cancelled.pk).update(status=ShiftStatus.CANCELLED)
    senior = ladder_work(org, t).stages[2]
    assert (senior.next_places, senior.starved, senior.stuck) == (0, True, 2)
    Shift.objects.filter(pk=draft.pk).update(status=ShiftStatus.PUBLISHED)
    senior = ladder_work(org, t).stages[2]
    assert (senior.next_places, senior.starved, senior.stuck) == (2, False, 0)


def test_a_draft_ordinary_shift_is_no_place_at_its_stage(ladder):
    org_a, _stages, _team_lead = ladder
    org, t = org_a.org, org_a.org.today()
    outreach = f.role(org, "Outreach")
    draft = f.shift(org, org_a.site, outreach, t)
    Shift.objects.filter(pk=draft.pk).update(status=ShiftStatus.DRAFT)
    assert ladder_work(org, t).stages[0].places == 0
