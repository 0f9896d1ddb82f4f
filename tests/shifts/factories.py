"""Factories for shifts: work streams, roles, shifts, sign-ups and assignments."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from peerwork.shifts.models import Assignment, Role, Shift, ShiftStatus, SignUp, WorkOrder, WorkStream
from tests.factories import OrganisationFactory, PeerWorkerFactory, SiteFactory


class WorkStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStream

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Stream {n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    organisation = factory.SubFactory(OrganisationFactory)
    work_stream = factory.LazyAttribute(lambda o: WorkStreamFactory(organisation=o.organisation))
    name = factory.Sequence(lambda n: f"Role {n}")
    duties = factory.LazyFunction(lambda: ["Hand out supplies", "Talk with people"])


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.LazyAttribute(lambda o: SiteFactory(organisation=o.organisation))
    role = factory.LazyAttribute(lambda o: RoleFactory(organisation=o.organisation))
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    slots = 2
    status = ShiftStatus.OPEN


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    shift = factory.SubFactory(ShiftFactory)
    organisation = factory.LazyAttribute(lambda o: o.shift.organisation)
    peer = factory.LazyAttribute(lambda o: PeerWorkerFactory(organisation=o.shift.organisation))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    shift = factory.SubFactory(ShiftFactory)
    organisation = factory.LazyAttribute(lambda o: o.shift.organisation)
    peer = factory.LazyAttribute(lambda o: PeerWorkerFactory(organisation=o.shift.organisation))


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder

    organisation = factory.SubFactory(OrganisationFactory)
    work_stream = factory.LazyAttribute(lambda o: WorkStreamFactory(organisation=o.organisation))
    customer = "Customer"
    description = "Mail letters"
    quantity = 100
