"""Activities, the tick-list and the kiosk tap through the API."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.participation.models import Participation
from tests.foundation.factories import make_kiosk

from .factories import activity


def _send(client, method, url, body):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_activities_and_the_tick_list_through_the_api(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    starts = timezone.now() - timedelta(hours=4)
    created = _send(
        client,
        "post",
        "/api/v1/participation/activities",
        {
            "site_id": org_a.site.pk,
            "kind": "peer_led",
            "title": "Peer-led art group",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    activity_id = json.loads(created.content)["id"]
    ticked = _send(
        client,
        "put",
        f"/api/v1/participation/activities/{activity_id}/participants",
        {"peer_ids": [org_a.peer.pk]},
    )
    assert [row["peer_id"] for row in json.loads(ticked.content)] == [org_a.peer.pk]
    listed = json.loads(client.get(f"/api/v1/participation/records?peer_id={org_a.peer.pk}").content)
    assert listed["count"] == 1
    bad = _send(
        client,
        "post",
        "/api/v1/participation/activities",
        {
            "site_id": org_b.site.pk,
            "kind": "peer_led",
            "title": "x",
            "starts_at": starts.isoformat(),
            "ends_at": starts.isoformat(),
        },
    )
    assert bad.status_code == 404
    other = client_for(org_b.coordinator).get(f"/api/v1/participation/activities/{activity_id}")
    assert other.status_code == 404


def test_a_peer_taps_through_the_api_only_at_the_activitys_kiosk(org_a, client_for):
    here, there = activity(org_a), activity(org_a, site=org_a.other_site)
    client = client_for(org_a.peer_user)
    device, _raw = make_kiosk(org_a)
    session = client.session
    session[SESSION_KIOSK] = device.pk
    session.save()
    refused = client.post(f"/api/v1/participation/activities/{there.pk}/tap")
    assert refused.status_code == 409
    assert "not here at" in refused.content.decode()
    assert client.post(f"/api/v1/participation/activities/{here.pk}/tap").status_code == 201
    assert Participation.objects.filter(peer=org_a.peer).count() == 1
