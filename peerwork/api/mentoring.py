"""Mentoring: pairings of a mentor with a new peer (list, create, end) and mentoring contacts (list, create).

Staff with ``can_manage_mentoring`` see and change every pairing of their sites; a peer (through their
own session) sees the pairings they are part of and records contacts only as the mentor, when their
stage grants ``record_mentoring``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.models import Membership
from peerwork.pathway.mentoring import services
from peerwork.pathway.mentoring.selectors import contacts_of, mentorships_of
from peerwork.pathway.models import MentoringContact, Mentorship
from peerwork.pathway.selectors import mentoring_refusal
from peerwork.peers.models import PeerWorker
from peerwork.peers.selectors import peer_for_user

from .common import (
    ERRORS,
    JSON_INTEGER,
    BodyId,
    Date,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
)

router = Router(tags=["mentoring"])


class PairingOut(Schema):
    id: int
    mentor_id: int
    mentor_name: str = Field(..., alias="mentor.preferred_name")
    mentee_id: int
    mentee_name: str = Field(..., alias="mentee.preferred_name")
    started_on: date
    ended_on: date | None
    note: str


class PairingIn(Schema):
    mentor_id: BodyId
    mentee_id: BodyId
    started_on: Date | None = None
    note: Text = ""


class EndIn(Schema):
    ended_on: Date | None = None


class ContactOut(Schema):
    id: int
    pairing_id: int = Field(..., alias="mentorship_id")
    mentor_id: int = Field(..., alias="mentorship.mentor_id")
    mentee_id: int = Field(..., alias="mentorship.mentee_id")
    happened_on: date
    minutes: int
    note: str


class ContactIn(Schema):
    pairing_id: BodyId
    happened_on: Date
    minutes: Annotated[int, Field(ge=1, le=1440), JSON_INTEGER]
    note: Text = ""


def _reader(request: HttpRequest) -> tuple[Membership, PeerWorker | None]:
    """Staff who manage mentoring see everything of their sites; a peer only their own pairings."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is not None and membership.can("can_manage_mentoring"):
        return membership, None
    membership = member(request, "is_peer")
    peer = peer_for_user(membership.user, org_of(request))
    if peer is None:
        raise HttpError(403, "Your role does not allow this.")
    return membership, peer


@router.get(
    "/pairings",
    operation_id="mentoring_pairing_list",
    response=list[PairingOut],
    summary="Pairings, active first; active=true for current ones",
)
@paginate(PageNumberPagination, page_size=50)
def mentorship_list(request: HttpRequest, active: bool | None = None):
    _membership, peer = _reader(request)
    pairings: QuerySet[Mentorship] = mentorships_of(org_of(request))
    if peer is not None:
        pairings = pairings.filter(Q(mentor=peer) | Q(mentee=peer))
    if active is not None:
        pairings = pairings.filter(ended_on__isnull=active)
    return pairings.order_by("ended_on", "-started_on", "id")


@router.post(
    "/pairings",
    operation_id="mentoring_pairing_create",
    response={201: PairingOut, **ERRORS},
    summary="Pair a mentor (at a higher stage) with a peer who has no active mentor",
)
def mentorship_create(request: HttpRequest, payload: PairingIn):
    membership = member(request, "can_manage_mentoring")
    pairing = services.mentorship_start(
        organisation=org_of(request),
        mentor=fetch(PeerWorker, request, pk=payload.mentor_id),
        mentee=fetch(PeerWorker, request, pk=payload.mentee_id),
        by=membership.user,
        started_on=payload.started_on,
        note=payload.note,
    )
    return Status(201, pairing)


@router.post(
    "/pairings/{pairing_id}/end",
    operation_id="mentoring_pairing_end",
    response={200: PairingOut, **ERRORS},
    summary="End a pairing (today, or ended_on: not before its start, not in the future)",
)
def mentorship_end_api(request: HttpRequest, pairing_id: PathId, payload: EndIn):
    membership = member(request, "can_manage_mentoring")
    pairing = fetch(
        Mentorship.objects.select_related("organisation", "mentor", "mentee"), request, pk=pairing_id
    )
    return services.mentorship_end(mentorship=pairing, by=membership.user, ended_on=payload.ended_on)


@router.get(
    "/contacts",
    operation_id="mentoring_contact_list",
    response=list[ContactOut],
    summary="Mentoring contacts, newest first",
)
@paginate(PageNumberPagination, page_size=50)
def mentoring_contact_list(request: HttpRequest, pairing_id: int | None = id_filter()):
    _membership, peer = _reader(request)
    contacts: QuerySet[MentoringContact] = contacts_of(org_of(request))
    if peer is not None:
        contacts = contacts.filter(Q(mentorship__mentor=peer) | Q(mentorship__mentee=peer))
    if pairing_id is not None:
        contacts = contacts.filter(mentorship_id=pairing_id)
    return contacts.order_by("-happened_on", "-id")


@router.post(
    "/contacts",
    operation_id="mentoring_contact_create",
    response={201: ContactOut, **ERRORS},
    summary="Record a short mentoring contact (staff, or the mentor of the pairing whose stage grants "
    "record_mentoring)",
)
def mentoring_contact_create(request: HttpRequest, payload: ContactIn):
    membership, peer = _reader(request)
    pairings = Mentorship.objects.select_related("organisation")
    if peer is not None:
        fetch(Mentorship, request, pk=payload.pairing_id)  # another organisation's pairing: 404 first
        refusal = mentoring_refusal(peer)
        if refusal is not None:
            raise HttpError(403, refusal)
        pairings = pairings.filter(mentor=peer)  # a peer records only for the peers they mentor
    pairing = fetch(pairings, request, pk=payload.pairing_id)
    contact = services.mentoring_contact_record(
        mentorship=pairing,
        happened_on=payload.happened_on,
        minutes=payload.minutes,
        note=payload.note,
        by=membership.user,
    )
    return Status(201, MentoringContact.objects.select_related("mentorship").get(pk=contact.pk))
