"""The recovery plan page, and the recovery-capital questionnaire scheduled for a caseload client with
its scores shown beside the plan."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.assessments.models import Schedule
from peerwork.casework.models import RecoveryGoal
from tests.assessments.factories import enable_clients, finished, instrument

from .factories import client_on, second_worker

pytestmark = pytest.mark.django_db


def test_the_worker_writes_the_plan_and_a_name_in_a_goal_keeps_the_form(org_a, client_for):
    client = client_on(org_a.peer)
    peer = client_for(org_a.peer_user)
    url = reverse("casework:plan_edit", args=[client.pk])
    refused = peer.post(url, {"goal_1": "Stable housing", "goal_2": "Visit Anna Berg"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "“Anna Berg” looks like a person&#x27;s name" in page and 'value="Stable housing"' in page
    assert RecoveryGoal.objects.count() == 0
    empty = peer.post(url, {"goal_1": ""})
    assert "A recovery plan has 1 to 5 goals; this one has 0." in empty.content.decode()
    assert peer.post(url, {"goal_1": "Stable housing", "goal_2": "Day work"}).status_code == 302
    assert 'value="Day work"' in peer.get(url).content.decode()
    assert list(RecoveryGoal.objects.values_list("text", flat=True)) == ["Stable housing", "Day work"]


def test_the_questionnaire_is_scheduled_for_the_client_and_its_scores_show_beside_the_plan(org_a, client_for):
    client = client_on(org_a.peer)
    recovery = instrument(org_a.org, "recovery-checkin")
    peer = client_for(org_a.peer_user)
    page = peer.get(reverse("casework:client", args=[client.pk])).content.decode()
    assert "Schedule a questionnaire" not in page  # clients' questionnaires are off until turned on
    refused = peer.post(
        reverse("casework:schedule", args=[client.pk]),
        {"instrument": recovery.pk, "starts_on": org_a.org.today().isoformat()},
    )
    assert "This organisation has not turned on questionnaires for clients." in refused.content.decode()
    enable_clients(org_a.org)
    response = peer.post(
        reverse("casework:schedule", args=[client.pk]),
        {"instrument": recovery.pk, "starts_on": org_a.org.today().isoformat()},
    )
    assert response.status_code == 302
    schedule = Schedule.objects.get()
    assert (schedule.client_code, schedule.peer) == ("F-ABCD-1980", None)
    finished(org_a.org, client_code="F-ABCD-1980", value=4)
    finished(org_a.org, client_code="M-OTHR-1970", value=2)  # another client's score stays off this page
    page = peer.get(reverse("casework:client", args=[client.pk])).content.decode()
    scores = page.split('id="scores-heading"')[1].split("</section>")[0]
    assert scores.count("Recovery check-in ·") == 1 and "Recovery check-in due" in scores
    assert "Schedule a questionnaire" in scores


def test_a_site_limited_coordinator_sees_only_the_caseloads_of_their_sites(org_a, client_for):
    robin, _user = second_worker(org_a)
    robin.sites.set([org_a.other_site])
    client_on(org_a.peer)
    theirs = client_on(robin, "M-WXYZ-1975")
    Membership.objects.get(user=org_a.coordinator).sites.set([org_a.site])
    coordinator = client_for(org_a.coordinator)
    overview = coordinator.get(reverse("casework:caseloads")).content.decode()
    assert "F-ABCD-1980" in overview and "M-WXYZ-1975" not in overview
    assert coordinator.get(reverse("casework:client", args=[theirs.pk])).status_code == 404
