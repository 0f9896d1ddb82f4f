from __future__ import annotations

import json
from decimal import Decimal

from peerwork.pay import services
from peerwork.pay.models import LedgerEntry, PayRate

from .factories import EarningsRuleFactory, RoleFactory


def _post(client, url: str, body: dict):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_rate_without_an_effective_date_is_refused_clearly(org_a, client_for):
    role = RoleFactory(organisation=org_a.org)
    client = client_for(org_a.admin)
    response = _post(client, "/api/v1/pay/rates", {"role_id": role.pk, "amount": "25.00"})
    assert response.status_code == 422  # the schema says a rate needs the day it applies from
    assert response.json()["errors"]["effective_from"] == ["Field required"]
    response = _post(
        client, "/api/v1/pay/rates", {"role_id": role.pk, "amount": "-1", "effective_from": "2026-01-01"}
    )
    assert response.status_code == 422 and "amount" in response.json()["errors"]  # the schema: 0 or more
    response = _post(
        client, "/api/v1/pay/rates", {"role_id": role.pk, "amount": "0", "effective_from": "2026-01-01"}
    )
    assert response.status_code == 409
    assert response.json()["errors"]["amount"] == ["The amount must be more than zero."]
    assert not PayRate.objects.exists()
    response = _post(
        client, "/api/v1/pay/rates", {"role_id": role.pk, "amount": "25", "effective_from": "2026-01-01"}
    )
    assert response.status_code == 201 and response.json()["amount"] == "25.00"
    assert client.get("/api/v1/pay/rates").json()["count"] == 1


def test_pay_reverse_and_refusals_through_the_api(org_a, org_b, worked, client_for):
    client = client_for(org_a.coordinator)
    box = _post(client, "/api/v1/pay/cash-boxes", {"site_id": org_a.site.pk, "opening_float": "200.00"})
    assert box.status_code == 201
    box_id = box.json()["id"]
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    owed = client.get("/api/v1/pay/payouts?status=pending").json()
    assert [item["id"] for item in owed["items"]] == [payout.pk]
    paid = _post(client, f"/api/v1/pay/payouts/{payout.pk}/pay", {"method": "cash", "timing": "half"})
    assert paid.status_code == 200
    entry_id = paid.json()["id"]
    twice = _post(client, f"/api/v1/pay/payouts/{payout.pk}/pay", {"method": "cash"})
    assert twice.status_code == 409 and "twice" in twice.json()["errors"]["__all__"][0]
    assert client.get(f"/api/v1/pay/cash-boxes/{box_id}").json()["balance"] == "100.00"
    reversed_ = _post(client, f"/api/v1/pay/ledger/{entry_id}/reversal", {"reason": "wrong person"})
    assert reversed_.status_code == 201 and reversed_.json()["amount"] == "-100.00"
    again = _post(client, f"/api/v1/pay/ledger/{entry_id}/reversal", {"reason": "again"})
    assert again.status_code == 409 and "already reversed" in again.json()["detail"]
    unexplained = _post(client, f"/api/v1/pay/cash-boxes/{box_id}/close", {"counted": "190.00"})
    assert unexplained.status_code == 409 and "variance_explanation" in unexplained.json()["errors"]
    closed = _post(
        client, f"/api/v1/pay/cash-boxes/{box_id}/close", {"counted": "190.00", "explanation": "$10 missing"}
    )
    assert closed.status_code == 200 and closed.json()["variance"] == "-10.00"
    statement = client.get(
        f"/api/v1/pay/peers/{org_a.peer.pk}/statement?start=2026-01-01&end=2100-01-01"
    ).json()
    assert statement["total"] == "0.00" and len(statement["lines"]) == 2
    assert LedgerEntry.objects.filter(organisation=org_a.org).count() == 4
    other = client_for(org_b.coordinator)
    assert other.get(f"/api/v1/pay/payouts/{payout.pk}").status_code == 404
    assert other.get("/api/v1/pay/payouts").json()["count"] == 0


def test_negative_manual_payout_is_refused(org_a, client_for):
    client = client_for(org_a.coordinator)
    body = {"peer_id": org_a.peer.pk, "amount": "-5", "reason": "bus", "earned_on": "2026-11-03"}
    negative = _post(client, "/api/v1/pay/payouts", body)
    assert negative.status_code == 422 and "amount" in negative.json()["errors"]  # the schema: 0 or more
    nothing = _post(client, "/api/v1/pay/payouts", {**body, "amount": "0"})
    assert nothing.status_code == 409
    assert nothing.json()["errors"]["amount"] == ["The amount must be more than zero."]
    body["amount"] = "5"
    created = _post(client, "/api/v1/pay/payouts", body)
    assert created.status_code == 201 and created.json()["source"] == "manual"


def test_headroom_for_any_date(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on="2026-01-01", actor=org_a.admin)
    services.payout_create_manual(
        organisation=org_a.org, peer=org_a.peer, amount="640", reason="outreach", earned_on="2026-11-03"
    )
    client = client_for(org_a.coordinator)
    body = client.get(f"/api/v1/pay/peers/{org_a.peer.pk}/headroom?on=2026-11-20").json()
    assert body["has_rule"] and Decimal(body["left"]) == Decimal("360.00") and body["percent"] == 64
    assert client.get(f"/api/v1/pay/peers/{org_a.peer.pk}/headroom?on=2026-12-01").json()["earned"] == "0.00"
    assert client_for(org_a.supervisor).get(f"/api/v1/pay/peers/{org_a.peer.pk}/headroom").status_code == 403
