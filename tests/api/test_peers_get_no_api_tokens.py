"""Peers get no personal API tokens: not on the page, not through the API, not left over from before.

A token outlives the session it was made in; on a shared kiosk that is a door left open.
"""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.test import Client

from peerwork.accounts.models import APIToken
from peerwork.accounts.tokens import _digest, api_token_create
from tests.foundation.factories import PIN, kiosk_client, make_kiosk, make_peer_login
from tests.foundation.test_kiosk_sign_in import _person_url


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _old_token(user, organisation, raw: str) -> APIToken:
    """A token made before this rule, straight in the table."""
    return APIToken.objects.create(
        user=user, organisation=organisation, name="kiosk", prefix=raw[3:11], token_hash=_digest(raw)
    )


def test_a_peer_is_refused_the_token_page_with_a_plain_message(org_a, client_for):
    client = client_for(org_a.peer_user)
    page = client.get("/accounts/tokens/")
    assert page.status_code == 403
    assert "API tokens are for staff" in page.content.decode()
    created = client.post("/accounts/tokens/", {"name": "mine"})
    assert created.status_code == 403
    assert not APIToken.objects.filter(user=org_a.peer_user).exists()


def test_a_peer_signed_in_at_a_kiosk_cannot_make_a_token(org_a):
    _device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    assert client.post(_person_url(credential), {"pin": PIN}).status_code == 302
    assert client.post("/accounts/tokens/", {"name": "keep me"}).status_code == 403
    api = client.post(
        "/api/v1/tokens/", data=json.dumps({"name": "keep me"}), content_type="application/json"
    )
    assert api.status_code == 403
    assert not APIToken.objects.filter(user=credential.user).exists()


def test_the_api_refuses_a_peer_a_token_in_the_one_error_shape(org_a, client_for):
    response = client_for(org_a.peer_user).post(
        "/api/v1/tokens/", data=json.dumps({"name": "mine"}), content_type="application/json"
    )
    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "API tokens are for staff" in body["detail"]
    assert not APIToken.objects.filter(user=org_a.peer_user).exists()


def test_the_service_refuses_a_token_for_a_peer(org_a):
    with pytest.raises(PermissionDenied):
        api_token_create(user=org_a.peer_user, organisation=org_a.org, name="mine")


def test_a_staff_member_cannot_make_a_token_for_another_organisation(org_a, org_b):
    with pytest.raises(PermissionDenied):
        api_token_create(user=org_a.admin, organisation=org_b.org, name="theirs")


def test_a_peer_token_made_before_the_rule_no_longer_works(org_a, org_b):
    raw = "pw_abcd1234_leftover-from-a-kiosk"
    _old_token(org_a.peer_user, org_a.org, raw)
    refused = _bearer(raw).get("/api/v1/me")
    assert refused.status_code == 401
    assert set(refused.json()) == {"detail", "errors"}
    _staff, staff_raw = api_token_create(user=org_b.coordinator, organisation=org_b.org, name="report")
    assert _bearer(staff_raw).get("/api/v1/me").status_code == 200


def test_the_migration_revokes_peers_tokens_and_keeps_staff_tokens(org_a, org_b):
    peer_token = _old_token(org_a.peer_user, org_a.org, "pw_peer0001_x")
    peer_b_token = _old_token(org_b.peer_user, org_b.org, "pw_peer0002_y")
    staff_token, _raw = api_token_create(user=org_a.coordinator, organisation=org_a.org, name="report")
    migration = importlib.import_module("peerwork.accounts.migrations.0003_revoke_peer_api_tokens")
    migration.revoke_peer_api_tokens(apps, None)
    for token in (peer_token, peer_b_token, staff_token):
        token.refresh_from_db()
    assert peer_token.revoked_at is not None and peer_b_token.revoked_at is not None
    assert staff_token.revoked_at is None


def test_staff_still_make_tokens_on_the_page(org_a, client_for):
    response = client_for(org_a.evaluator).post("/accounts/tokens/", {"name": "report"})
    assert response.status_code == 200
    assert APIToken.objects.filter(user=org_a.evaluator, name="report").exists()
