import json

import pytest

from peerwork.peers.services import peer_create


def _json(response):
    return json.loads(response.content)


@pytest.mark.clock
def test_stages_eligibility_promotion_and_history_through_the_api(org_a, org_b, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    client = client_for(org_a.coordinator)
    stages = _json(client.get("/api/v1/ladder/stages"))["items"]
    assert [s["name"] for s in stages][:2] == ["Participant", "Trainee"]
    eligibility = _json(client.get(f"/api/v1/ladder/peers/{robin.pk}/eligibility"))
    assert eligibility["target_stage_id"] == stages[1]["id"] and eligibility["eligible"] is False
    hours = next(c for c in eligibility["criteria"] if c["key"] == "hours")
    assert (hours["text"], hours["met"], float(hours["need"])) == ("0 of 8 hours worked", False, 8.0)
    refused = client.post(
        f"/api/v1/ladder/peers/{robin.pk}/promote", data=json.dumps({}), content_type="application/json"
    )
    assert refused.status_code == 409 and "override_reason" in _json(refused)["errors"]
    promoted = client.post(
        f"/api/v1/ladder/peers/{robin.pk}/promote",
        data=json.dumps({"override_reason": "Long outreach experience"}),
        content_type="application/json",
    )
    assert promoted.status_code == 201 and _json(promoted)["to_stage_id"] == stages[1]["id"]
    no_reason = client.post(
        f"/api/v1/ladder/peers/{robin.pk}/step-back",
        data=json.dumps({"reason": ""}),
        content_type="application/json",
    )
    assert no_reason.status_code == 409 and "reason" in _json(no_reason)["errors"]
    signed = client_for(org_a.supervisor).post(
        f"/api/v1/ladder/peers/{robin.pk}/sign-off",
        data=json.dumps({"note": "Ready"}),
        content_type="application/json",
    )
    assert signed.status_code == 201 and _json(signed)["stage_id"] == stages[2]["id"]
    again = client_for(org_a.supervisor).post(
        f"/api/v1/ladder/peers/{robin.pk}/sign-off", data="{}", content_type="application/json"
    )
    assert again.status_code == 409 and "already signed off" in _json(again)["detail"]
    refused = client.post(
        f"/api/v1/ladder/peers/{robin.pk}/sign-off", data="{}", content_type="application/json"
    )
    assert refused.status_code == 403
    history = _json(client.get(f"/api/v1/ladder/peers/{robin.pk}/history"))["items"]
    assert [h["kind"] for h in history] == ["promotion", "start"]
    assert (
        client_for(org_b.coordinator).get(f"/api/v1/ladder/peers/{robin.pk}/eligibility").status_code == 404
    )
    assert (
        client_for(org_a.evaluator)
        .post(f"/api/v1/ladder/peers/{robin.pk}/promote", data="{}", content_type="application/json")
        .status_code
        == 403
    )
