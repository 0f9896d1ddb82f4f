from __future__ import annotations

from datetime import date

from peerwork.audit.models import AuditEvent
from peerwork.pay import selectors
from peerwork.pay.models import OverLimitChoice, PeerEarningsRule

from .factories import EarningsRuleFactory


def test_assigning_a_rule_is_audited_and_needs_the_sensitive_capability(org_a, org_b, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org)
    url = f"/pay/peers/{org_a.peer.pk}/rule"
    body = {"rule": rule.pk, "starts_on": "2026-11-01"}
    assert client_for(org_b.coordinator).post(url, body).status_code == 404
    assert client_for(org_a.supervisor).post(url, body).status_code == 403
    assert not PeerEarningsRule.objects.exists()
    assert client_for(org_a.coordinator).post(url, body).status_code == 302
    assert selectors.peer_rule(org_a.peer, date(2026, 11, 2)).rule == rule
    assert AuditEvent.objects.filter(action="peer_earnings_rule_set", object_id=str(org_a.peer.pk)).exists()


def test_a_new_rule_ends_the_old_one_and_no_rule_ends_it(org_a, client_for):
    first = EarningsRuleFactory(organisation=org_a.org)
    second = EarningsRuleFactory(organisation=org_a.org, period="year")
    client = client_for(org_a.admin)
    url = f"/pay/peers/{org_a.peer.pk}/rule"
    client.post(url, {"rule": first.pk, "starts_on": "2026-01-01"})
    client.post(url, {"rule": second.pk, "starts_on": "2026-06-01"})
    assert selectors.peer_rule(org_a.peer, date(2026, 5, 31)).rule == first
    assert selectors.peer_rule(org_a.peer, date(2026, 6, 1)).rule == second
    client.post(url, {"rule": "", "starts_on": "2026-09-01"})
    assert selectors.peer_rule(org_a.peer, date(2026, 9, 1)) is None


def test_the_peers_choice_to_go_over_is_recorded_with_its_date(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(
        f"/pay/peers/{org_a.peer.pk}/choice",
        {"chosen_on": "2026-11-05", "note": "wants the hours"},
        follow=True,
    )
    assert b"choice is recorded" in response.content
    choice = OverLimitChoice.objects.get()
    assert choice.chosen_on == date(2026, 11, 5) and choice.recorded_by == org_a.coordinator
    assert AuditEvent.objects.filter(action="over_limit_choice_recorded").exists()


def test_the_peer_pay_page_shows_the_rule_only_to_sensitive_roles_and_audits_the_read(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org, name="ZEBULON ODSP")
    PeerEarningsRule.objects.create(
        organisation=org_a.org, peer=org_a.peer, rule=rule, starts_on=date(2020, 1, 1)
    )
    response = client_for(org_a.coordinator).get(f"/pay/peers/{org_a.peer.pk}/")
    assert response.status_code == 200 and b"Benefit earnings limit" in response.content
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(org_a.peer.pk)).exists()
