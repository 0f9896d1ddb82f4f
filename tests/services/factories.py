"""Factories for services tests: a shift the personas' peer is on, catalogue items, records."""

from __future__ import annotations

import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from peerwork.services.models import EntryKind, OverdoseResponse, ServiceEntry, SupplyCategory, SupplyItem
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift, WorkStream
from tests.factories import OrganisationFactory, SiteFactory


class WorkStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStream
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Harm reduction"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    work_stream = factory.LazyAttribute(lambda o: WorkStreamFactory(organisation=o.organisation))
    name = "Outreach"


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.LazyAttribute(lambda o: SiteFactory(organisation=o.organisation))
    role = factory.LazyAttribute(lambda o: RoleFactory(organisation=o.organisation))
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=6))
    slots = 2


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    shift = factory.SubFactory(ShiftFactory)
    organisation = factory.LazyAttribute(lambda o: o.shift.organisation)
    status = AssignmentStatus.CHECKED_IN


class SupplyItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplyItem

    organisation = factory.SubFactory(OrganisationFactory)
    category = SupplyCategory.INJECTION
    name = factory.Sequence(lambda n: f"Item {n}")


class ServiceEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceEntry

    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.LazyAttribute(lambda o: SiteFactory(organisation=o.organisation))
    kind = EntryKind.CONTACT
    quantity = 3
    occurred_at = factory.LazyFunction(timezone.now)


class OverdoseResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OverdoseResponse

    organisation = factory.SubFactory(OrganisationFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    place_type = "street"


def shift_with_peer(personas, **kwargs):  # type: ignore[no-untyped-def]
    """A shift happening now at the personas' main site, with their peer on it."""
    shift = ShiftFactory(organisation=personas.org, site=personas.site, **kwargs)
    AssignmentFactory(shift=shift, peer=personas.peer)
    return shift


def new_uuid() -> str:
    return str(uuid.uuid4())
