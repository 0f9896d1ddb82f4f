"""When a peer leaves, where to is recorded (and can be corrected later); coming back clears it."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.peers.models import LeavingDestination, PeerStatus
from peerwork.peers.services import peer_destination_set, peer_leave, peer_return


def test_leaving_for_a_job_is_recorded_with_the_day(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(
        reverse("peers:leave", args=[org_a.peer.pk]),
        {"destination": "job", "reason": "Kitchen job"},
        follow=True,
    )
    org_a.peer.refresh_from_db()
    assert (org_a.peer.status, org_a.peer.left_to, org_a.peer.left_on) == (
        PeerStatus.LEFT,
        LeavingDestination.JOB,
        org_a.org.today(),
    )
    assert "A job elsewhere" in response.content.decode()
    event = AuditEvent.objects.get(action="peer_left")
    assert event.detail["destination"] == "job"


def test_a_destination_can_be_corrected_later_and_a_return_clears_it(org_a, client_for):
    peer_leave(peer=org_a.peer)
    org_a.peer.refresh_from_db()
    assert org_a.peer.left_to == LeavingDestination.UNKNOWN
    client_for(org_a.coordinator).post(
        reverse("peers:destination", args=[org_a.peer.pk]), {"destination": "education"}
    )
    org_a.peer.refresh_from_db()
    assert org_a.peer.left_to == LeavingDestination.EDUCATION
    peer_return(peer=org_a.peer)
    org_a.peer.refresh_from_db()
    assert (org_a.peer.left_to, org_a.peer.left_on) == ("", None)
    with pytest.raises(ValidationError, match="Only a peer who has left"):
        peer_destination_set(peer=org_a.peer, destination="job")


def test_a_made_up_destination_is_refused_and_nothing_changes(org_a, client_for):
    response = client_for(org_a.coordinator).post(
        reverse("peers:leave", args=[org_a.peer.pk]), {"destination": "the moon"}, follow=True
    )
    assert "Choose where they went" in response.content.decode()
    org_a.peer.refresh_from_db()
    assert org_a.peer.status == PeerStatus.ACTIVE and org_a.peer.left_to == ""


def test_the_api_records_the_destination_and_another_org_gets_404(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    left = client.post(
        f"/api/v1/peers/{org_a.peer.pk}/leave",
        data=json.dumps({"destination": "staff_post"}),
        content_type="application/json",
    )
    assert left.status_code == 200 and json.loads(left.content)["left_to"] == "staff_post"
    bad = client.put(
        f"/api/v1/peers/{org_a.peer.pk}/destination",
        data=json.dumps({"destination": "moon"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    other = client_for(org_b.coordinator).put(
        f"/api/v1/peers/{org_a.peer.pk}/destination",
        data=json.dumps({"destination": "job"}),
        content_type="application/json",
    )
    assert other.status_code == 404
    assert (
        client_for(org_a.evaluator).post(reverse("peers:destination", args=[org_a.peer.pk])).status_code
        == 403
    )
