"""factory_boy factories for the foundation models. Apps add theirs in tests/<app>/factories.py."""

from __future__ import annotations

import factory

from peerwork.accounts.models import Membership, User
from peerwork.accounts.roles import Role
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    country = "CA"
    currency = "CAD"
    time_zone = "America/Toronto"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username.replace("_", " ").title())
    password = factory.django.Password("correct-horse-battery-staple")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COORDINATOR


class PeerWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerWorker

    organisation = factory.SubFactory(OrganisationFactory)
    preferred_name = factory.Sequence(lambda n: f"Peer {n}")
