"""The mentoring API: pairings (list, create, end) and contacts (list, create), staff and mentor."""

from __future__ import annotations

import json

import pytest

from peerwork.pathway.mentoring.services import mentorship_start
from peerwork.pathway.models import MentoringContact, Mentorship
from tests.pathway.factories import pair, peer_at, senior


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_staff_pair_list_record_and_end_through_the_api(org_a, client_for):
    mentor = peer_at(org_a.org, "Morgan", 4)
    mentee = peer_at(org_a.org, "Nico", 1)
    client = client_for(org_a.coordinator)

    low = _post(client, "/api/v1/mentoring/pairings", {"mentor_id": mentee.pk, "mentee_id": mentor.pk})
    assert low.status_code == 409
    assert "A mentor must be at a higher stage" in json.loads(low.content)["errors"]["mentor"][0]

    created = _post(client, "/api/v1/mentoring/pairings", {"mentor_id": mentor.pk, "mentee_id": mentee.pk})
    assert created.status_code == 201
    body = json.loads(created.content)
    assert (body["mentor_name"], body["mentee_name"], body["ended_on"]) == ("Morgan", "Nico", None)

    twice = _post(client, "/api/v1/mentoring/pairings", {"mentor_id": mentor.pk, "mentee_id": mentee.pk})
    assert twice.status_code == 409 and "already has a mentor" in twice.content.decode()

    today = org_a.org.today().isoformat()
    contact = _post(
        client, "/api/v1/mentoring/contacts", {"pairing_id": body["id"], "happened_on": today, "minutes": 40}
    )
    assert contact.status_code == 201 and json.loads(contact.content)["mentee_id"] == mentee.pk

    listed = json.loads(client.get("/api/v1/mentoring/pairings?active=true").content)["items"]
    assert [p["id"] for p in listed] == [body["id"]]
    contacts = json.loads(client.get(f"/api/v1/mentoring/contacts?pairing_id={body['id']}").content)["items"]
    assert [(c["minutes"], c["happened_on"]) for c in contacts] == [(40, today)]

    ended = _post(client, f"/api/v1/mentoring/pairings/{body['id']}/end", {})
    assert ended.status_code == 200 and json.loads(ended.content)["ended_on"] == today
    assert json.loads(client.get("/api/v1/mentoring/pairings?active=true").content)["items"] == []


def test_a_mentor_records_a_contact_for_their_own_mentee_only(org_a, client_for):
    own = mentorship_start(
        organisation=org_a.org, mentor=senior(org_a.peer), mentee=peer_at(org_a.org, "Nico", 1), by=None
    )
    other = pair(org_a.org, "Kai", "Lou")
    client = client_for(org_a.peer_user)
    today = org_a.org.today().isoformat()

    mine = _post(
        client, "/api/v1/mentoring/contacts", {"pairing_id": own.pk, "happened_on": today, "minutes": 20}
    )
    assert mine.status_code == 201
    theirs = _post(
        client, "/api/v1/mentoring/contacts", {"pairing_id": other.pk, "happened_on": today, "minutes": 20}
    )
    assert theirs.status_code == 404
    assert MentoringContact.objects.filter(mentorship=other).count() == 0
    seen = json.loads(client.get("/api/v1/mentoring/pairings").content)["items"]
    assert [p["id"] for p in seen] == [own.pk]
    refused = _post(
        client, "/api/v1/mentoring/pairings", {"mentor_id": other.mentor_id, "mentee_id": own.mentee_id}
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("role", ["admin", "coordinator", "supervisor", "evaluator", "peer_user"])
def test_another_organisation_sees_no_pairing_and_cannot_end_or_record(org_a, org_b, client_for, role):
    pairing = pair(org_a.org)
    client = client_for(getattr(org_b, role))
    today = org_a.org.today().isoformat()

    listed = client.get("/api/v1/mentoring/pairings")
    assert listed.status_code in (200, 403)
    if listed.status_code == 200:
        assert json.loads(listed.content)["items"] == []
    assert _post(client, f"/api/v1/mentoring/pairings/{pairing.pk}/end", {}).status_code in (403, 404)
    recorded = _post(
        client, "/api/v1/mentoring/contacts", {"pairing_id": pairing.pk, "happened_on": today, "minutes": 20}
    )
    assert recorded.status_code in (403, 404)
    assert Mentorship.objects.get(pk=pairing.pk).is_active
    assert not MentoringContact.objects.exists()


def test_the_evaluator_may_not_pair(org_a, client_for):
    mentor = peer_at(org_a.org, "Morgan", 4)
    mentee = peer_at(org_a.org, "Nico", 1)
    response = _post(
        client_for(org_a.evaluator),
        "/api/v1/mentoring/pairings",
        {"mentor_id": mentor.pk, "mentee_id": mentee.pk},
    )
    assert response.status_code == 403
