import re
from datetime import timedelta

import pytest
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.support.models import DebriefStatus, SupervisionSession
from peerwork.support.services import debrief_offers_create

from ..factories import PeerWorkerFactory
from .factories import overdose_response


def _post(personas, client, **data):  # type: ignore[no-untyped-def]
    body = {
        "kind": "individual",
        "held_on": personas.org.today().isoformat(),
        "duration_minutes": "60",
        "notes": "Talked about the week.",
        **data,
    }
    return client.post(reverse("support:session_new"), body)


@pytest.mark.clock
def test_a_supervisor_records_a_one_to_one_session(org_a, client_for):
    client = client_for(org_a.supervisor)
    response = _post(org_a, client, supervisor=org_a.supervisor.pk, peers=[org_a.peer.pk])

    session = SupervisionSession.objects.get()
    assert response.status_code == 302
    assert list(session.peers.all()) == [org_a.peer]
    assert session.supervisor == org_a.supervisor
    assert AuditEvent.objects.filter(action="supervision_recorded", object_id=str(session.pk)).exists()


def test_a_group_session_takes_several_peers(org_a, client_for):
    other = PeerWorkerFactory(organisation=org_a.org)
    _post(
        org_a,
        client_for(org_a.supervisor),
        kind="group",
        supervisor=org_a.supervisor.pk,
        peers=[org_a.peer.pk, other.pk],
    )

    assert SupervisionSession.objects.get().peers.count() == 2


def test_a_session_with_no_peers_is_refused_with_a_clear_message_and_keeps_what_was_typed(org_a, client_for):
    response = _post(
        org_a, client_for(org_a.supervisor), supervisor=org_a.supervisor.pk, notes="Keep this text"
    )

    assert response.status_code == 200
    assert "Choose at least one peer who was in the session." in response.content.decode()
    assert "Keep this text" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_a_one_to_one_session_with_two_peers_is_refused(org_a, client_for):
    other = PeerWorkerFactory(organisation=org_a.org)
    response = _post(
        org_a, client_for(org_a.supervisor), supervisor=org_a.supervisor.pk, peers=[org_a.peer.pk, other.pk]
    )

    assert "A one-to-one session has exactly one peer" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_a_peer_of_another_organisation_cannot_be_put_in_a_session(org_a, org_b, client_for):
    response = _post(
        org_a, client_for(org_a.supervisor), supervisor=org_a.supervisor.pk, peers=[org_b.peer.pk]
    )

    assert response.status_code == 200
    assert not SupervisionSession.objects.exists()


@pytest.mark.clock
def test_a_session_in_the_future_is_refused(org_a, client_for):
    tomorrow = (org_a.org.today() + timedelta(days=1)).isoformat()
    response = _post(
        org_a,
        client_for(org_a.supervisor),
        supervisor=org_a.supervisor.pk,
        peers=[org_a.peer.pk],
        held_on=tomorrow,
    )

    assert "this date is in the future" in response.content.decode()


def test_coordinators_and_peers_cannot_record_supervision(org_a, client_for):
    for user in (org_a.coordinator, org_a.peer_user, org_a.evaluator):
        assert client_for(user).get(reverse("support:session_new")).status_code == 403


def test_the_form_can_start_with_one_peer_ticked_but_never_another_organisations(org_a, org_b, client_for):
    client = client_for(org_a.supervisor)

    page = client.get(reverse("support:session_new") + f"?peer={org_a.peer.pk}").content.decode()

    assert re.search(rf'name="peers" value="{org_a.peer.pk}"[^>]*checked', page)
    assert client.get(reverse("support:session_new") + f"?peer={org_b.peer.pk}").status_code == 404


def test_a_group_session_can_record_the_debriefs_it_held(org_a, client_for):
    other = PeerWorkerFactory(organisation=org_a.org)
    offers = debrief_offers_create(response=overdose_response(org_a.org, [org_a.peer, other], hours_ago=30))

    response = _post(
        org_a,
        client_for(org_a.supervisor),
        kind="group",
        supervisor=org_a.supervisor.pk,
        peers=[org_a.peer.pk, other.pk],
        debriefs=[offer.pk for offer in offers],
    )

    session = SupervisionSession.objects.get()
    assert response.status_code == 302
    for offer in offers:
        offer.refresh_from_db()
        assert offer.status == DebriefStatus.HELD_GROUP
        assert offer.group_session == session


def test_a_debrief_for_a_peer_not_in_the_session_is_refused_and_nothing_is_saved(org_a, client_for):
    other = PeerWorkerFactory(organisation=org_a.org, preferred_name="Absent Abe")
    (offer,) = debrief_offers_create(response=overdose_response(org_a.org, [other], hours_ago=30))

    response = _post(
        org_a,
        client_for(org_a.supervisor),
        supervisor=org_a.supervisor.pk,
        peers=[org_a.peer.pk],
        debriefs=[offer.pk],
    )

    assert (
        "A debrief can be recorded here only for a peer in the session: Absent Abe."
        in response.content.decode()
    )
    assert not SupervisionSession.objects.exists()
    offer.refresh_from_db()
    assert offer.status == DebriefStatus.OFFERED
