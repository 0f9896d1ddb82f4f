"""The contract demo on a small organisation: a day-placement peer is offered a fixed-term contract
with standing shifts, and is paid on the period through the ledger."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from peerwork.core.demo import DemoContext
from peerwork.pay import demo_contracts
from peerwork.pay.models import LedgerEntry, PayoutSource
from peerwork.shifts.contracts.models import Contract, ContractStatus
from peerwork.shifts.contracts.selectors import contract_alerts
from peerwork.shifts.models import AssignmentStatus, Shift
from tests.pay.factories import WorkedAssignmentFactory
from tests.shifts.factories import RoleFactory, ShiftFactory


@pytest.mark.django_db
def test_a_day_placement_peer_gets_a_fixed_term_contract_and_a_salary(org_a):
    mailing = RoleFactory(organisation=org_a.org, name="Mailing", is_day_labour=True)
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=mailing,
                         starts_at=ShiftFactory.starts_at.function() - timedelta(days=10))  # fmt: skip
    worked = WorkedAssignmentFactory(shift=shift, peer=org_a.peer)
    assert worked.status == AssignmentStatus.COMPLETED
    ctx = DemoContext(today=org_a.org.today())
    ctx["org"], ctx["roles"], ctx["sites"] = org_a.org, {"Mailing": mailing}, [org_a.site]
    ctx["staff"], ctx["peers"] = {"coordinator": org_a.coordinator}, [org_a.peer]
    demo_contracts.build(ctx)
    contract = Contract.objects.get(peer=org_a.peer)
    assert (contract.kind, contract.status, contract.full_time_share) == (
        "fixed_term",
        ContractStatus.ACTIVE,
        50,
    )
    assert contract.standing_shifts.count() == 3
    assert Shift.objects.filter(standing_shift__contract=contract).count() >= 3
    [payout] = contract.payouts.all()
    assert payout.source == PayoutSource.SALARY and payout.amount == Decimal("1650.00")
    assert LedgerEntry.objects.filter(payout=payout).exists()
    assert {a.code for a in contract_alerts(org_a.org)} == {"ending", "probation"}
    assert ctx.notes[-1].startswith("Contracts: ")
