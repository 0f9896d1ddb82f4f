"""Done when: an overdose response logged in the field appears as a debrief offer on the supervisor's
dashboard. The peer logs it through the services API (as the phone's sync does)."""

import json
import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peerwork.shifts.models import Assignment, AssignmentStatus, Shift
from peerwork.support.models import DebriefOffer

from ..factories import PeerWorkerFactory
from .factories import role_with_duties


def test_a_response_synced_from_the_field_becomes_an_offer_on_the_dashboard(
    org_a, client_for, django_capture_on_commit_callbacks
):
    partner = PeerWorkerFactory(organisation=org_a.org, preferred_name="Partner Pim")
    start = timezone.now() - timedelta(hours=2)
    shift = Shift.objects.create(
        organisation=org_a.org,
        site=org_a.site,
        role=role_with_duties(org_a.org),
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )
    for peer in (org_a.peer, partner):
        Assignment.objects.create(
            organisation=org_a.org,
            shift=shift,
            peer=peer,
            status=AssignmentStatus.CHECKED_IN,
            checked_in_at=start,
        )
    record = {
        "uuid": str(uuid.uuid4()),
        "type": "overdose",
        "shift": shift.pk,
        "occurred_at": (timezone.now() - timedelta(minutes=20)).isoformat(),
        "place_type": "street",
        "product": "nasal",
        "doses_given": 2,
        "emergency_services_called": True,
        "outcome": "survived",
        "responders": [org_a.peer.pk, partner.pk],
    }

    with django_capture_on_commit_callbacks(execute=True):
        synced = client_for(org_a.peer_user).post(
            "/api/v1/services/sync", data=json.dumps({"records": [record]}), content_type="application/json"
        )

    assert synced.status_code == 200, synced.content
    assert synced.json()["accepted"] == 1, synced.json()
    offers = DebriefOffer.objects.filter(organisation=org_a.org)
    assert {offer.peer for offer in offers} == {org_a.peer, partner}
    assert all(offer.supervisor == org_a.supervisor for offer in offers)
    page = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()
    assert "Partner Pim" in page
    assert "offer by" in page
