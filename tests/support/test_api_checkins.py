import json

from peerwork.audit.models import AuditEvent
from peerwork.support.checkins import checkin_record

API = "/api/v1/support"
ANSWERS = {"w1": 4, "w2": 2, "w3": 5, "w4": 4, "w5": 3, "w6": 5}


def _send(client, method, path, body):  # type: ignore[no-untyped-def]
    return getattr(client, method)(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def test_a_peer_posts_a_private_check_in_and_lists_their_own(org_a, client_for):
    client = client_for(org_a.peer_user)

    created = _send(client, "post", "/checkins", {"answers": ANSWERS})

    assert created.status_code == 201, created.content
    assert created.json()["shared"] is False
    assert [item["id"] for item in client.get(f"{API}/checkins").json()["items"]] == [created.json()["id"]]


def test_a_check_in_with_missing_answers_is_refused_naming_each_question(org_a, client_for):
    refused = _send(client_for(org_a.peer_user), "post", "/checkins", {"answers": {"w1": 3, "w2": None}})

    assert refused.status_code == 409
    assert set(refused.json()["errors"]) == {"w2", "w3", "w4", "w5", "w6"}


def test_an_answer_off_the_scale_is_refused(org_a, client_for):
    refused = _send(client_for(org_a.peer_user), "post", "/checkins", {"answers": {**ANSWERS, "w1": 9}})

    assert refused.status_code == 409
    assert "w1" in refused.json()["errors"]


def test_the_supervisor_gets_only_shared_check_ins_and_each_read_is_audited(org_a, client_for):
    private = checkin_record(peer=org_a.peer, answers=ANSWERS, share=False)
    shared = checkin_record(peer=org_a.peer, answers=ANSWERS, share=True)
    client = client_for(org_a.supervisor)

    listed = client.get(f"{API}/checkins?peer_id={org_a.peer.pk}").json()["items"]

    assert [item["id"] for item in listed] == [shared.pk]
    assert client.get(f"{API}/checkins/{private.pk}").status_code == 404
    assert client.get(f"{API}/checkins/{shared.pk}").status_code == 200
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(shared.pk)).count() == 2


def test_sharing_is_revocable_per_check_in_and_standing(org_a, client_for):
    checkin = checkin_record(peer=org_a.peer, answers=ANSWERS, share=True)
    peer = client_for(org_a.peer_user)
    supervisor = client_for(org_a.supervisor)

    assert _send(peer, "post", f"/checkins/{checkin.pk}/sharing", {"shared": False}).json() == {
        "shared": False
    }
    assert supervisor.get(f"{API}/checkins/{checkin.pk}").status_code == 404

    assert _send(peer, "put", "/checkin-sharing", {"shared": True}).json() == {"shared": True}
    assert supervisor.get(f"{API}/checkins/{checkin.pk}").status_code == 200

    assert _send(peer, "put", "/checkin-sharing", {"shared": False}).json() == {"shared": False}
    assert supervisor.get(f"{API}/checkins/{checkin.pk}").status_code == 404


def test_coordinators_never_get_check_ins_and_another_organisation_gets_404(org_a, org_b, client_for):
    checkin = checkin_record(peer=org_a.peer, answers=ANSWERS, share=True)

    assert client_for(org_a.coordinator).get(f"{API}/checkins?peer_id={org_a.peer.pk}").status_code == 403
    assert client_for(org_b.supervisor).get(f"{API}/checkins/{checkin.pk}").status_code == 404
    assert client_for(org_b.supervisor).get(f"{API}/checkins?peer_id={org_a.peer.pk}").status_code == 404
    assert client_for(org_b.peer_user).get(f"{API}/checkins/{checkin.pk}").status_code == 404
    refused = _send(client_for(org_b.peer_user), "post", f"/checkins/{checkin.pk}/sharing", {"shared": False})
    assert refused.status_code == 404
