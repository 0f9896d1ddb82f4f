"""Reading a peer's headroom, a statement or overdose responses through the API leaves the same
audit event as reading them on their page; another organisation's rows are 404 and leave none."""

from __future__ import annotations

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.pay import services as pay_services

from ..pay.factories import EarningsRuleFactory
from ..services.factories import OverdoseResponseFactory


def _events(org, action):  # type: ignore[no-untyped-def]
    return [
        (event.actor_id, event.action, event.object_type, event.object_id, event.detail.get("fields"))
        for event in AuditEvent.objects.filter(organisation=org, action=action).order_by("pk")
    ]


def _with_rule(org_a):  # type: ignore[no-untyped-def]
    rule = EarningsRuleFactory(organisation=org_a.org)
    pay_services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on="2026-01-01", actor=org_a.admin)
    pay_services.payout_create_manual(
        organisation=org_a.org, peer=org_a.peer, amount="640", reason="outreach", earned_on="2026-11-03"
    )


def test_headroom_with_the_benefit_name_is_audited_like_the_peers_pay_page(org_a, org_b, client_for):
    _with_rule(org_a)
    client = client_for(org_a.coordinator)
    assert client.get(reverse("pay:peer_pay", args=[org_a.peer.pk])).status_code == 200
    (page_event,) = _events(org_a.org, "read_sensitive")

    body = client.get(f"/api/v1/pay/peers/{org_a.peer.pk}/headroom?on=2026-11-20").json()

    assert body["rule"]
    assert _events(org_a.org, "read_sensitive") == [page_event, page_event]
    other = client_for(org_b.coordinator).get(f"/api/v1/pay/peers/{org_a.peer.pk}/headroom")
    assert other.status_code == 404
    assert len(_events(org_a.org, "read_sensitive")) == 2


def test_a_statement_read_through_the_api_is_audited_like_the_statement_download(org_a, org_b, client_for):
    _with_rule(org_a)
    client = client_for(org_a.coordinator)
    query = "?start=2026-01-01&end=2026-12-31"
    assert client.get(reverse("pay:peer_statement", args=[org_a.peer.pk, "csv"]) + query).status_code == 200
    (page_event,) = _events(org_a.org, "pay_statement_exported")

    assert client.get(f"/api/v1/pay/peers/{org_a.peer.pk}/statement{query}").status_code == 200

    assert _events(org_a.org, "pay_statement_exported") == [page_event, page_event]
    exported = AuditEvent.objects.filter(action="pay_statement_exported").order_by("pk")
    assert [(e.detail["start"], e.detail["end"]) for e in exported] == [("2026-01-01", "2026-12-31")] * 2
    other = client_for(org_b.coordinator).get(f"/api/v1/pay/peers/{org_a.peer.pk}/statement")
    assert other.status_code == 404
    assert AuditEvent.objects.filter(action="pay_statement_exported").count() == 2


def test_overdose_responses_read_through_the_api_are_audited_like_their_page(org_a, org_b, client_for):
    event = OverdoseResponseFactory(organisation=org_a.org, site=org_a.site)
    event.responders.add(org_a.peer)
    client = client_for(org_a.supervisor)
    assert client.get(reverse("services:overdoses")).status_code == 200
    (page_event,) = _events(org_a.org, "read_sensitive")

    listed = client.get("/api/v1/services/events").json()["items"]
    one = client.get(f"/api/v1/services/events/{event.pk}")

    assert [item["id"] for item in listed] == [event.pk] and one.status_code == 200
    events = AuditEvent.objects.filter(organisation=org_a.org, action="read_sensitive").order_by("pk")
    assert [(e.object_type, e.detail["fields"], e.detail["shown"]) for e in events] == [
        (page_event[2], page_event[4], 1)
    ] * 3
    assert events.last().object_id == str(event.pk)  # type: ignore[union-attr]
    assert client_for(org_b.supervisor).get(f"/api/v1/services/events/{event.pk}").status_code == 404
    assert client_for(org_b.supervisor).get("/api/v1/services/events").json()["items"] == []
    assert AuditEvent.objects.filter(organisation=org_a.org, action="read_sensitive").count() == 3
