from datetime import timedelta

import pytest
from django.urls import reverse

from peerwork.support.models import SupervisionSchedule
from peerwork.support.services import debrief_offers_create

from ..factories import PeerWorkerFactory
from .factories import StageFactory, overdose_response, place_peer, session_for


def test_supervisors_land_on_their_dashboard(org_a, client_for):
    response = client_for(org_a.supervisor).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("support:dashboard")


@pytest.mark.clock
def test_overdue_and_due_supervision_follow_each_stages_schedule(org_a, client_for):
    stage = StageFactory(organisation=org_a.org, name="Trainee", order=2)
    SupervisionSchedule.objects.create(organisation=org_a.org, stage=stage, every_days=14)
    late = PeerWorkerFactory(organisation=org_a.org, preferred_name="Late Lee")
    soon = PeerWorkerFactory(organisation=org_a.org, preferred_name="Soon Sky")
    fine = PeerWorkerFactory(organisation=org_a.org, preferred_name="Fine Fay")
    for peer in (late, soon, fine):
        place_peer(peer, stage, since=org_a.org.today() - timedelta(days=60))
    session_for([late], org_a.supervisor, days_ago=20)
    session_for([soon], org_a.supervisor, days_ago=10)
    session_for([fine], org_a.supervisor, days_ago=1)

    page = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()

    assert "Late Lee" in page and "6 days overdue" in page
    assert "Soon Sky" in page
    assert "Fine Fay" not in page.split("Supervision due")[1].split("</section>")[0]


def test_an_overdue_debrief_offer_shows_on_the_assigned_supervisors_dashboard(org_a, client_for):
    debrief_offers_create(response=overdose_response(org_a.org, [org_a.peer], hours_ago=80))

    page = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()

    assert org_a.peer.preferred_name in page
    assert "1 overdue" in page


def test_the_dashboard_is_for_supervisors_and_admins_only(org_a, client_for):
    assert client_for(org_a.admin).get(reverse("support:dashboard")).status_code == 200
    for user in (org_a.coordinator, org_a.evaluator, org_a.peer_user):
        assert client_for(user).get(reverse("support:dashboard")).status_code == 403


def test_the_schedule_page_sets_and_clears_a_stages_interval(org_a, client_for):
    stage = StageFactory(organisation=org_a.org, name="Trainee", order=2)
    client = client_for(org_a.supervisor)

    client.post(reverse("support:schedules"), {f"stage_{stage.pk}": "14"})
    assert SupervisionSchedule.objects.get(stage=stage).every_days == 14

    client.post(reverse("support:schedules"), {f"stage_{stage.pk}": ""})
    assert not SupervisionSchedule.objects.filter(stage=stage).exists()


def test_a_schedule_of_zero_days_is_refused(org_a, client_for):
    stage = StageFactory(organisation=org_a.org, name="Trainee", order=2)

    response = client_for(org_a.supervisor).post(reverse("support:schedules"), {f"stage_{stage.pk}": "0"})

    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
    assert not SupervisionSchedule.objects.exists()
