import json
from datetime import date

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.peers.services import peer_create


def _peer(org_a):
    return peer_create(
        organisation=org_a.org,
        preferred_name="Robin",
        legal_name="Roberta Quill",
        date_of_birth=date(1980, 5, 1),
        benefit_details="ODSP since 2019",
    )


def test_a_coordinator_sees_private_details_and_the_read_is_audited(org_a, client_for):
    peer = _peer(org_a)
    response = client_for(org_a.coordinator).get(reverse("peers:sensitive", args=[peer.pk]))
    assert response.status_code == 200
    assert b"Roberta Quill" in response.content
    event = AuditEvent.objects.get(action="read_sensitive", object_id=str(peer.pk))
    assert event.actor == org_a.coordinator
    assert event.detail["fields"] == sorted(["legal_name", "date_of_birth", "benefit_details", "notes"])


def test_the_peer_page_does_not_show_private_details(org_a, client_for):
    peer = _peer(org_a)
    response = client_for(org_a.supervisor).get(reverse("peers:detail", args=[peer.pk]))
    assert response.status_code == 200
    assert b"Roberta Quill" not in response.content
    assert b"ODSP since" not in response.content
    assert not AuditEvent.objects.filter(action="read_sensitive").exists()


def test_roles_without_the_capability_get_403_and_another_org_404(org_a, org_b, client_for):
    peer = _peer(org_a)
    url = reverse("peers:sensitive", args=[peer.pk])
    for user in (org_a.supervisor, org_a.evaluator, org_a.peer_user):
        assert client_for(user).get(url).status_code == 403
    assert client_for(org_b.coordinator).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="read_sensitive").exists()


def test_the_api_read_of_private_details_is_audited(org_a, org_b, client_for):
    peer = _peer(org_a)
    url = f"/api/v1/peers/{peer.pk}/private"
    response = client_for(org_a.admin).get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["legal_name"] == "Roberta Quill"
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(peer.pk)).count() == 1
    assert client_for(org_a.evaluator).get(url).status_code == 403
    assert client_for(org_b.admin).get(url).status_code == 404
