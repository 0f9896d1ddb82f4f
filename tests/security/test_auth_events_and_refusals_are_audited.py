"""Every authentication event and every refused authorisation lands in the audit, pages and API."""

from __future__ import annotations

from django.test import Client

from peerwork.audit.models import AuditEvent
from tests.personas import PASSWORD, sign_in


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_page_sign_in_failure_success_and_sign_out_are_audited(org_a):
    client = Client()
    client.post("/accounts/sign-in/", {"username": org_a.evaluator.username, "password": "wrong wrong wrong"})
    client.post("/accounts/sign-in/", {"username": org_a.evaluator.username, "password": PASSWORD})
    client.post("/accounts/sign-out/")
    actions = _actions()
    assert "sign_in_failed" in actions
    assert "sign_in" in actions
    assert "sign_out" in actions


def test_a_page_refused_to_a_role_is_audited(org_a, client_for):
    response = client_for(org_a.evaluator).get("/privacy/")
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="authorisation_refused")
    assert event.actor == org_a.evaluator and event.organisation == org_a.org


def test_api_without_or_with_a_bad_token_is_audited(db):
    Client().get("/api/v1/me")
    Client(HTTP_AUTHORIZATION="Bearer pw_forged_token").get("/api/v1/me")
    events = AuditEvent.objects.filter(action="api_authentication_failed").order_by("pk")
    assert [e.detail["scheme"] for e in events] == ["none", "Bearer"]
    assert all("pw_forged" not in str(e.detail) for e in events)


def test_api_refused_to_a_role_is_audited(org_a):
    response = sign_in(Client(), org_a.peer_user).get("/api/v1/privacy/consents")
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="authorisation_refused")
    assert event.actor == org_a.peer_user
    assert event.detail["capability"] == "can_manage_privacy"
