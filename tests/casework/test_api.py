"""Casework API: caseloads, sessions, plans, handovers and referral follow-ups, with the same rules as
the pages (worker or overseer only; another organisation 404); input the schema refuses is a 422,
input the rules refuse a 409, each naming the field."""

from __future__ import annotations

import json

import pytest

from peerwork.audit.models import AuditEvent
from peerwork.casework.models import CaseClient, CaseSession

from .factories import client_on, plan_for, referral_for, second_worker

API = "/api/v1/casework"
pytestmark = pytest.mark.django_db


def _send(client, path, body, method="post"):  # type: ignore[no-untyped-def]
    return getattr(client, method)(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def test_a_peer_adds_a_client_and_lists_only_their_own_caseload(org_a, client_for):
    robin, _user = second_worker(org_a)
    client_on(robin, "M-WXYZ-1975")
    peer = client_for(org_a.peer_user)
    created = _send(peer, "/clients", {"client_code": "f-abcd-1980"})
    assert created.status_code == 201, created.content
    assert created.json()["client_code"] == "F-ABCD-1980" and created.json()["worker_id"] == org_a.peer.pk
    assert [c["client_code"] for c in peer.get(f"{API}/clients").json()["items"]] == ["F-ABCD-1980"]
    assert _send(peer, "/clients", {"client_code": "X-QQQQ-1999", "worker_id": robin.pk}).status_code == 404
    bad = _send(peer, "/clients", {"client_code": "Jane Doe"})
    assert bad.status_code == 409 and "client_code" in bad.json()["errors"]
    coordinator = client_for(org_a.coordinator)
    listed = coordinator.get(f"{API}/clients").json()["items"]
    assert {c["client_code"] for c in listed} == {"F-ABCD-1980", "M-WXYZ-1975"}
    assert len(coordinator.get(f"{API}/clients?worker_id={robin.pk}").json()["items"]) == 1


def test_the_worker_writes_a_plan_and_records_a_session_with_progress(org_a, client_for):
    client = client_on(org_a.peer)
    peer = client_for(org_a.peer_user)
    plan = _send(peer, f"/clients/{client.pk}/plan", {"goals": ["Stable housing", "Day work"]}, "put")
    assert plan.status_code == 200, plan.content
    goal_id = plan.json()[0]["id"]
    body = {
        "held_on": org_a.org.today().isoformat(), "minutes": 45, "place": "outreach", "kind": "advocacy",
        "next_step": "go to the housing office together",
        "progress": [{"goal_id": goal_id, "progress": "some"}],
    }  # fmt: skip
    created = _send(peer, f"/clients/{client.pk}/sessions", body)
    assert created.status_code == 201, created.content
    assert created.json()["progress"] == [{"goal_id": goal_id, "progress": "some"}]
    listed = peer.get(f"{API}/clients/{client.pk}/sessions").json()["items"]
    assert [s["minutes"] for s in listed] == [45]
    assert AuditEvent.objects.filter(action="casework_viewed", object_id=str(client.pk)).exists()


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"next_step": "meet Lars Olsen"}, "next_step", 409),  # a rule: no names in a next step
        ({"minutes": 0}, "minutes", 422),  # the schema: 1 to 480
        ({"minutes": 2**40}, "minutes", 422),
        ({"progress": [{"goal_id": 999999, "progress": "some"}]}, "progress", 409),
    ],
)
def test_bad_session_input_is_refused_and_nothing_saved(org_a, client_for, change, field, status):
    client = client_on(org_a.peer)
    body = {
        "held_on": org_a.org.today().isoformat(), "minutes": 45, "place": "phone", "kind": "check_in",
        **change,
    }  # fmt: skip
    response = _send(client_for(org_a.peer_user), f"/clients/{client.pk}/sessions", body)
    assert response.status_code == status
    assert field in response.json()["errors"]
    assert CaseSession.objects.count() == 0


def test_another_peer_the_evaluator_and_another_organisation_cannot_reach_a_client(org_a, org_b, client_for):
    client = client_on(org_a.peer)
    plan_for(client)
    _robin, robin_user = second_worker(org_a)
    for user, status in (
        (robin_user, 404),
        (org_a.evaluator, 403),
        (org_b.coordinator, 404),
        (org_b.peer_user, 404),
    ):
        visitor = client_for(user)
        assert visitor.get(f"{API}/clients/{client.pk}").status_code == status
        assert visitor.get(f"{API}/clients/{client.pk}/sessions").status_code == status
    assert client_for(org_b.coordinator).get(f"{API}/clients").json()["items"] == []


def test_a_handover_by_api_moves_the_client_and_keeps_the_history(org_a, org_b, client_for):
    robin, robin_user = second_worker(org_a)
    client = client_on(org_a.peer)
    peer = client_for(org_a.peer_user)
    assert (
        _send(
            peer, f"/clients/{client.pk}/handover", {"to_worker_id": org_b.peer.pk, "note": "x"}
        ).status_code
        == 404
    )
    named = _send(peer, f"/clients/{client.pk}/handover", {"to_worker_id": robin.pk, "note": "ask Mrs Berg"})
    assert named.status_code == 409 and "note" in named.json()["errors"]
    moved = _send(
        peer, f"/clients/{client.pk}/handover", {"to_worker_id": robin.pk, "note": "afternoons suit"}
    )
    assert moved.status_code == 201, moved.content
    assert peer.get(f"{API}/clients/{client.pk}").status_code == 404
    detail = client_for(robin_user).get(f"{API}/clients/{client.pk}").json()
    assert detail["worker_id"] == robin.pk
    assert [(h["worker_id"], h["handover_note"]) for h in detail["history"]] == [
        (robin.pk, "afternoons suit"),
        (org_a.peer.pk, ""),
    ]


def test_referrals_are_made_and_followed_up(org_a, client_for):
    client = client_on(org_a.peer)
    peer = client_for(org_a.peer_user)
    made = _send(peer, f"/clients/{client.pk}/referrals", {"agency": "Harbour Clinic", "reason": "detox"})
    assert made.status_code == 201, made.content
    referral_id = made.json()["id"]
    assert _send(peer, f"/referrals/{referral_id}/follow-up", {"outcome": "pending"}).status_code == 422
    done = _send(peer, f"/referrals/{referral_id}/follow-up", {"outcome": "did_not_arrive"})
    assert done.status_code == 200 and done.json()["outcome"] == "did_not_arrive"
    other = referral_for(client_on(second_worker(org_a)[0], "M-WXYZ-1975"))
    assert _send(peer, f"/referrals/{other.pk}/follow-up", {"outcome": "arrived"}).status_code == 404
    assert CaseClient.objects.count() == 2
