from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.pay import selectors, services
from peerwork.pay.models import CashBox, LedgerEntry, LedgerKind


def test_opening_with_a_count_by_denomination_must_add_up(org_a):
    with pytest.raises(ValidationError) as caught:
        services.cash_box_open(
            organisation=org_a.org,
            site=org_a.site,
            opening_float="200",
            count={"20": 9},
            actor=org_a.coordinator,
        )
    assert "opening_count" in caught.value.message_dict
    box = services.cash_box_open(
        organisation=org_a.org,
        site=org_a.site,
        opening_float="200",
        count={"20": 10},
        actor=org_a.coordinator,
    )
    assert box.opening_count == {"20.00": 10}
    assert selectors.cash_box_balance(box) == Decimal("200.00")


def test_one_open_cash_box_per_site(org_a, cash_box):
    with pytest.raises(ValidationError, match="already has an open cash box"):
        services.cash_box_open(
            organisation=org_a.org, site=org_a.site, opening_float="10", actor=org_a.coordinator
        )
    other = services.cash_box_open(
        organisation=org_a.org, site=org_a.other_site, opening_float="10", actor=org_a.coordinator
    )
    assert other.is_open


def test_a_negative_float_is_refused(org_a):
    with pytest.raises(ValidationError):
        services.cash_box_open(
            organisation=org_a.org, site=org_a.site, opening_float="-1", actor=org_a.coordinator
        )
    assert not CashBox.objects.exists()


def test_closing_a_box_that_does_not_balance_needs_an_explanation(org_a, worked, cash_box):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)
    with pytest.raises(ValidationError) as caught:
        services.cash_box_close(box=cash_box, counted="195", actor=org_a.coordinator)
    assert "variance_explanation" in caught.value.message_dict
    cash_box.refresh_from_db()
    assert cash_box.is_open and cash_box.variance is None
    assert not LedgerEntry.objects.filter(kind=LedgerKind.VARIANCE).exists()
    closed = services.cash_box_close(
        box=cash_box, counted="195", explanation="Gave $5 too much change", actor=org_a.coordinator
    )
    assert closed.expected_at_close == Decimal("200.00")
    assert closed.variance == Decimal("-5.00")
    assert selectors.cash_box_balance(closed) == Decimal("195.00")


def test_a_balanced_box_closes_without_explanation_and_a_second_person_signs_off(org_a, cash_box):
    closed = services.cash_box_close(
        box=cash_box, counted="300.00", count={"20": 15}, actor=org_a.coordinator
    )
    assert closed.variance == Decimal("0.00")
    with pytest.raises(ValidationError, match="second person"):
        services.cash_box_sign_off(box=closed, actor=org_a.coordinator)
    signed = services.cash_box_sign_off(box=closed, actor=org_a.admin)
    assert signed.signed_off_by == org_a.admin
    with pytest.raises(ValidationError, match="already closed"):
        services.cash_box_close(box=closed, counted="300", actor=org_a.coordinator)


def test_close_page_keeps_the_count_and_explains_what_is_missing(org_a, org_b, cash_box, client_for):
    url = f"/pay/cash-boxes/{cash_box.pk}/"
    assert client_for(org_b.coordinator).get(url).status_code == 404
    client = client_for(org_a.coordinator)
    response = client.post(url, {"counted_at_close": "290.00", "variance_explanation": ""})
    assert response.status_code == 200
    assert b"290.00" in response.content
    assert b"explain why" in response.content
    response = client.post(
        url, {"counted_at_close": "290.00", "variance_explanation": "A $10 note is missing"}
    )
    assert response.status_code == 302
    cash_box.refresh_from_db()
    assert cash_box.variance == Decimal("-10.00")


def test_open_page_opens_a_box_from_a_count(org_a, client_for):
    client = client_for(org_a.coordinator)
    assert client.get("/pay/cash-boxes/open").status_code == 200
    response = client.post(
        "/pay/cash-boxes/open",
        {"site": org_a.site.pk, "opening_float": "150.00", "open_20": "5", "open_50": "1"},
    )
    assert response.status_code == 302
    assert CashBox.objects.get().opening_count == {"20.00": 5, "50.00": 1}
    assert client.get("/pay/cash-boxes/").status_code == 200
