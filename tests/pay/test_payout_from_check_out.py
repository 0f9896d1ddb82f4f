from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from peerwork.pay import services
from peerwork.pay.models import LedgerEntry, LedgerKind, Payout, PayoutStatus
from peerwork.shifts import hooks as shift_hooks


def test_checking_out_creates_the_pending_payout_at_the_rate(org_a, worked):
    for callback in shift_hooks.assignment_checked_out:
        callback(worked.assignment)
    payout = Payout.objects.get(assignment=worked.assignment)
    assert payout.status == PayoutStatus.PENDING
    assert payout.amount == Decimal("100.00")
    assert payout.hours == Decimal("4.00")
    assert payout.currency == "CAD"
    assert payout.site == org_a.site


def test_a_second_check_out_does_not_make_a_second_payout(org_a, worked):
    for _ in range(2):
        for callback in shift_hooks.assignment_checked_out:
            callback(worked.assignment)
    assert Payout.objects.filter(assignment=worked.assignment).count() == 1
    with pytest.raises(ValidationError, match="cannot be paid twice"):
        services.payout_create_for_assignment(assignment=worked.assignment)


def test_paying_twice_for_one_attendance_is_impossible(org_a, worked, cash_box):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)
    with pytest.raises(ValidationError, match="cannot be paid twice"):
        services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)
    # Even a client that bypasses the service meets the database's unique constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            organisation=org_a.org,
            kind=LedgerKind.PAYOUT,
            peer=org_a.peer,
            payout=payout,
            amount=payout.amount,
            currency="CAD",
            occurred_on=payout.earned_on,
        )
    assert LedgerEntry.objects.filter(payout=payout, kind=LedgerKind.PAYOUT).count() == 1


def test_shift_earnings_hook_uses_the_rate(org_a, worked):
    assert shift_hooks.shift_earnings(worked.assignment.shift, org_a.peer) == Decimal("100.00")
