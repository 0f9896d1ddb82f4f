from django.urls import reverse

from peerwork.accounts.models import PeerCredential
from peerwork.core.home import landing_pages
from peerwork.peers.models import PeerWorker


def test_a_coordinator_onboards_with_a_name_and_a_pin_and_sees_the_card(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(reverse("peers:onboard"), {"preferred_name": "Robin", "pin": "1357"})
    peer = PeerWorker.objects.get(preferred_name="Robin")
    assert response.status_code == 302
    assert response["Location"] == reverse("peers:card", args=[peer.pk])
    assert PeerCredential.objects.get(user=peer.user).check_pin("1357")
    card = client.get(response["Location"])
    assert b"<svg" in card.content


def test_onboarding_keeps_what_was_typed_when_the_pin_is_wrong(org_a, client_for):
    response = client_for(org_a.coordinator).post(
        reverse("peers:onboard"), {"preferred_name": "Robin", "pin": "12"}
    )
    assert response.status_code == 200
    assert 'value="Robin"' in response.content.decode()
    assert "4 to 6 digits" in response.content.decode()
    assert not PeerWorker.objects.filter(preferred_name="Robin").exists()


def test_supervisors_and_evaluators_can_not_onboard(org_a, client_for):
    for user in (org_a.supervisor, org_a.evaluator, org_a.peer_user):
        assert client_for(user).get(reverse("peers:onboard")).status_code == 403


def test_a_peer_lands_on_my_work_and_people_is_a_staff_landing_page(org_a, client_for):
    assert client_for(org_a.peer_user).get("/")["Location"] == reverse("peers:my_work")
    assert ("can_view_peers", "peers:list") in list(landing_pages)


def test_my_work_shows_the_stage_and_what_is_still_needed(org_a, client_for):
    from peerwork.pathway.services import peer_position_start

    peer_position_start(peer=org_a.peer)
    body = client_for(org_a.peer_user).get(reverse("peers:my_work")).content.decode()
    assert "Participant" in body
    assert "What you still need for Trainee" in body
    assert "0 of 8 hours worked" in body
    assert "Your trainings" in body


def test_staff_can_not_open_my_work(org_a, client_for):
    assert client_for(org_a.coordinator).get(reverse("peers:my_work")).status_code == 403
