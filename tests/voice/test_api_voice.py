"""The voice API: public submission without sign-in (rate-limited), themes, meetings, actions."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from peerwork.voice.models import Action, Feedback, FeedbackLink, Theme

from .factories import feedback, poster

pytestmark = pytest.mark.django_db

BASE = "/api/v1/voice"


def _post(client: Client, url: str, body: dict):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_public_feedback_needs_no_sign_in_and_is_rate_limited(org_a):
    link = poster(org_a.org, org_a.site)
    client = Client(REMOTE_ADDR="192.0.2.50")
    url = f"{BASE}/public/{link.token}/feedback"
    answers = [_post(client, url, {"rating": 5, "mattered": ["welcome"]}).status_code for _ in range(6)]
    assert answers == [201] * 5 + [429]
    assert Feedback.objects.filter(organisation=org_a.org, site=org_a.site).count() == 5
    refused = _post(Client(REMOTE_ADDR="192.0.2.51"), url, {"rating": 3, "text": "ring 0412 345 678"})
    assert refused.status_code == 409
    assert "names or numbers" in refused.json()["errors"]["text"][0]
    assert _post(Client(), f"{BASE}/public/nope/feedback", {"rating": 3}).status_code == 404


def test_themes_and_tags_through_the_api_stay_in_the_organisation(org_a, org_b, client_for):
    coordinator = client_for(org_a.coordinator)
    made = _post(coordinator, f"{BASE}/themes", {"name": "Waiting times"})
    assert made.status_code == 201
    theme_id = made.json()["id"]
    (item,) = feedback(org_a.org)
    tagged = coordinator.put(
        f"{BASE}/feedback/{item.pk}/themes",
        json.dumps({"theme_ids": [theme_id]}),
        content_type="application/json",
    )
    assert tagged.json() == [{"id": theme_id, "name": "Waiting times"}]
    other = client_for(org_b.coordinator).put(
        f"{BASE}/feedback/{item.pk}/themes", json.dumps({"theme_ids": []}), content_type="application/json"
    )
    assert other.status_code == 404
    assert client_for(org_a.evaluator).get(f"{BASE}/themes").json()["items"] == [
        {"id": theme_id, "name": "Waiting times"}
    ]
    assert client_for(org_b.admin).get(f"{BASE}/themes").json()["items"] == []
    assert _post(client_for(org_a.evaluator), f"{BASE}/themes", {"name": "x"}).status_code == 403
    assert list(Theme.objects.values_list("name", flat=True)) == ["Waiting times"]


def test_groups_hide_small_cells(org_a, client_for):
    feedback(org_a.org, 2, site=org_a.site)
    body = client_for(org_a.evaluator).get(f"{BASE}/feedback/groups").json()
    assert body["small_cell_threshold"] == org_a.org.small_cell_threshold
    assert body["site"] == [{"label": org_a.site.name, "count": None, "average": None}]


def test_meeting_decision_and_an_action_that_needs_an_owner(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    meeting = _post(client, f"{BASE}/meetings", {"held_on": "2026-11-20", "attendee_ids": [org_a.peer.pk]})
    assert meeting.status_code == 201
    assert meeting.json()["attendee_ids"] == [org_a.peer.pk]
    decision = _post(client, f"{BASE}/meetings/{meeting.json()['id']}/decisions", {"text": "Open earlier"})
    url = f"{BASE}/decisions/{decision.json()['id']}/actions"
    no_owner = _post(client, url, {"description": "Open at 9", "owner": " ", "due_on": "2026-12-01"})
    assert no_owner.status_code == 409
    assert "owner" in no_owner.json()["errors"]
    assert Action.objects.count() == 0
    action = _post(client, url, {"description": "Open at 9", "owner": "Sam", "due_on": "2026-12-01"})
    assert action.status_code == 201
    done = _post(client, f"{BASE}/actions/{action.json()['id']}/done", {"what_changed": "Open at 9 now"})
    assert done.json()["what_changed"] == "Open at 9 now"
    assert done.json()["done_on"] is not None
    assert (
        _post(
            client_for(org_b.coordinator), url, {"description": "x", "owner": "y", "due_on": "2026-12-01"}
        ).status_code
        == 404
    )
    foreign_peer = _post(
        client, f"{BASE}/meetings", {"held_on": "2026-11-20", "attendee_ids": [org_b.peer.pk]}
    )
    assert foreign_peer.status_code == 404


def test_a_theme_name_too_long_or_taken_is_refused_with_a_clear_message(org_a, client_for):
    coordinator = client_for(org_a.coordinator)
    long_name = "0" * 200
    too_long = _post(coordinator, f"{BASE}/themes", {"name": long_name})
    assert too_long.status_code == 422  # the schema holds a theme's name to 80 characters
    assert too_long.json()["errors"]["name"] == ["String should have at most 80 characters"]
    assert _post(coordinator, f"{BASE}/themes", {"name": "0" * 80}).status_code == 201
    taken = _post(coordinator, f"{BASE}/themes", {"name": "0" * 80})
    assert taken.status_code == 409
    assert taken.json()["detail"] == "There is already a theme with this name."
    assert Theme.objects.count() == 1


def test_behind_the_proxy_the_api_limit_counts_the_visitor_not_the_proxy(org_a, settings):
    settings.PEERWORK_TRUSTED_PROXIES = ["10.0.0.2"]
    link = poster(org_a.org, org_a.site)
    url = f"{BASE}/public/{link.token}/feedback"
    flooder = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.50")
    answers = [_post(flooder, url, {"rating": 5}).status_code for _ in range(6)]
    assert answers == [201] * 5 + [429]
    neighbour = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert _post(neighbour, url, {"rating": 4}).status_code == 201


def test_links_are_made_listed_and_switched_off_through_the_api(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    made = _post(client, f"{BASE}/links", {"label": "Clinic door", "site_id": org_a.site.pk})
    assert made.status_code == 201
    body = made.json()
    assert (body["label"], body["site_id"], body["is_active"]) == ("Clinic door", org_a.site.pk, True)
    token = FeedbackLink.objects.get(pk=body["id"]).token
    assert body["url"] == f"http://testserver/voice/f/{token}/"
    listed = client.get(f"{BASE}/links").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    off = _post(client, f"{BASE}/links/{body['id']}/switch", {"is_active": False})
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert Client().get(f"/voice/f/{token}/").status_code == 404
    # Another organisation: its site is not ours to use, our link is not theirs to see or switch.
    assert _post(client, f"{BASE}/links", {"label": "x", "site_id": org_b.site.pk}).status_code == 404
    other = client_for(org_b.coordinator)
    assert other.get(f"{BASE}/links").json()["items"] == []
    assert _post(other, f"{BASE}/links/{body['id']}/switch", {"is_active": True}).status_code == 404
    blank = _post(client, f"{BASE}/links", {"label": "   "})
    assert blank.status_code == 409 and "label" in blank.json()["errors"]
    assert client_for(org_a.peer_user).get(f"{BASE}/links").status_code == 403


def test_an_action_owner_can_be_a_member_of_this_organisation_only(org_a, org_b, client_for):
    from peerwork.voice.services import decision_record, meeting_record

    meeting = meeting_record(organisation=org_a.org, held_on=org_a.org.today(), agenda="")
    decision = decision_record(meeting=meeting, text="Longer hours")
    client = client_for(org_a.coordinator)
    url = f"{BASE}/decisions/{decision.pk}/actions"
    made = _post(
        client, url, {"description": "Ask", "owner_user_id": org_a.supervisor.pk, "due_on": "2026-12-20"}
    )
    assert made.status_code == 201
    assert (made.json()["owner_user_id"], made.json()["owner"]) == (
        org_a.supervisor.pk,
        str(org_a.supervisor),
    )
    other = _post(
        client, url, {"description": "Ask", "owner_user_id": org_b.coordinator.pk, "due_on": "2026-12-20"}
    )
    assert other.status_code == 404
    no_owner = _post(client, url, {"description": "Ask", "due_on": "2026-12-20"})
    assert no_owner.status_code == 409 and "owner" in no_owner.json()["errors"]
