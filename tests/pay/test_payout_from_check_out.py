from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.pay import services
from peerwork.pay.models import LedgerEntry, LedgerKind, Payout, PayoutStatus
from peerwork.shifts import hooks as shift_hooks
from peerwork.shifts import services as shift_services
from peerwork.shifts.models import Assignment, AssignmentStatus


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
    assert LedgerEntry.objects.filter(payout=payout, kind=LedgerKind.PAYOUT).count() == 1


def test_shift_earnings_hook_uses_the_rate(org_a, worked):
    assert shift_hooks.shift_earnings(worked.assignment.shift, org_a.peer) == Decimal("100.00")


def test_checking_out_through_shifts_puts_the_payout_on_the_desk(
    org_a, worked, cash_box, client_for, django_capture_on_commit_callbacks
):
    assignment = worked.assignment
    Assignment.objects.filter(pk=assignment.pk).update(
        status=AssignmentStatus.ASSIGNED, checked_in_at=None, checked_out_at=None
    )
    shift = assignment.shift
    shift_services.assignment_check_in(
        assignment=assignment, site=org_a.site, channel="desk", by=org_a.coordinator, now=shift.starts_at
    )
    with django_capture_on_commit_callbacks(execute=True):
        shift_services.assignment_check_out(
            assignment=assignment, duties=[], by=org_a.coordinator, now=shift.starts_at + timedelta(hours=3)
        )
    payout = Payout.objects.get(assignment=assignment)
    assert payout.amount == Decimal("75.00")
    desk = client_for(org_a.coordinator).get(f"/pay/?site={org_a.site.pk}")
    assert b"$75.00" in desk.content
