import json

from peerwork.audit.models import AuditEvent
from peerwork.peers.models import PeerWorker


def _json(response):
    return json.loads(response.content)


def test_onboard_list_change_and_break_through_the_api(org_a, client_for):
    client = client_for(org_a.coordinator)
    created = client.post(
        "/api/v1/peers/",
        data=json.dumps({"preferred_name": "Robin", "phone": "416 555 0123", "site_ids": [org_a.site.pk]}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = _json(created)
    assert body["phone"] == "+14165550123" and body["site_ids"] == [org_a.site.pk]
    listed = _json(client.get("/api/v1/peers/", {"q": "rob"}))
    assert [p["preferred_name"] for p in listed["items"]] == ["Robin"]
    patched = client.patch(
        f"/api/v1/peers/{body['id']}",
        data=json.dumps({"pronouns": "they/them"}),
        content_type="application/json",
    )
    assert _json(patched)["pronouns"] == "they/them"
    on_break = client.post(f"/api/v1/peers/{body['id']}/break", data="{}", content_type="application/json")
    assert _json(on_break)["status"] == "on_break"
    back = client.post(f"/api/v1/peers/{body['id']}/return")
    assert _json(back)["status"] == "active"


def test_bad_input_is_refused_with_the_field_named(org_a, client_for):
    client = client_for(org_a.coordinator)
    bad_pin = client.post(
        "/api/v1/peers/",
        data=json.dumps({"preferred_name": "Robin", "pin": "12"}),
        content_type="application/json",
    )
    assert bad_pin.status_code == 409
    assert "pin" in _json(bad_pin)["errors"]
    bad_phone = client.post(
        "/api/v1/peers/",
        data=json.dumps({"preferred_name": "Robin", "phone": "12"}),
        content_type="application/json",
    )
    assert bad_phone.status_code == 409 and "phone" in _json(bad_phone)["errors"]
    assert not PeerWorker.objects.filter(preferred_name="Robin").exists()


def test_another_organisations_site_or_peer_is_a_404(org_a, org_b, client_for):
    client = client_for(org_b.coordinator)
    response = client.post(
        "/api/v1/peers/",
        data=json.dumps({"preferred_name": "Robin", "site_ids": [org_a.site.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/peers/{org_a.peer.pk}").status_code == 404
    assert not AuditEvent.objects.filter(action="peer_created").exists()


def test_a_peer_can_not_list_peers(org_a, client_for):
    assert client_for(org_a.peer_user).get("/api/v1/peers/").status_code == 403
