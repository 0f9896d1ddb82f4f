from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.support.models import DebriefOffer, DebriefStatus
from peerwork.support.services import debrief_offers_create, debrief_outcome_record

from ..factories import PeerWorkerFactory
from .factories import overdose_response, session_for


def _offer(org):  # type: ignore[no-untyped-def]
    return debrief_offers_create(response=overdose_response(org.org, [org.peer], hours_ago=30))[0]


@pytest.mark.parametrize(
    "status", [DebriefStatus.HELD_INDIVIDUAL, DebriefStatus.DECLINED, DebriefStatus.NOT_REACHED]
)
@pytest.mark.clock
def test_the_supervisor_records_how_the_offer_ended(org_a, client_for, status):
    offer = _offer(org_a)
    response = client_for(org_a.supervisor).post(
        reverse("support:debrief_detail", args=[offer.pk]),
        {"status": status, "outcome_on": org_a.org.today().isoformat(), "note": "Thursday group"},
    )

    offer.refresh_from_db()
    assert response.status_code == 302
    assert offer.status == status
    assert offer.recorded_by == org_a.supervisor


def test_a_group_debrief_links_the_group_session(org_a):
    offer = _offer(org_a)
    other = PeerWorkerFactory(organisation=org_a.org)
    group = session_for([org_a.peer, other], org_a.supervisor)

    debrief_outcome_record(
        organisation=org_a.org,
        response=offer.response,
        peer=org_a.peer,
        status=DebriefStatus.HELD_GROUP,
        outcome_on=org_a.org.today(),
        group_session=group,
        recorded_by=org_a.supervisor,
    )

    offer.refresh_from_db()
    assert offer.group_session == group


def test_an_outcome_for_a_peer_who_did_not_respond_is_refused_with_a_clear_message(org_a):
    offer = _offer(org_a)
    bystander = PeerWorkerFactory(organisation=org_a.org, preferred_name="Robin")

    with pytest.raises(ValidationError) as refused:
        debrief_outcome_record(
            organisation=org_a.org,
            response=offer.response,
            peer=bystander,
            status=DebriefStatus.HELD_INDIVIDUAL,
            outcome_on=org_a.org.today(),
            recorded_by=org_a.supervisor,
        )

    assert "Robin is not recorded as a responder to this overdose response" in str(refused.value)
    assert not DebriefOffer.objects.filter(peer=bystander).exists()


@pytest.mark.clock
def test_a_date_in_the_future_is_refused_and_the_form_keeps_the_note(org_a, client_for):
    offer = _offer(org_a)
    tomorrow = (org_a.org.today() + timedelta(days=1)).isoformat()
    response = client_for(org_a.supervisor).post(
        reverse("support:debrief_detail", args=[offer.pk]),
        {"status": DebriefStatus.DECLINED, "outcome_on": tomorrow, "note": "Call back Friday"},
    )

    offer.refresh_from_db()
    assert "The date cannot be in the future." in response.content.decode()
    assert "Call back Friday" in response.content.decode()
    assert offer.status == DebriefStatus.OFFERED


def test_a_coordinator_cannot_record_a_debrief_and_another_organisation_gets_404(org_a, org_b, client_for):
    offer = _offer(org_a)
    url = reverse("support:debrief_detail", args=[offer.pk])

    assert client_for(org_a.coordinator).get(url).status_code == 403
    assert client_for(org_b.supervisor).get(url).status_code == 404
    assert client_for(org_b.supervisor).post(url, {"status": "declined"}).status_code == 404
