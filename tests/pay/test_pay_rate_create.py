from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.pathway.models import PeerPosition, Stage
from peerwork.pay import selectors, services
from peerwork.pay.models import PayRate

from .factories import RoleFactory


def test_a_rate_without_an_effective_date_is_refused(org_a):
    role = RoleFactory(organisation=org_a.org)
    with pytest.raises(ValidationError) as caught:
        services.pay_rate_create(
            organisation=org_a.org, role=role, stage=None, kind="hourly", amount="25", effective_from=None
        )
    assert "effective_from" in caught.value.message_dict
    assert PayRate.objects.count() == 0


@pytest.mark.parametrize("amount", ["-5", "0", "abc"])
def test_a_negative_or_empty_amount_is_refused(org_a, amount):
    role = RoleFactory(organisation=org_a.org)
    with pytest.raises(ValidationError):
        services.pay_rate_create(
            organisation=org_a.org,
            role=role,
            stage=None,
            kind="hourly",
            amount=amount,
            effective_from=date(2026, 1, 1),
        )
    assert PayRate.objects.count() == 0


def test_the_rate_in_effect_is_the_latest_started_and_a_stage_rate_overrides(org_a):
    role = RoleFactory(organisation=org_a.org)
    stage = Stage.objects.create(organisation=org_a.org, name="Senior", order=3)
    common = {"organisation": org_a.org, "role": role, "kind": "hourly"}
    services.pay_rate_create(stage=None, amount="25", effective_from=date(2026, 1, 1), **common)
    services.pay_rate_create(stage=None, amount="27", effective_from=date(2026, 6, 1), **common)
    services.pay_rate_create(stage=stage, amount="32", effective_from=date(2026, 1, 1), **common)
    assert selectors.rate_for(role, None, date(2026, 5, 31)).amount == Decimal("25.00")
    assert selectors.rate_for(role, None, date(2026, 6, 1)).amount == Decimal("27.00")
    assert selectors.rate_for(role, stage.pk, date(2026, 6, 1)).amount == Decimal("32.00")
    assert selectors.rate_for(role, None, date(2025, 12, 31)) is None
    PeerPosition.objects.create(peer=org_a.peer, stage=stage, since=date(2026, 1, 1))
    assert selectors.stage_id_of(org_a.peer) == stage.pk


def test_a_rate_change_never_rewrites_past_pay(org_a, worked):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    assert payout.amount == Decimal("100.00")
    services.pay_rate_create(
        organisation=org_a.org,
        role=worked.role,
        stage=None,
        kind="hourly",
        amount="40",
        effective_from=date(2026, 11, 1),
    )
    payout.refresh_from_db()
    assert payout.amount == Decimal("100.00")
    assert payout.rate == worked.rate


def test_rates_page_adds_a_rate_and_keeps_input_on_error(org_a, org_b, client_for):
    role = RoleFactory(organisation=org_a.org)
    client = client_for(org_a.admin)
    response = client.post(
        "/pay/rates/", {"role": role.pk, "kind": "hourly", "amount": "26.50", "effective_from": ""}
    )
    assert response.status_code == 200
    assert b"26.50" in response.content
    assert PayRate.objects.count() == 0
    response = client.post(
        "/pay/rates/", {"role": role.pk, "kind": "hourly", "amount": "26.50", "effective_from": "2026-12-01"}
    )
    assert response.status_code == 302
    assert PayRate.objects.get().amount == Decimal("26.50")
    assert client_for(org_a.coordinator).get("/pay/rates/").status_code == 403
    other = client_for(org_b.admin).post(
        "/pay/rates/", {"role": role.pk, "kind": "hourly", "amount": "1", "effective_from": "2026-12-02"}
    )
    assert other.status_code == 200  # the form refuses a role of another organisation
    assert PayRate.objects.count() == 1
