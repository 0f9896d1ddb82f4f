"""Peers' own phones: the list staff see, and switching a phone off (its sessions end at once)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from peerwork.accounts import services
from peerwork.accounts.models import PeerPhone
from peerwork.peers.phones import phones_visible

from .common import Error, PageNumberPagination, PathId, fetch, member, org_of

router = Router(tags=["phones"])

ERRORS = {403: Error, 404: Error}


class PhoneOut(Schema):
    id: int
    name: str
    peer_id: int | None
    peer_name: str
    registered_at: datetime
    paired_at: datetime | None
    last_seen_at: datetime | None
    revoked_at: datetime | None
    is_active: bool

    @staticmethod
    def resolve_peer_id(obj: PeerPhone) -> int | None:
        profile = getattr(obj.user, "peer_profile", None)
        return profile.pk if profile is not None else None

    @staticmethod
    def resolve_peer_name(obj: PeerPhone) -> str:
        return str(obj.user)


@router.get(
    "",
    operation_id="phone_list",
    response=list[PhoneOut],
    url_name="phone_list",
    summary="Peers' paired phones, live ones first",
)
@paginate(PageNumberPagination)
def phone_list(request: HttpRequest):
    member(request, "can_manage_peer_phones")
    return phones_visible(org_of(request)).select_related("user__peer_profile")


@router.post(
    "/{phone_id}/revoke",
    operation_id="phone_revoke",
    response={200: PhoneOut, **ERRORS},
    url_name="phone_revoke",
    summary="Switch a phone off: it can no longer sign in and its sessions end at their next request",
)
def phone_revoke(request: HttpRequest, phone_id: PathId):
    membership = member(request, "can_manage_peer_phones")
    phone = fetch(phones_visible(org_of(request)), request, pk=phone_id)
    return services.peer_phone_revoke(phone=phone, by=membership.user, request=request)
