import json

import pytest

from peerwork.audit.models import AuditEvent
from peerwork.support.models import SupervisionSession

from .factories import session_for

API = "/api/v1/support"


def _post(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json")


@pytest.mark.clock
def test_a_supervisor_records_a_session_through_the_api(org_a, client_for):
    response = _post(
        client_for(org_a.supervisor),
        "/sessions",
        {
            "kind": "individual",
            "held_on": org_a.org.today().isoformat(),
            "duration_minutes": 50,
            "peer_ids": [org_a.peer.pk],
            "notes": "private words",
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["peer_ids"] == [org_a.peer.pk]
    assert SupervisionSession.objects.get().notes == "private words"


def test_a_session_with_no_peers_is_refused_with_a_clear_message(org_a, client_for):
    response = _post(
        client_for(org_a.supervisor),
        "/sessions",
        {
            "kind": "group",
            "held_on": org_a.org.today().isoformat(),
            "duration_minutes": 60,
            "peer_ids": [],
        },
    )

    assert response.status_code == 409
    assert response.json()["errors"]["peers"] == ["Choose at least one peer who was in the session."]


def test_notes_come_only_to_the_supervisor_and_the_peer_and_each_read_is_audited(org_a, client_for):
    session = session_for([org_a.peer], org_a.supervisor, notes="private words")
    url = f"{API}/sessions/{session.pk}"

    assert client_for(org_a.supervisor).get(url).json()["notes"] == "private words"
    assert client_for(org_a.peer_user).get(url).json()["notes"] == "private words"
    assert client_for(org_a.admin).get(url).json()["notes"] is None
    assert client_for(org_a.coordinator).get(url).status_code == 403
    reads = AuditEvent.objects.filter(action="read_sensitive", object_id=str(session.pk))
    assert {event.actor for event in reads} == {org_a.supervisor, org_a.peer_user}


def test_the_session_list_never_carries_notes_and_coordinators_get_403(org_a, client_for):
    session_for([org_a.peer], org_a.supervisor, notes="private words")

    listed = client_for(org_a.supervisor).get(f"{API}/sessions")

    assert listed.status_code == 200
    assert "private words" not in listed.content.decode()
    assert client_for(org_a.coordinator).get(f"{API}/sessions").status_code == 403


def test_another_organisation_gets_404_for_a_session_and_a_peer_filter(org_a, org_b, client_for):
    session = session_for([org_a.peer], org_a.supervisor, notes="private words")
    client = client_for(org_b.supervisor)

    assert client.get(f"{API}/sessions/{session.pk}").status_code == 404
    assert client.get(f"{API}/sessions?peer_id={org_a.peer.pk}").status_code == 404
    assert (
        _post(
            client,
            "/sessions",
            {
                "kind": "individual",
                "held_on": "2026-01-01",
                "duration_minutes": 60,
                "peer_ids": [org_a.peer.pk],
            },
        ).status_code
        == 404
    )
