"""Factories for the ladder. ``ladder`` gives an organisation the default five stages."""

from __future__ import annotations

from decimal import Decimal

import factory

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.pathway.services import ladder_seed_default
from tests.factories import OrganisationFactory


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage
        django_get_or_create = ("organisation", "order")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: n + 1)
    min_hours_worked = Decimal("0")


def ladder(organisation: Organisation) -> list[Stage]:
    return ladder_seed_default(organisation=organisation)
