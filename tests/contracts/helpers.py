"""Shared set-up for contract tests: a fixed-term contract draft for organisation A's peer."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from peerwork.shifts.contracts import services
from peerwork.shifts.contracts.models import Contract
from peerwork.shifts.models import Role
from tests.personas import OrgPersonas
from tests.shifts.factories import RoleFactory

START = date(2027, 1, 4)  # a Monday
END = date(2027, 6, 30)


def role_for(personas: OrgPersonas, name: str = "Mailing") -> Role:
    existing = Role.objects.filter(organisation=personas.org, name=name).first()
    return existing or RoleFactory(organisation=personas.org, name=name)


def draft(personas: OrgPersonas, role: Role | None = None, **terms: Any) -> Contract:
    role = role or role_for(personas)
    values: dict[str, Any] = {
        "kind": "fixed_term",
        "starts_on": START,
        "ends_on": END,
        "hours_per_week": Decimal("20"),
        "pay_basis": "hourly",
        "hourly_rate": Decimal("20.00"),
    }
    values.update(terms)
    return services.contract_draft(
        organisation=personas.org,
        peer=personas.peer,
        site=personas.site,
        roles=[role],
        by=personas.coordinator,
        **values,
    )


def add_standing(contract: Contract, weekday: int = 0, start: int = 9, end: int = 13, **kw: Any):  # type: ignore[no-untyped-def]
    return services.standing_shift_add(
        contract=contract,
        weekday=weekday,
        start_time=time(start),
        end_time=time(end),
        role=kw.get("role") or contract.roles.first(),
        site=kw.get("site") or contract.site,
        by=None,
    )
