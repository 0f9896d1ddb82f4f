"""Factories for pay tests: a role with a rate, a worked shift, and helpers to pay it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import factory

from peerwork.pay.models import EarningsRule, PayRate
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift, WorkStream


class WorkStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStream
        django_get_or_create = ("organisation", "name")

    name = "Harm reduction"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    work_stream = factory.LazyAttribute(lambda o: WorkStreamFactory(organisation=o.organisation))
    name = factory.Sequence(lambda n: f"Outreach {n}")


class PayRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayRate

    organisation = factory.LazyAttribute(lambda o: o.role.organisation)
    role = factory.SubFactory(RoleFactory)
    kind = "hourly"
    amount = Decimal("25.00")
    effective_from = date(2020, 1, 1)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    site = factory.LazyAttribute(lambda o: o.organisation.sites.first())
    role = factory.LazyAttribute(lambda o: RoleFactory(organisation=o.organisation))
    starts_at = factory.LazyFunction(lambda: datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))


class WorkedAssignmentFactory(factory.django.DjangoModelFactory):
    """A peer who worked the shift: checked in at the start, out at the end."""

    class Meta:
        model = Assignment

    organisation = factory.LazyAttribute(lambda o: o.shift.organisation)
    status = AssignmentStatus.COMPLETED
    checked_in_at = factory.LazyAttribute(lambda o: o.shift.starts_at)
    checked_out_at = factory.LazyAttribute(lambda o: o.shift.ends_at)


class EarningsRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarningsRule

    jurisdiction = "Ontario, Canada"
    name = factory.Sequence(lambda n: f"ODSP {n}")
    period = "month"
    exempt_amount = Decimal("1000.00")
    effective_from = date(2023, 2, 1)
    source_note = "test (check)"
