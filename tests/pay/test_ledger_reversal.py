from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.pay import selectors, services
from peerwork.pay.models import LedgerEntry, PayoutStatus


@pytest.fixture
def paid(org_a, worked, cash_box):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    return services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)


def test_a_reversal_points_at_the_entry_and_keeps_it(org_a, paid, cash_box):
    reversal = services.ledger_entry_reverse(
        entry=paid, reason="Paid the wrong person", actor=org_a.coordinator
    )
    assert reversal.reverses == paid
    assert reversal.amount == Decimal("-100.00")
    assert LedgerEntry.objects.get(pk=paid.pk).amount == Decimal("100.00")
    paid.payout.refresh_from_db()
    assert paid.payout.status == PayoutStatus.REVERSED
    assert selectors.peer_paid_total(org_a.peer) == Decimal("0.00")
    assert selectors.cash_box_balance(cash_box) == Decimal("300.00")


def test_reversing_twice_is_refused(org_a, paid):
    services.ledger_entry_reverse(entry=paid, reason="wrong", actor=org_a.coordinator)
    with pytest.raises(ValidationError, match="cannot be reversed twice"):
        services.ledger_entry_reverse(entry=paid, reason="again", actor=org_a.coordinator)
    assert LedgerEntry.objects.filter(reverses=paid).count() == 1


def test_reversing_a_reversal_twice_is_refused(org_a, paid):
    reversal = services.ledger_entry_reverse(entry=paid, reason="wrong", actor=org_a.coordinator)
    services.ledger_entry_reverse(entry=reversal, reason="it was right after all", actor=org_a.coordinator)
    paid.payout.refresh_from_db()
    assert paid.payout.status == PayoutStatus.PAID
    with pytest.raises(ValidationError, match="cannot be reversed twice"):
        services.ledger_entry_reverse(entry=reversal, reason="again", actor=org_a.coordinator)
    assert selectors.peer_paid_total(org_a.peer) == Decimal("100.00")


def test_a_reversal_needs_a_reason(org_a, paid):
    with pytest.raises(ValidationError):
        services.ledger_entry_reverse(entry=paid, reason="  ", actor=org_a.coordinator)
    assert not LedgerEntry.objects.filter(reverses=paid).exists()


def test_the_reverse_button_on_the_payout_page(org_a, org_b, paid, client_for):
    url = f"/pay/entries/{paid.pk}/reverse"
    assert client_for(org_b.coordinator).post(url, {"reason": "x"}).status_code == 404
    assert client_for(org_a.supervisor).post(url, {"reason": "x"}).status_code == 403
    response = client_for(org_a.coordinator).post(url, {"reason": "Counted wrong"}, follow=True)
    assert b"Reversal recorded" in response.content
    response = client_for(org_a.coordinator).post(url, {"reason": "Again"}, follow=True)
    assert b"cannot be reversed twice" in response.content
