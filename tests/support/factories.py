"""Factories for support's records and the few neighbouring records support reads."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from peerwork.pathway.models import PeerPosition, Stage
from peerwork.services.models import OverdoseResponse
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift, WorkStream
from peerwork.support.models import SessionKind, SupervisionSession

from ..factories import OrganisationFactory


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage
        django_get_or_create = ("organisation", "order")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: n + 1)
    min_hours_worked = Decimal("0")


def place_peer(peer, stage, since=None) -> PeerPosition:  # type: ignore[no-untyped-def]
    return PeerPosition.objects.update_or_create(
        peer=peer, defaults={"stage": stage, "since": since or peer.organisation.today() - timedelta(days=90)}
    )[0]


def session_for(peers, supervisor, *, days_ago=0, minutes=60, kind=None, notes="") -> SupervisionSession:  # type: ignore[no-untyped-def]
    peers = list(peers)
    organisation = peers[0].organisation
    session = SupervisionSession.objects.create(
        organisation=organisation,
        kind=kind or (SessionKind.INDIVIDUAL if len(peers) == 1 else SessionKind.GROUP),
        held_on=organisation.today() - timedelta(days=days_ago),
        supervisor=supervisor,
        duration_minutes=minutes,
        notes=notes,
    )
    session.peers.set(peers)
    return session


def overdose_response(organisation, responders, *, hours_ago=1, site=None) -> OverdoseResponse:  # type: ignore[no-untyped-def]
    response = OverdoseResponse.objects.create(
        organisation=organisation,
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
        place_type="street" if not site else "",
        place_name="Corner of King and Main",
        site=site,
    )
    response.responders.set(responders)
    return response


def role_with_duties(organisation, name="Outreach", duties=("Hand out supplies", "Recover sharps")) -> Role:  # type: ignore[no-untyped-def]
    stream, _ = WorkStream.objects.get_or_create(organisation=organisation, name="Harm reduction")
    role, _ = Role.objects.get_or_create(
        organisation=organisation, name=name, defaults={"work_stream": stream, "duties": list(duties)}
    )
    return role


def worked_shift(peer, role, site, *, days_ago=1, hours=4, duties_done=(), other_work="") -> Assignment:  # type: ignore[no-untyped-def]
    start = timezone.now() - timedelta(days=days_ago, hours=hours + 1)
    shift = Shift.objects.create(
        organisation=peer.organisation,
        site=site,
        role=role,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
    )
    return Assignment.objects.create(
        organisation=peer.organisation,
        shift=shift,
        peer=peer,
        status=AssignmentStatus.COMPLETED,
        checked_in_at=start,
        checked_out_at=start + timedelta(hours=hours),
        duties_done=list(duties_done),
        other_work=other_work,
    )
