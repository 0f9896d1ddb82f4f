"""API tokens: created with the raw value shown once, listed without it, revoked, scoped to one org."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.accounts.models import APIToken
from peerwork.accounts.tokens import api_token_create
from peerwork.audit.models import AuditEvent


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_token_made_on_the_page_is_shown_once_and_works_for_the_api(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post("/accounts/tokens/", {"name": "Report script"})
    assert response.status_code == 200
    token = APIToken.objects.get(user=org_a.coordinator, name="Report script")
    raw = response.context["raw"]
    assert raw.startswith(f"pw_{token.prefix}_")
    assert raw.encode() in response.content
    assert response["Cache-Control"] == "no-store"
    assert token.token_hash != raw and raw not in token.token_hash
    again = client.get("/accounts/tokens/")
    assert raw.encode() not in again.content
    assert b"Report script" in again.content and token.prefix.encode() in again.content

    me = _bearer(raw).get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["organisation_slug"] == org_a.org.slug
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action="api_token_created", organisation=org_a.org).exists()


def test_a_token_revoked_on_the_page_is_refused_with_401(org_a, client_for):
    token, raw = api_token_create(user=org_a.admin, organisation=org_a.org, name="old")
    assert _bearer(raw).get("/api/v1/me").status_code == 200
    response = client_for(org_a.admin).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    refused = _bearer(raw).get("/api/v1/me")
    assert refused.status_code == 401
    assert set(refused.json()) == {"detail", "errors"}


def test_tokens_through_the_api_create_list_and_revoke(org_a):
    _token, raw = api_token_create(user=org_a.admin, organisation=org_a.org, name="first")
    client = _bearer(raw)
    created = client.post(
        "/api/v1/tokens/", data=json.dumps({"name": "second"}), content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith(f"pw_{body['prefix']}_")
    listed = client.get("/api/v1/tokens/").json()
    assert {item["name"] for item in listed["items"]} == {"first", "second"}
    assert all("token" not in item for item in listed["items"])
    revoked = client.post(f"/api/v1/tokens/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert _bearer(body["token"]).get("/api/v1/me").status_code == 401
    blank = client.post("/api/v1/tokens/", data=json.dumps({"name": "  "}), content_type="application/json")
    assert blank.status_code == 409 and "name" in blank.json()["errors"]


def test_a_token_of_organisation_a_cannot_read_organisation_b(org_a, org_b):
    _token, raw_a = api_token_create(user=org_a.admin, organisation=org_a.org, name="a")
    token_b, _raw_b = api_token_create(user=org_b.admin, organisation=org_b.org, name="b")
    client = _bearer(raw_a)
    assert client.get(f"/api/v1/tokens/{token_b.pk}").status_code == 404
    assert client.post(f"/api/v1/tokens/{token_b.pk}/revoke").status_code == 404
    assert client.get(f"/api/v1/peers/{org_b.peer.pk}").status_code == 404
    token_b.refresh_from_db()
    assert token_b.revoked_at is None


def test_another_users_token_cannot_be_revoked_on_the_page(org_a, client_for):
    token, _raw = api_token_create(user=org_a.admin, organisation=org_a.org, name="admin's")
    response = client_for(org_a.coordinator).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_garbage_token_is_401_in_the_one_error_shape(db):
    response = _bearer("pw_nothing_here").get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in or send an API token.", "errors": None}


def test_staff_find_their_tokens_from_any_page_and_peers_do_not(org_a, client_for):
    link = f'href="{reverse("accounts:tokens")}"'
    for staff in (org_a.coordinator, org_a.evaluator):
        assert link in client_for(staff).get(reverse("home"), follow=True).content.decode()
    assert link not in client_for(org_a.peer_user).get(reverse("home"), follow=True).content.decode()


def test_the_last_use_is_written_once_a_minute_not_on_every_call(org_a):
    token, raw = api_token_create(user=org_a.admin, organisation=org_a.org, name="busy script")
    client = _bearer(raw)
    start = datetime(2026, 11, 20, 9, 0, 30, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/me")
        with CaptureQueriesContext(connection) as second:
            assert client.get("/api/v1/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == start
    assert not [q for q in second.captured_queries if q["sql"].startswith("UPDATE")]
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        client.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(minutes=1)
