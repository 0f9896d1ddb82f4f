import json

import pytest

from peerwork.support.models import DebriefStatus
from peerwork.support.services import debrief_offers_create

from ..factories import PeerWorkerFactory
from .factories import overdose_response, role_with_duties, worked_shift

API = "/api/v1/support"


def _post(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json")


@pytest.mark.clock
def test_open_offers_are_listed_and_an_outcome_is_recorded(org_a, client_for):
    response = overdose_response(org_a.org, [org_a.peer], hours_ago=80)
    debrief_offers_create(response=response)
    client = client_for(org_a.supervisor)

    listed = client.get(f"{API}/debriefs?status=offered").json()["items"]
    assert [(item["peer_id"], item["overdue"]) for item in listed] == [(org_a.peer.pk, True)]

    recorded = _post(
        client,
        "/debrief-outcomes",
        {
            "response_id": response.pk,
            "peer_id": org_a.peer.pk,
            "status": "declined",
            "outcome_on": org_a.org.today().isoformat(),
        },
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["status"] == DebriefStatus.DECLINED


def test_an_outcome_for_a_peer_who_did_not_respond_is_refused_with_the_reason(org_a, client_for):
    response = overdose_response(org_a.org, [org_a.peer])
    bystander = PeerWorkerFactory(organisation=org_a.org, preferred_name="Robin")

    refused = _post(
        client_for(org_a.supervisor),
        "/debrief-outcomes",
        {
            "response_id": response.pk,
            "peer_id": bystander.pk,
            "status": "held_individual",
            "outcome_on": org_a.org.today().isoformat(),
        },
    )

    assert refused.status_code == 409
    assert "Robin is not recorded as a responder" in refused.json()["detail"]


def test_an_unknown_outcome_is_refused(org_a, client_for):
    response = overdose_response(org_a.org, [org_a.peer])
    refused = _post(
        client_for(org_a.supervisor),
        "/debrief-outcomes",
        {
            "response_id": response.pk,
            "peer_id": org_a.peer.pk,
            "status": "forced",
            "outcome_on": "2026-01-01",
        },
    )

    assert refused.status_code == 422


def test_another_organisation_cannot_record_an_outcome_for_our_response(org_a, org_b, client_for):
    response = overdose_response(org_a.org, [org_a.peer])
    refused = _post(
        client_for(org_b.supervisor),
        "/debrief-outcomes",
        {
            "response_id": response.pk,
            "peer_id": org_a.peer.pk,
            "status": "declined",
            "outcome_on": "2026-01-01",
        },
    )

    assert refused.status_code == 404


def test_role_fit_is_served_per_role_and_per_peer(org_a, client_for):
    role = role_with_duties(org_a.org)
    worked_shift(
        org_a.peer, role, org_a.site, hours=4, duties_done=["Hand out supplies"], other_work="Cleaning"
    )
    client = client_for(org_a.supervisor)

    (per_role,) = client.get(f"{API}/role-fit").json()
    assert per_role["role_name"] == "Outreach"
    assert per_role["share_duties"] == "0.50"
    assert per_role["examples"] == ["Cleaning"]
    (per_peer,) = client.get(f"{API}/role-fit/peers/{org_a.peer.pk}").json()
    assert per_peer["peer_id"] == org_a.peer.pk
    assert client.get(f"{API}/role-fit/roles/{role.pk}").json()[0]["peer_name"] == org_a.peer.preferred_name


def test_signals_are_for_supervisors_only(org_a, client_for):
    assert client_for(org_a.supervisor).get(f"{API}/signals").status_code == 200
    for user in (org_a.admin, org_a.coordinator, org_a.evaluator, org_a.peer_user):
        assert client_for(user).get(f"{API}/signals").status_code == 403
