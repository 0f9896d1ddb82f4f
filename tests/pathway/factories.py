"""Factories for the ladder. ``ladder`` gives an organisation the default five stages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory

from peerwork.orgs.models import Organisation
from peerwork.pathway.mentoring.services import mentorship_start
from peerwork.pathway.models import Mentorship, Stage
from peerwork.pathway.services import ladder_seed_default, peer_position_start, peer_promote
from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_create
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


def peer_at(organisation: Organisation, name: str, order: int, **values: object) -> PeerWorker:
    """A new peer placed at the stage ``order`` of the default ladder (moved up by an override)."""
    peer = peer_create(organisation=organisation, preferred_name=name, **values)
    if order > 1:
        stage = Stage.objects.get(organisation=organisation, order=order)
        peer_promote(peer=peer, by=None, to_stage=stage, override_reason="set up for a test")
    return peer


def pair(organisation: Organisation, mentor_name: str = "Morgan", mentee_name: str = "Nico") -> Mentorship:
    """A senior peer (stage 4) mentoring a new participant (stage 1)."""
    mentor = peer_at(organisation, mentor_name, 4, joined_on=organisation.today() - timedelta(days=700))
    mentee = peer_at(organisation, mentee_name, 1)
    return mentorship_start(organisation=organisation, mentor=mentor, mentee=mentee, by=None)


def senior(peer: PeerWorker) -> PeerWorker:
    """Put an existing peer (a persona's) at Senior peer, the fourth stage of the default ladder."""
    stages = ladder_seed_default(organisation=peer.organisation)
    peer_position_start(peer=peer, stage=stages[0])
    peer_promote(peer=peer, by=None, to_stage=stages[3], override_reason="set up for a test")
    return peer
