from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.audit.models import AuditEvent
from peerwork.pay import selectors, services
from peerwork.pay.models import LedgerEntry, PayoutStatus


def test_paying_in_cash_draws_from_the_open_cash_box(org_a, worked, cash_box):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    entry = services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator, timing="half")
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID
    assert payout.timing == "half"
    assert entry.cash_box == cash_box
    assert selectors.cash_box_balance(cash_box) == Decimal("200.00")
    assert AuditEvent.objects.filter(action="payout_paid").exists()


def test_cash_needs_an_open_cash_box_and_enough_in_it(org_a, worked):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    with pytest.raises(ValidationError, match="No cash box is open at this site"):
        services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)
    services.cash_box_open(
        organisation=org_a.org, site=org_a.site, opening_float="50", actor=org_a.coordinator
    )
    with pytest.raises(ValidationError, match=r"The box holds CA\$50\.00; CA\$100\.00 is owed"):
        services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING
    assert not LedgerEntry.objects.filter(payout=payout).exists()


def test_a_transfer_does_not_touch_the_cash_box(org_a, worked, cash_box):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    entry = services.payout_pay(payout=payout, method="transfer", actor=org_a.coordinator)
    assert entry.cash_box is None
    assert selectors.cash_box_balance(cash_box) == Decimal("300.00")


def test_desk_pays_in_one_tap_and_updates_the_balance(org_a, org_b, worked, cash_box, client_for):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    client = client_for(org_a.coordinator)
    desk = client.get(f"/pay/?site={org_a.site.pk}")
    assert desk.status_code == 200
    assert b"ZEBULONPat a" in desk.content
    assert (
        client_for(org_b.coordinator).post(f"/pay/payouts/{payout.pk}/pay", {"method": "cash"}).status_code
        == 404
    )
    response = client.post(f"/pay/payouts/{payout.pk}/pay", {"method": "cash"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"Receipt" in response.content
    assert b'id="box-balance"' in response.content and b'hx-swap-oob="true"' in response.content
    assert b"$200.00" in response.content
    again = client.post(f"/pay/payouts/{payout.pk}/pay", {"method": "cash"}, HTTP_HX_REQUEST="true")
    assert b"cannot be paid twice" in again.content
    assert LedgerEntry.objects.filter(payout=payout).count() == 1


def test_receipt_can_leave_out_the_programme_name(org_a, worked, cash_box, client_for):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)
    client = client_for(org_a.coordinator)
    full = client.get(f"/pay/payouts/{payout.pk}/receipt")
    assert org_a.org.name.encode() in full.content
    discreet = client.get(f"/pay/payouts/{payout.pk}/receipt?discreet=1")
    assert discreet.status_code == 200
    body = discreet.content.decode()
    main = body[body.index("<main") :]
    assert org_a.org.name not in main
    assert "$100.00" in main
