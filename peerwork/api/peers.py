"""Peers: profiles, onboarding, a break and a return, PIN, and the audited private details."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from peerwork.audit.services import audit_read
from peerwork.orgs.models import Site
from peerwork.peers import services
from peerwork.peers.models import (
    SENSITIVE_FIELDS,
    LeavingDestination,
    PaymentPreference,
    PaymentTiming,
    PeerStatus,
    PeerWorker,
    ReferralSource,
)
from peerwork.peers.selectors import peers_of

from .common import (
    ERRORS,
    BodyId,
    Date,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    member,
    org_of,
)

router = Router(tags=["peers"])


class PeerOut(Schema):
    id: int
    preferred_name: str
    pronouns: str
    phone: str
    languages: str
    status: str
    joined_on: date
    left_on: date | None
    left_to: str
    referral_source: str
    referred_by_id: int | None
    payment_preference: str
    payment_timing: str
    site_ids: list[int]
    has_sign_in: bool
    hours_before: Decimal

    @staticmethod
    def resolve_site_ids(obj: PeerWorker) -> list[int]:
        return [site.pk for site in obj.sites.all()]

    @staticmethod
    def resolve_has_sign_in(obj: PeerWorker) -> bool:
        return obj.user_id is not None


class PeerIn(Schema):
    preferred_name: Text
    pin: Text = ""
    pronouns: Text = ""
    phone: Text = ""
    languages: Text = ""
    joined_on: Date | None = None
    referral_source: ReferralSource = ReferralSource.UNKNOWN
    referred_by_id: BodyId | None = None
    site_ids: list[BodyId] = []


class PeerPatch(Schema):
    """Only the fields given change; a field given as null is left as it is."""

    preferred_name: Text | None = None
    pronouns: Text | None = None
    phone: Text | None = None
    languages: Text | None = None
    joined_on: Date | None = None
    referral_source: ReferralSource | None = None
    payment_preference: PaymentPreference | None = None
    payment_timing: PaymentTiming | None = None
    site_ids: list[BodyId] | None = None


class SensitiveOut(Schema):
    id: int
    legal_name: str
    date_of_birth: date | None
    benefit_details: str
    notes: str


class PinIn(Schema):
    pin: Text


class ReasonIn(Schema):
    reason: Text = ""


class LeaveIn(Schema):
    reason: Text = ""
    destination: LeavingDestination = LeavingDestination.UNKNOWN


class DestinationIn(Schema):
    destination: LeavingDestination


def _sites(request: HttpRequest, ids: list[int]) -> list[Site]:
    return [fetch(Site, request, pk=pk) for pk in ids]


def _peer(request: HttpRequest, peer_id: int) -> PeerWorker:
    return fetch(
        PeerWorker.objects.select_related("organisation").prefetch_related("sites"), request, pk=peer_id
    )


@router.get(
    "",
    operation_id="peer_list",
    response=list[PeerOut],
    summary="Peers of the organisation (search by name, filter by status)",
)
@paginate(PageNumberPagination, page_size=50)
def peer_list(request: HttpRequest, q: str = "", status: str = ""):
    member(request, "can_view_peers")
    qs = peers_of(org_of(request)).prefetch_related("sites")
    if q:
        qs = qs.filter(preferred_name__icontains=q)
    if status in PeerStatus.values:
        qs = qs.filter(status=status)
    return qs


@router.post(
    "",
    operation_id="peer_create",
    response={201: PeerOut, **ERRORS},
    summary="Onboard a peer: only the preferred name is needed",
)
def peer_create(request: HttpRequest, payload: PeerIn):
    membership = member(request, "can_manage_peers")
    values = payload.dict(exclude={"pin", "site_ids", "referred_by_id", "preferred_name", "joined_on"})
    if payload.joined_on:
        values["joined_on"] = payload.joined_on
    if payload.referred_by_id:
        values["referred_by"] = fetch(PeerWorker, request, pk=payload.referred_by_id)
    peer = services.peer_create(
        organisation=membership.organisation,
        preferred_name=payload.preferred_name,
        pin=payload.pin,
        sites=_sites(request, payload.site_ids),
        created_by=membership.user,
        **values,
    )
    return Status(201, _peer(request, peer.pk))


@router.get(
    "/{peer_id}", operation_id="peer_get", response={200: PeerOut, **ERRORS}, summary="One peer's profile"
)
def peer_get(request: HttpRequest, peer_id: PathId):
    member(request, "can_view_peers")
    return _peer(request, peer_id)


@router.patch(
    "/{peer_id}",
    operation_id="peer_update",
    response={200: PeerOut, **ERRORS},
    summary="Change a peer's profile",
)
def peer_patch(request: HttpRequest, peer_id: PathId, payload: PeerPatch):
    membership = member(request, "can_manage_peers")
    peer = _peer(request, peer_id)
    values = {
        field: value
        for field, value in payload.dict(exclude_unset=True, exclude={"site_ids"}).items()
        if value is not None
    }
    sites = _sites(request, payload.site_ids) if payload.site_ids is not None else None
    services.peer_update(peer=peer, updated_by=membership.user, sites=sites, **values)
    return _peer(request, peer_id)


@router.get(
    "/{peer_id}/private",
    operation_id="peer_private_get",
    response={200: SensitiveOut, **ERRORS},
    summary="Legal name, date of birth, benefits and notes (every read is audited)",
)
def peer_private(request: HttpRequest, peer_id: PathId):
    member(request, "can_view_sensitive_peer_fields")
    peer = _peer(request, peer_id)
    audit_read(request, peer, list(SENSITIVE_FIELDS))
    return peer


@router.post(
    "/{peer_id}/break",
    operation_id="peer_break",
    response={200: PeerOut, **ERRORS},
    summary="Start a break (never a penalty)",
)
def peer_break(request: HttpRequest, peer_id: PathId, payload: ReasonIn):
    membership = member(request, "can_manage_peers")
    services.peer_break_start(peer=_peer(request, peer_id), by=membership.user, reason=payload.reason)
    return _peer(request, peer_id)


@router.post(
    "/{peer_id}/return",
    operation_id="peer_return",
    response={200: PeerOut, **ERRORS},
    summary="Back from a break: one call",
)
def peer_come_back(request: HttpRequest, peer_id: PathId):
    membership = member(request, "can_manage_peers")
    services.peer_return(peer=_peer(request, peer_id), by=membership.user)
    return _peer(request, peer_id)


@router.post(
    "/{peer_id}/leave",
    operation_id="peer_leave",
    response={200: PeerOut, **ERRORS},
    summary="Record that the peer left, and where to (a staff post here, a job, education, ...)",
)
def peer_leave(request: HttpRequest, peer_id: PathId, payload: LeaveIn):
    membership = member(request, "can_manage_peers")
    services.peer_leave(
        peer=_peer(request, peer_id),
        by=membership.user,
        reason=payload.reason,
        destination=payload.destination.value,
    )
    return _peer(request, peer_id)


@router.put(
    "/{peer_id}/destination",
    operation_id="peer_destination_set",
    response={200: PeerOut, **ERRORS},
    summary="Record or correct where a peer who left went",
)
def peer_destination(request: HttpRequest, peer_id: PathId, payload: DestinationIn):
    membership = member(request, "can_manage_peers")
    services.peer_destination_set(
        peer=_peer(request, peer_id), destination=payload.destination.value, by=membership.user
    )
    return _peer(request, peer_id)


@router.post(
    "/{peer_id}/pin",
    operation_id="peer_pin_set",
    response={200: PeerOut, **ERRORS},
    summary="Set or reset the kiosk PIN",
)
def peer_pin(request: HttpRequest, peer_id: PathId, payload: PinIn):
    membership = member(request, "can_set_peer_pin")
    services.peer_sign_in_set_pin(peer=_peer(request, peer_id), pin=payload.pin, set_by=membership.user)
    return _peer(request, peer_id)
