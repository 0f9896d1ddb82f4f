"""The API: instruments, schedules, responses (start, partial answers, submit), scores, sharing."""

from __future__ import annotations

import json

from peerwork.assessments.models import AssessmentResponse

from .factories import finished, instrument


def _json(client, method, url, body=None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def test_instruments_list_says_which_wait_for_wording(org_a, client_for):
    page = client_for(org_a.evaluator).get("/api/v1/assessments/instruments")
    assert page.status_code == 200
    items = {i["key"]: i for i in page.json()["items"]}
    assert items["barc-10"]["status"] == "wording not loaded"
    assert items["recovery-checkin"]["can_administer"] is True
    detail = client_for(org_a.evaluator).get(f"/api/v1/assessments/instruments/{items['mirc']['id']}").json()
    assert len(detail["items"]) == 28 and detail["items"][0]["text"] == ""


def test_a_peer_starts_saves_part_and_submits_through_the_api(org_a, client_for):
    peer = client_for(org_a.peer_user)
    recovery = instrument(org_a.org, "recovery-checkin")
    started = _json(peer, "post", "/api/v1/assessments/responses", {"instrument_id": recovery.pk})
    assert started.status_code == 201
    rid = started.json()["id"]
    saved = _json(peer, "patch", f"/api/v1/assessments/responses/{rid}/answers", {"answers": {"r01": 5}})
    assert saved.json()["answers"] == {"r01": 5}
    bad = _json(peer, "patch", f"/api/v1/assessments/responses/{rid}/answers", {"answers": {"r02": 0}})
    assert bad.status_code == 409 and "r02" in bad.json()["errors"]
    answers = {f"r{n:02d}": 4 for n in range(2, 13)}
    done = _json(peer, "post", f"/api/v1/assessments/responses/{rid}/submit", {"answers": answers})
    assert done.status_code == 200
    scores = {s["target"]: s for s in done.json()["scores"]}
    assert scores["total"]["value"] == "45.00" and scores["total"]["version"] == "1.0"
    again = peer.get(f"/api/v1/assessments/responses/{rid}/scores")
    assert again.status_code == 200 and len(again.json()) == 4


def test_staff_read_only_shared_results_through_the_api(org_a, org_b, client_for):
    private = finished(org_a.org, peer=org_a.peer)
    shared = finished(org_a.org, peer=org_a.peer, share=True)
    evaluator = client_for(org_a.evaluator)
    assert evaluator.get(f"/api/v1/assessments/responses/{private.pk}").status_code == 404
    assert evaluator.get(f"/api/v1/assessments/responses/{shared.pk}").status_code == 200
    listed = evaluator.get("/api/v1/assessments/responses").json()["items"]
    assert [r["id"] for r in listed] == [shared.pk]
    assert client_for(org_b.evaluator).get(f"/api/v1/assessments/responses/{shared.pk}").status_code == 404


def test_the_peer_unshares_through_the_api(org_a, client_for):
    shared = finished(org_a.org, peer=org_a.peer, share=True)
    peer = client_for(org_a.peer_user)
    result = _json(peer, "post", f"/api/v1/assessments/responses/{shared.pk}/sharing", {"shared": False})
    assert result.status_code == 200 and result.json()["shared_with_staff"] is False
    assert client_for(org_a.evaluator).get(f"/api/v1/assessments/responses/{shared.pk}").status_code == 404


def test_schedules_through_the_api(org_a, client_for):
    coordinator = client_for(org_a.coordinator)
    recovery = instrument(org_a.org, "recovery-checkin")
    made = _json(
        coordinator,
        "post",
        "/api/v1/assessments/schedules",
        {"instrument_id": recovery.pk, "peer_id": org_a.peer.pk, "starts_on": "2026-12-01"},
    )
    assert made.status_code == 201 and made.json()["next_due"] == "2026-12-01"
    listed = coordinator.get("/api/v1/assessments/schedules").json()["items"]
    assert len(listed) == 1
    assert client_for(org_a.peer_user).get("/api/v1/assessments/schedules").status_code == 403


def test_a_peer_cannot_start_a_check_in_for_someone_else(org_a, client_for):
    recovery = instrument(org_a.org, "recovery-checkin")
    result = _json(
        client_for(org_a.peer_user),
        "post",
        "/api/v1/assessments/responses",
        {"instrument_id": recovery.pk, "client_code": "F-ABCD-1980"},
    )
    assert result.status_code == 403
    assert not AssessmentResponse.objects.exists()
