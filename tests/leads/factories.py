"""A peer lead with a team: a stage granting team capabilities, a work stream they lead, a shift
of it today with a team member on it, and a phone paired by staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.signing import get_cookie_signer
from django.test import Client

from peerwork.accounts.models import PeerPhone, User
from peerwork.accounts.services import (
    PHONE_COOKIE,
    peer_credential_set_pin,
    peer_login_create,
    peer_phone_link_create,
    peer_phone_pair,
    phone_cookie_salt,
)
from peerwork.pathway.models import PeerCapability, Stage
from peerwork.pathway.services import peer_position_start
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, Shift, ShiftStatus, WorkStream
from tests.clock import today_near_now
from tests.personas import OrgPersonas
from tests.shifts.factories import RoleFactory, ShiftFactory, WorkStreamFactory

PIN = "4817"


@dataclass
class Team:
    stage: Stage
    lead: PeerWorker
    lead_user: User
    stream: WorkStream
    shift: Shift
    member_place: Assignment


def lead_stage(o: OrgPersonas, capabilities: tuple[str, ...] = tuple(PeerCapability.values)) -> Stage:
    return Stage.objects.create(
        organisation=o.org, name="Peer lead", order=90, peer_capabilities=sorted(capabilities)
    )


def make_lead(
    o: OrgPersonas,
    name: str = "Lee",
    capabilities: tuple[str, ...] = tuple(PeerCapability.values),
    stage: Stage | None = None,
) -> tuple[PeerWorker, User]:
    """A peer with a sign-in and PIN, at a stage that grants ``capabilities``."""
    user = peer_login_create(organisation=o.org, display_name=name)
    peer_credential_set_pin(user=user, pin=PIN)
    peer = PeerWorker.objects.create(organisation=o.org, preferred_name=name, user=user)
    stage = stage or Stage.objects.filter(organisation=o.org, order=90).first() or lead_stage(o, capabilities)
    peer_position_start(peer=peer, stage=stage)
    return peer, user


def team_shift_today(o: OrgPersonas, stream: WorkStream, name: str = "Outreach") -> Shift:
    role = RoleFactory(organisation=o.org, work_stream=stream, name=f"{name} {stream.pk}")
    return ShiftFactory(
        organisation=o.org,
        site=o.site,
        role=role,
        status=ShiftStatus.PUBLISHED,
        starts_at=today_near_now(o.org, minutes=-5),
    )


def make_team(o: OrgPersonas, name: str = "Lee", stream_name: str = "Outreach team") -> Team:
    lead, user = make_lead(o, name)
    stream = WorkStreamFactory(organisation=o.org, name=stream_name)
    stream.leads.add(lead)
    shift = team_shift_today(o, stream)
    place = Assignment.objects.create(organisation=o.org, shift=shift, peer=o.peer)
    stage = lead.position.stage
    return Team(stage=stage, lead=lead, lead_user=user, stream=stream, shift=shift, member_place=place)


def paired_phone(o: OrgPersonas, user: User) -> tuple[PeerPhone, str]:
    phone, _code = peer_phone_link_create(organisation=o.org, user=user, by=o.coordinator)
    return phone, peer_phone_pair(phone=phone)


def phone_client(raw: str, client: Client | None = None) -> Client:
    """A browser that carries the phone cookie for the device token ``raw``."""
    client = client or Client()
    signer = get_cookie_signer(salt=PHONE_COOKIE + phone_cookie_salt())
    client.cookies[PHONE_COOKIE] = signer.sign(raw)
    return client


def signed_in_phone(o: OrgPersonas, user: User) -> tuple[PeerPhone, Client]:
    """A paired phone on which the peer typed their PIN."""
    phone, raw = paired_phone(o, user)
    client = phone_client(raw)
    response = client.post("/accounts/phone/", {"pin": PIN})
    assert response.status_code == 302, response.content
    return phone, client
