"""Texts API: places offered by text on a shift, one peer's conversation, and their consent to texts.

For coordinators (``can_manage_shifts``), as on the shift page and the peer's conversation page. An
offer's reply code is never given out: it is the peer's. Numbers are not in the answers; the
conversation is the peer's private record, so reading it is audited like the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.audit.services import audit_read, audit_record
from peerwork.peers.models import PeerWorker
from peerwork.peers.selectors import peers_of
from peerwork.peers.services import peer_sms_consent
from peerwork.shifts import offers, selectors
from peerwork.shifts.models import SmsMessage, SmsOffer

from .common import (
    ERRORS,
    BodyBool,
    Id,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    member,
    org_of,
    path_id,
)

router = Router(tags=["texts"])


class SmsOfferOut(Schema):
    id: int
    shift_id: int
    peer_id: int
    peer_name: str
    wave: int
    status: str
    sent_at: datetime
    expires_at: datetime
    answered_at: datetime | None


class SmsMessageOut(Schema):
    id: int
    direction: str
    body: str
    status: str
    needs_coordinator: bool
    offer_id: int | None
    created_at: datetime


class SmsInboxOut(Schema):
    id: int
    peer_id: int | None
    peer_name: str | None
    from_number: str | None = Field(description="Only for a number no peer has: whom to call back.")
    body: str
    created_at: datetime

    @staticmethod
    def resolve_peer_name(message: SmsMessage) -> str | None:
        return message.peer.preferred_name if message.peer else None

    @staticmethod
    def resolve_from_number(message: SmsMessage) -> str | None:
        return None if message.peer_id else message.phone


class SmsConsentIn(Schema):
    phone: Text
    consent: BodyBool


class SmsConsentOut(Schema):
    peer_id: int
    consented_at: datetime | None
    stopped_at: datetime | None
    failed_at: datetime | None
    can_text: bool


def _offer_out(offer: SmsOffer) -> SmsOfferOut:
    return SmsOfferOut(
        id=offer.pk,
        shift_id=offer.shift_id,
        peer_id=offer.peer_id,
        peer_name=offer.peer.preferred_name,
        wave=offer.wave,
        status=offer.status,
        sent_at=offer.sent_at,
        expires_at=offer.expires_at,
        answered_at=offer.answered_at,
    )


def _consent_out(peer: PeerWorker) -> SmsConsentOut:
    return SmsConsentOut(
        peer_id=peer.pk,
        consented_at=peer.sms_consent_at,
        stopped_at=peer.sms_opt_out_at,
        failed_at=peer.sms_failed_at,
        can_text=offers.can_text(peer),
    )


@router.get(
    "/shifts/{shift_id}/offers",
    operation_id="sms_offer_list",
    response=list[SmsOfferOut],
    summary="Places of one shift offered by text, in the order they went out, with what happened",
    url_name="sms_shift_offers",
)
@paginate(PageNumberPagination, page_size=100)
def sms_shift_offers(request: HttpRequest, shift_id: int = path_id()) -> Any:
    member(request, "can_manage_shifts")
    shift = fetch(selectors.shifts_for_org(org_of(request)), request, pk=shift_id)
    queryset = SmsOffer.objects.filter(shift=shift).select_related("peer").order_by("sent_at", "id")
    return [_offer_out(offer) for offer in queryset]


@router.get(
    "/peers/{peer_id}/messages",
    operation_id="sms_message_list",
    response=list[SmsMessageOut],
    summary="One peer's texts, in and out, newest first (an audited read)",
    url_name="sms_peer_messages",
)
@paginate(PageNumberPagination, page_size=100)
def sms_peer_messages(request: HttpRequest, peer_id: int = path_id()) -> Any:
    member(request, "can_manage_shifts")
    organisation = org_of(request)
    peer = fetch(peers_of(organisation), request, pk=peer_id)
    audit_read(request, peer, ["sms_messages"], view="api_sms_messages")
    return SmsMessage.objects.filter(organisation=organisation, peer=peer).order_by("-created_at", "-id")


@router.get(
    "/peers/{peer_id}/consent",
    operation_id="sms_consent_get",
    response={200: SmsConsentOut, **ERRORS},
    summary="Whether a peer may be texted: consent, STOP and failed-number dates",
    url_name="sms_peer_consent",
)
def sms_peer_consent_get(request: HttpRequest, peer_id: Id) -> Any:
    member(request, "can_manage_shifts")
    return _consent_out(fetch(peers_of(org_of(request)), request, pk=peer_id))


@router.put(
    "/peers/{peer_id}/consent",
    operation_id="sms_consent_set",
    response={200: SmsConsentOut, **ERRORS},
    summary="Record a peer's mobile number and whether they agree to texts",
    url_name="sms_peer_consent_set",
)
def sms_peer_consent_set(request: HttpRequest, peer_id: Id, payload: SmsConsentIn) -> Any:
    membership = member(request, "can_manage_shifts")
    peer = fetch(peers_of(org_of(request)), request, pk=peer_id)
    peer = peer_sms_consent(peer=peer, phone=payload.phone, consent=payload.consent, by=membership.user)
    return Status(200, _consent_out(peer))


@router.get(
    "/inbox",
    operation_id="sms_inbox_list",
    response=list[SmsInboxOut],
    summary="Texts waiting for a coordinator, newest first (an audited read)",
    url_name="sms_inbox",
)
@paginate(PageNumberPagination, page_size=100)
def sms_inbox_list(request: HttpRequest) -> Any:
    member(request, "can_manage_shifts")
    texts = selectors.sms_inbox(org_of(request))
    audit_record(action="sms_inbox_viewed", request=request, count=texts.count(), via="api")
    return texts


@router.post(
    "/messages/{message_id}/handled",
    operation_id="sms_message_handle",
    response={200: SmsInboxOut, **ERRORS},
    summary="Mark a text that waited for a coordinator as dealt with (it leaves the inbox)",
    url_name="sms_message_handled",
)
def sms_message_handle(request: HttpRequest, message_id: PathId) -> Any:
    membership = member(request, "can_manage_shifts")
    message = fetch(selectors.sms_inbox(org_of(request)), request, pk=message_id)
    return offers.sms_message_handled(message=message, by=membership.user)
