from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from peerwork.pay import services
from peerwork.pay.models import CashBox, PayRate
from peerwork.shifts.models import Assignment, Role

from ..personas import OrgPersonas
from .factories import PayRateFactory, RoleFactory, ShiftFactory, WorkedAssignmentFactory


@dataclass
class Worked:
    role: Role
    rate: PayRate
    assignment: Assignment


@pytest.fixture
def worked(org_a: OrgPersonas) -> Worked:
    """Organisation A's peer worked a 4-hour shift at $25/h (owed $100 once checked out)."""
    role = RoleFactory(organisation=org_a.org, name="ZEBULON Outreach")
    rate = PayRateFactory(role=role, amount=Decimal("25.00"))
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role)
    assignment = WorkedAssignmentFactory(shift=shift, peer=org_a.peer)
    return Worked(role=role, rate=rate, assignment=assignment)


@pytest.fixture
def cash_box(org_a: OrgPersonas) -> CashBox:
    return services.cash_box_open(
        organisation=org_a.org, site=org_a.site, opening_float=Decimal("300.00"), actor=org_a.coordinator
    )
