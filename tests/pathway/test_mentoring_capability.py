"""Recording mentoring is a stage capability (``record_mentoring``): a mentor whose stage grants it
records contacts for their mentees on their page and through the API; a mentor whose stage does not
is refused with a clear sentence (403) and nothing is saved; another organisation's pairing is a 404."""

from __future__ import annotations

import json

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.pathway.mentoring.services import mentorship_start
from peerwork.pathway.models import MentoringContact, Mentorship, PeerCapability, Stage
from peerwork.pathway.services import ladder_seed_default, peer_position_start, peer_promote
from peerwork.peers.models import PeerWorker
from tests.pathway.factories import pair, peer_at

REFUSAL = "You can&#x27;t record mentoring yet: your stage (Trainee) does not include recording mentoring."


def _peer_worker_mentoring(peer: PeerWorker) -> Mentorship:
    """The persona peer at Trainee (stage 2, no record_mentoring by default) mentoring a participant."""
    stages = ladder_seed_default(organisation=peer.organisation)
    peer_position_start(peer=peer, stage=stages[0])
    peer_promote(peer=peer, by=None, to_stage=stages[1], override_reason="set up for a test")
    mentee = peer_at(peer.organisation, "Nico", 1)
    return mentorship_start(organisation=peer.organisation, mentor=peer, mentee=mentee, by=None)


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_mentor_whose_stage_lacks_the_capability_is_refused_on_the_page_and_saves_nothing(
    org_a, client_for
):
    pairing = _peer_worker_mentoring(org_a.peer)
    client = client_for(org_a.peer_user)
    today = org_a.org.today().isoformat()

    page = client.get(reverse("pathway:my_contact"))
    assert page.status_code == 403
    assert REFUSAL in page.content.decode()
    assert "Save the contact" not in page.content.decode()
    posted = client.post(
        reverse("pathway:my_contact"), {"mentorship": pairing.pk, "happened_on": today, "minutes": "30"}
    )
    assert posted.status_code == 403 and REFUSAL in posted.content.decode()
    assert not MentoringContact.objects.exists()
    assert AuditEvent.objects.filter(action="authorisation_refused", actor=org_a.peer_user).count() == 2

    my_work = client.get(reverse("peers:my_work")).content.decode()
    assert "You mentor:" in my_work and REFUSAL in my_work
    assert reverse("pathway:my_contact") not in my_work


def test_granting_the_capability_to_the_stage_lets_the_same_mentor_record(org_a, client_for):
    pairing = _peer_worker_mentoring(org_a.peer)
    Stage.objects.filter(organisation=org_a.org, order=2).update(
        peer_capabilities=[PeerCapability.RECORD_MENTORING.value]
    )
    client = client_for(org_a.peer_user)
    today = org_a.org.today().isoformat()

    assert "Save the contact" in client.get(reverse("pathway:my_contact")).content.decode()
    assert reverse("pathway:my_contact") in client.get(reverse("peers:my_work")).content.decode()
    done = client.post(
        reverse("pathway:my_contact"), {"mentorship": pairing.pk, "happened_on": today, "minutes": "30"}
    )
    assert done.status_code == 302
    assert MentoringContact.objects.get().mentorship == pairing


def test_the_api_refuses_a_mentor_without_the_capability_and_takes_one_with_it(org_a, client_for):
    pairing = _peer_worker_mentoring(org_a.peer)
    client = client_for(org_a.peer_user)
    body = {"pairing_id": pairing.pk, "happened_on": org_a.org.today().isoformat(), "minutes": 20}

    refused = _post(client, "/api/v1/mentoring/contacts", body)
    assert refused.status_code == 403
    assert json.loads(refused.content)["detail"].startswith("You can't record mentoring yet")
    assert not MentoringContact.objects.exists()

    Stage.objects.filter(organisation=org_a.org, order=2).update(
        peer_capabilities=[PeerCapability.RECORD_MENTORING.value]
    )
    assert _post(client, "/api/v1/mentoring/contacts", body).status_code == 201
    assert MentoringContact.objects.get().recorded_by == org_a.peer_user


def test_staff_who_manage_mentoring_still_record_for_any_pairing(org_a, client_for):
    pairing = _peer_worker_mentoring(org_a.peer)
    body = {"pairing_id": pairing.pk, "happened_on": org_a.org.today().isoformat(), "minutes": 20}
    assert _post(client_for(org_a.supervisor), "/api/v1/mentoring/contacts", body).status_code == 201


def test_a_capable_mentor_of_another_organisation_gets_a_404_for_our_pairing(org_a, org_b, client_for):
    pairing = pair(org_a.org)
    Stage.objects.filter(organisation=org_b.org).delete()
    ladder_seed_default(organisation=org_b.org)
    stages = list(Stage.objects.filter(organisation=org_b.org).order_by("order"))
    peer_position_start(peer=org_b.peer, stage=stages[0])
    peer_promote(peer=org_b.peer, by=None, to_stage=stages[3], override_reason="set up for a test")
    client = client_for(org_b.peer_user)
    today = org_a.org.today().isoformat()

    api = _post(
        client, "/api/v1/mentoring/contacts", {"pairing_id": pairing.pk, "happened_on": today, "minutes": 20}
    )
    assert api.status_code == 404
    page = client.post(
        reverse("pathway:my_contact"), {"mentorship": pairing.pk, "happened_on": today, "minutes": "30"}
    )
    assert page.status_code == 200 and "You are not mentoring anyone right now." in page.content.decode()
    assert not MentoringContact.objects.exists()
