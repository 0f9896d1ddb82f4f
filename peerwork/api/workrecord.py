"""The work record: JSON and PDF, for staff (every read audited) and for the peer themselves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Router, Schema
from ninja.errors import HttpError

from peerwork.audit.services import audit_record
from peerwork.peers.models import PeerWorker
from peerwork.peers.selectors import peer_for_user, peers_of
from peerwork.workrecord import services
from peerwork.workrecord.render import record_pdf
from peerwork.workrecord.selectors import WorkRecord, work_record_for

from .common import (
    ERRORS,
    BodyBool,
    PathId,
    Text,
    fetch,
    file_answer,
    member,
    org_of,
)

router = Router(tags=["work record"])

PDF = file_answer("The work record as a PDF", "application/pdf")


class RoleLineOut(Schema):
    title: str
    shifts: int
    hours: Decimal
    first: date
    last: date


class TrainingLineOut(Schema):
    title: str
    issued_on: date
    expires_on: date | None


class ParticipationLineOut(Schema):
    kind: str
    label: str
    times: int
    hours: Decimal


class SectionOut(Schema):
    key: str
    title: str
    items: list[str]


class ReferenceOut(Schema):
    text: str
    written_by: str
    written_on: date


class PositionOut(Schema):
    stage: str
    since: date


class WorkRecordOut(Schema):
    peer_id: int
    name: str
    open: bool
    employer: str
    about: str
    start: date
    end: date | None
    positions: list[PositionOut]
    roles: list[RoleLineOut]
    total_hours: Decimal
    hours_before: Decimal
    trainings: list[TrainingLineOut]
    participation: list[ParticipationLineOut]
    supervision_hours: Decimal
    sections: list[SectionOut]
    reference: ReferenceOut | None


class ReferenceIn(Schema):
    text: Text
    names_programme: BodyBool = False


# The languages a work record is written in (the schema lists them; none given: the caller's).
Lang = Literal["en", "fr", "nb", "de", "nl"]


def _lang(lang: str | None) -> str:
    return lang or translation.get_language() or "en"


def _out(record: WorkRecord) -> dict:
    reference = record.reference
    return {
        "peer_id": record.peer.pk,
        "name": record.peer.preferred_name,
        "open": record.open,
        "employer": record.employer,
        "about": record.about,
        "start": record.start,
        "end": record.end,
        "positions": [{"stage": name, "since": since} for name, since in record.positions],
        "roles": record.roles,
        "total_hours": record.total_hours,
        "hours_before": record.hours_before,
        "trainings": record.trainings,
        "participation": record.participation,
        "supervision_hours": record.supervision_hours,
        "sections": record.sections,
        "reference": {
            "text": reference.text,
            "written_by": reference.written_by.display_name or reference.written_by.get_username(),
            "written_on": reference.written_on,
        }
        if reference
        else None,
    }


def _record(peer: PeerWorker, lang: str) -> dict:
    with translation.override(lang):
        return _out(work_record_for(peer))


def _staff_peer(request: HttpRequest, peer_id: int) -> PeerWorker:
    return fetch(peers_of(org_of(request)).select_related("organisation"), request, pk=peer_id)


def _me(request: HttpRequest) -> PeerWorker:
    membership = member(request, "is_peer")
    peer = peer_for_user(membership.user, membership.organisation)
    if peer is None:
        raise HttpError(404, "No peer profile for this sign-in.")
    return peer


@router.get(
    "/me",
    operation_id="work_record_mine_get",
    response={200: WorkRecordOut, **ERRORS},
    summary="My own work record",
)
def work_record_mine(request: HttpRequest, lang: Lang | None = None):
    return _record(_me(request), _lang(lang))


@router.get(
    "/me/pdf",
    operation_id="work_record_mine_pdf_get",
    response={200: None, **ERRORS},
    summary="My own work record as a PDF",
    openapi_extra=PDF,
)
def work_record_mine_pdf(request: HttpRequest, lang: Lang | None = None):
    return record_pdf(request, _me(request), _lang(lang))


@router.get(
    "/peers/{peer_id}",
    operation_id="work_record_get",
    response={200: WorkRecordOut, **ERRORS},
    summary="A peer's work record as they chose it (every read is audited)",
)
def work_record_get(request: HttpRequest, peer_id: PathId, lang: Lang | None = None):
    member(request, "can_view_work_records")
    peer = _staff_peer(request, peer_id)
    audit_record(action="work_record_viewed", request=request, obj=peer, format="json")
    return _record(peer, _lang(lang))


@router.get(
    "/peers/{peer_id}/pdf",
    operation_id="work_record_pdf_get",
    response={200: None, **ERRORS},
    summary="A peer's work record as a PDF (every read is audited)",
    openapi_extra=PDF,
)
def work_record_pdf(request: HttpRequest, peer_id: PathId, lang: Lang | None = None) -> HttpResponse:
    member(request, "can_view_work_records")
    peer = _staff_peer(request, peer_id)
    language = _lang(lang)
    audit_record(action="work_record_viewed", request=request, obj=peer, format="pdf")
    return record_pdf(request, peer, language)


@router.put(
    "/peers/{peer_id}/reference",
    operation_id="work_record_reference_set",
    response={200: WorkRecordOut, **ERRORS},
    summary="Write or rewrite the supervisor's reference",
)
def reference_put(request: HttpRequest, peer_id: PathId, payload: ReferenceIn, lang: Lang | None = None):
    membership = member(request, "can_write_references")
    peer = _staff_peer(request, peer_id)
    services.reference_write(
        peer=peer, text=payload.text, names_programme=payload.names_programme, by=membership.user
    )
    return _record(peer, _lang(lang))
