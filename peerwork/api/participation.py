"""Participation: activities, who took part (the staff tick-list), and a peer's tap at the kiosk."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Site
from peerwork.participation import services
from peerwork.participation.edge import kiosk_site
from peerwork.participation.models import Activity, ActivityKind, Participation
from peerwork.participation.selectors import activities_of
from peerwork.peers.models import PeerWorker
from peerwork.peers.selectors import peer_for_user

from .common import (
    ERRORS,
    BodyId,
    DateTime,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
)

router = Router(tags=["participation"])


class ActivityOut(Schema):
    id: int
    site_id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    taking_part: int = 0


class ActivityIn(Schema):
    site_id: BodyId
    kind: ActivityKind
    title: Text
    starts_at: DateTime
    ends_at: DateTime


class ParticipationOut(Schema):
    id: int
    activity_id: int
    peer_id: int
    channel: str
    recorded_at: datetime


class TickListIn(Schema):
    peer_ids: list[BodyId]


@router.get(
    "/activities",
    operation_id="activity_list",
    response=list[ActivityOut],
    summary="Activities, newest first",
)
@paginate(PageNumberPagination, page_size=100)
def activity_list(request: HttpRequest, site_id: int | None = id_filter()):
    member(request, "can_view_peers")
    qs = activities_of(org_of(request)).order_by("-starts_at", "id")
    return qs.filter(site_id=site_id) if site_id else qs


@router.post(
    "/activities",
    operation_id="activity_create",
    response={201: ActivityOut, **ERRORS},
    summary="Plan an activity",
)
def activity_create(request: HttpRequest, payload: ActivityIn):
    membership = member(request, "can_manage_participation")
    activity = services.activity_create(
        organisation=membership.organisation,
        site=fetch(Site, request, pk=payload.site_id),
        kind=payload.kind.value,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        by=membership.user,
    )
    return Status(201, activity)


@router.get(
    "/activities/{activity_id}",
    operation_id="activity_get",
    response={200: ActivityOut, **ERRORS},
    summary="One activity",
)
def activity_get(request: HttpRequest, activity_id: PathId):
    member(request, "can_view_peers")
    return fetch(activities_of(org_of(request)), request, pk=activity_id)


def _records(activity: Activity) -> list[Participation]:
    return list(Participation.objects.filter(activity=activity).order_by("peer__preferred_name", "id"))


@router.get(
    "/activities/{activity_id}/participants",
    operation_id="participant_list",
    response={200: list[ParticipationOut], **ERRORS},
    summary="Who took part",
)
def participation_list(request: HttpRequest, activity_id: PathId):
    member(request, "can_view_peers")
    return _records(fetch(Activity, request, pk=activity_id))


@router.put(
    "/activities/{activity_id}/participants",
    operation_id="participant_set",
    response={200: list[ParticipationOut], **ERRORS},
    summary="Replace the tick-list of who took part",
)
def participation_put(request: HttpRequest, activity_id: PathId, payload: TickListIn):
    membership = member(request, "can_manage_participation")
    activity = fetch(Activity, request, pk=activity_id)
    peers = [fetch(PeerWorker, request, pk=pk) for pk in dict.fromkeys(payload.peer_ids)]
    services.participation_record(activity=activity, peers=peers, by=membership.user)
    return _records(activity)


@router.post(
    "/activities/{activity_id}/tap",
    operation_id="participant_tap",
    response={201: ParticipationOut, **ERRORS},
    summary="The signed-in peer taps \"I'm here\" at the kiosk of the activity's site",
)
def participation_tap(request: HttpRequest, activity_id: PathId):
    membership = member(request, "is_peer")
    peer = peer_for_user(membership.user, membership.organisation)
    if peer is None:
        raise HttpError(404, "No peer profile for this sign-in.")
    activity = fetch(Activity.objects.select_related("site"), request, pk=activity_id)
    return Status(
        201,
        services.participation_tap(
            activity=activity, peer=peer, site=kiosk_site(request), by=membership.user
        ),
    )


@router.get(
    "/records",
    operation_id="participation_record_list",
    response=list[ParticipationOut],
    summary="Participation records, newest first",
)
@paginate(PageNumberPagination, page_size=100)
def record_list(request: HttpRequest, peer_id: int | None = id_filter()):
    member(request, "can_view_peers")
    qs = within_sites(Participation.objects.filter(organisation=org_of(request))).order_by(
        "-recorded_at", "id"
    )
    return qs.filter(peer_id=peer_id) if peer_id else qs
