"""Salaried pay: each pay period makes one payout and its ledger entry; standing shifts under a salary
make no shift payout; casual work on top is paid as always; benefit limits count the salary, and a
draft that would pass a limit says so."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from peerwork.pay import selectors, services
from peerwork.pay.models import LedgerEntry, LedgerKind, Payout, PayoutSource, PayoutStatus
from peerwork.pay.salary import contract_limit_warning, salary_run
from peerwork.shifts.contracts import services as contract_services
from peerwork.shifts.models import Assignment, AssignmentStatus
from tests.pay.factories import EarningsRuleFactory, PayRateFactory, ShiftFactory, WorkedAssignmentFactory

from .helpers import START, add_standing, draft, role_for

SALARY = {"pay_basis": "salary", "hourly_rate": None, "salary": Decimal("2000.00"), "salary_period": "month"}


def _salaried(org_a, **terms):
    contract = draft(org_a, **{**SALARY, **terms})
    add_standing(contract, weekday=0, start=9, end=13)
    return contract_services.contract_sign(contract=contract, by=org_a.coordinator)


def test_a_pay_period_makes_one_payout_paid_through_the_ledger(org_a):
    contract = _salaried(org_a)
    run = salary_run(organisation=org_a.org, on=date(2027, 2, 15), actor=org_a.coordinator)
    [payout] = run.paid
    assert payout.source == PayoutSource.SALARY and payout.contract == contract
    assert payout.amount == Decimal("2000.00") and payout.period_start == date(2027, 2, 1)
    assert payout.status == PayoutStatus.PAID
    entry = LedgerEntry.objects.get(payout=payout)
    assert entry.kind == LedgerKind.PAYOUT and entry.amount == Decimal("2000.00")
    again = salary_run(organisation=org_a.org, on=date(2027, 2, 20))
    assert again.paid == [] and Payout.objects.filter(contract=contract).count() == 1


def test_the_first_period_is_paid_for_the_days_in_force(org_a):
    _salaried(org_a, starts_on=date(2027, 1, 16))  # 16 of January's 31 days
    [payout] = salary_run(organisation=org_a.org, on=date(2027, 1, 31)).paid
    assert payout.amount == Decimal("1032.26")


def test_a_salary_payout_can_be_reversed_in_the_ledger(org_a):
    _salaried(org_a)
    [payout] = salary_run(organisation=org_a.org, on=date(2027, 2, 15)).paid
    entry = LedgerEntry.objects.get(payout=payout)
    reversal = services.ledger_entry_reverse(entry=entry, reason="paid twice by the bank", actor=org_a.admin)
    assert reversal.amount == Decimal("-2000.00")


def test_standing_shifts_under_a_salary_make_no_shift_payout_but_casual_work_does(org_a):
    contract = _salaried(org_a)
    [shift] = contract_services.standing_shifts_materialise(organisation=org_a.org, week_start=START).held
    standing = Assignment.objects.get(shift=shift)
    standing.status = AssignmentStatus.COMPLETED
    standing.checked_in_at, standing.checked_out_at = shift.starts_at, shift.ends_at
    standing.save()
    assert services.payout_create_for_assignment(assignment=standing) is None
    assert not selectors.assignments_without_payout(
        org_a.org, shift.starts_at.date() + timedelta(days=2)
    ).exists()
    casual_role = role_for(org_a, "Outreach")
    PayRateFactory(role=casual_role, amount=Decimal("25.00"))
    casual = WorkedAssignmentFactory(
        shift=ShiftFactory(organisation=org_a.org, site=org_a.site, role=casual_role), peer=org_a.peer
    )
    payout = services.payout_create_for_assignment(assignment=casual)
    assert payout is not None and payout.amount == Decimal("100.00")
    assert contract.pk


def test_an_hourly_contracts_standing_shift_is_paid_at_the_contract_rate(org_a):
    contract = draft(org_a, hourly_rate=Decimal("21.50"))
    add_standing(contract, weekday=0, start=9, end=13)
    contract_services.contract_sign(contract=contract)
    [shift] = contract_services.standing_shifts_materialise(organisation=org_a.org, week_start=START).held
    held = Assignment.objects.get(shift=shift)
    held.status = AssignmentStatus.COMPLETED
    held.checked_in_at, held.checked_out_at = shift.starts_at, shift.ends_at
    held.save()
    payout = services.payout_create_for_assignment(assignment=held)
    assert payout is not None and payout.amount == Decimal("86.00")


@pytest.fixture
def on_odsp(org_a):
    services.peer_rule_assign(
        peer=org_a.peer,
        rule=EarningsRuleFactory(organisation=org_a.org, short_name="ODSP"),
        starts_on=date(2020, 1, 1),
        actor=org_a.admin,
    )


def test_a_draft_that_would_pass_the_benefit_limit_says_so(org_a, on_odsp):
    contract = draft(org_a, **SALARY)
    warning = contract_limit_warning(contract)
    assert warning is not None and "more than the" in warning and "ODSP" in warning
    small = draft(org_a, hours_per_week=Decimal("8"), hourly_rate=Decimal("20.00"))
    assert contract_limit_warning(small) is None  # about 693 a month


def test_the_limit_counts_the_salary_and_a_salary_past_it_stays_owed(org_a, on_odsp):
    _salaried(org_a)
    run = salary_run(organisation=org_a.org, on=date(2027, 2, 15))
    assert run.paid == [] and len(run.held) == 1
    assert run.held[0].status == PayoutStatus.PENDING
    room = selectors.headroom_for(org_a.peer, date(2027, 2, 15))
    assert room is not None and room.earned == Decimal("2000.00") and room.over


def test_the_pay_desk_pays_the_periods_salaries_once(org_a, client_for):
    from django.urls import reverse

    _salaried(
        org_a, starts_on=org_a.org.today().replace(day=1) - timedelta(days=40), ends_on=None, kind="permanent"
    )
    client = client_for(org_a.coordinator)
    desk = client.get(reverse("pay:desk")).content.decode()
    assert "1 peer is on a salaried contract." in desk
    client.post(reverse("pay:salaries_pay"), {"on": org_a.org.today().isoformat()})
    client.post(reverse("pay:salaries_pay"), {"on": org_a.org.today().isoformat()})
    assert Payout.objects.filter(source=PayoutSource.SALARY).count() == 1
    assert client_for(org_a.peer_user).post(reverse("pay:salaries_pay")).status_code == 403
