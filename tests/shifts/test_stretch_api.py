"""The API for stretch roles and the per-stage places and stuck figures."""

from __future__ import annotations

import json

from peerwork.shifts.models import Role
from tests.insights import factories as f

NAMES = ("Participant", "Peer worker", "Senior peer", "Peer lead")


def _put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_a_coordinator_makes_a_role_stretch_work_and_sees_the_stage_starved(org_a, client_for):
    org = org_a.org
    stages = f.ladder(org, NAMES)
    team_lead = f.role(org, "Team lead", min_stage=stages[1])
    for i in range(3):
        f.peer(org, f"Senior {i}", org.today().replace(year=org.today().year - 1), org_a.site, stages[2])
    client = client_for(org_a.coordinator)
    url = f"/api/v1/shifts/roles/{team_lead.pk}/develops"

    bad = _put(client, url, {"develops_stage_id": stages[1].pk})
    assert bad.status_code == 409
    assert "above the role's lowest stage (Peer worker)" in bad.content.decode()
    assert Role.objects.get(pk=team_lead.pk).develops_stage is None

    ok = _put(client, url, {"develops_stage_id": stages[3].pk})
    assert ok.status_code == 200, ok.content
    assert ok.json()["develops_stage_id"] == stages[3].pk
    assert client.get(f"/api/v1/shifts/roles/{team_lead.pk}").json()["develops_stage_id"] == stages[3].pk

    work = client.get("/api/v1/shifts/ladder-work")
    assert work.status_code == 200, work.content
    body = work.json()
    senior = next(row for row in body["stages"] if row["stage"] == "Senior peer")
    assert (senior["peers"], senior["next_places"], senior["stuck"], senior["starved"]) == (3, 0, 3, True)
    assert body["stuck"] == 3
    assert (
        "Senior peer: 3 peers, 0 Peer lead places in 6 weeks (below 0.5 a peer), so they are stuck."
        in body["alerts"]
    )


def test_a_peer_cannot_change_roles_and_another_organisation_gets_404(org_a, org_b, client_for):
    stages = f.ladder(org_a.org, NAMES)
    role = f.role(org_a.org, "Team lead", min_stage=stages[1])
    url = f"/api/v1/shifts/roles/{role.pk}/develops"
    assert _put(client_for(org_a.peer_user), url, {"develops_stage_id": stages[3].pk}).status_code == 403
    assert _put(client_for(org_b.coordinator), url, {"develops_stage_id": stages[3].pk}).status_code == 404
    # A stage of another organisation is a 404 too, and nothing changes.
    (other,) = f.ladder(org_b.org, ("Elsewhere",))
    assert _put(client_for(org_a.coordinator), url, {"develops_stage_id": other.pk}).status_code == 404
    assert Role.objects.get(pk=role.pk).develops_stage is None
    assert client_for(org_a.peer_user).get("/api/v1/shifts/ladder-work").status_code == 403
