"""Privacy controls over the API: 42 CFR Part 2 consents and disclosures, retention (dry run first),
a peer's access export (at their request) and erasure, and the de-identified research export."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.audit.services import audit_read, audit_record
from peerwork.peers.models import PeerWorker
from peerwork.privacy import selectors, services
from peerwork.privacy.models import ConsentRecord, Disclosure, PurgeRun, SignatureMethod

from .common import (
    BodyBool,
    BodyId,
    Date,
    Error,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    file_answer,
    member,
    path_id,
)

router = Router(tags=["privacy"])

ZIP_RESPONSE = file_answer("A ZIP file", "application/zip")


class ConsentOut(Schema):
    id: int
    peer_id: int | None
    client_code: str
    discloser: str
    information: str
    recipients: str
    purpose: str
    expires_on: date | None
    expiry_event: str
    right_to_revoke_explained: bool
    signature_method: str
    signed_on: date
    revoked_on: date | None
    revocation_note: str
    created_at: datetime


class ConsentIn(Schema):
    peer_id: BodyId | None = None
    client_code: Text = Field("", max_length=20)
    discloser: Text = Field(..., max_length=200)
    information: Text = Field(..., max_length=5000)
    recipients: Text = Field(..., max_length=5000)
    purpose: Text = Field(..., max_length=5000)
    expires_on: Date | None = None
    expiry_event: Text = Field("", max_length=200)
    right_to_revoke_explained: BodyBool
    signature_method: SignatureMethod
    signed_on: Date


class RevokeIn(Schema):
    revoked_on: Date
    note: Text = Field("", max_length=200)


class DisclosureOut(Schema):
    id: int
    consent_id: int
    disclosed_on: date
    recipient: str
    what: str
    notice: str
    created_at: datetime


class DisclosureIn(Schema):
    disclosed_on: Date
    recipient: Text = Field(..., max_length=200)
    what: Text = Field(..., max_length=5000)


class PurgeRunOut(Schema):
    id: int
    status: str
    report: dict[str, Any]
    created_at: datetime
    executed_at: datetime | None


class EraseIn(Schema):
    reason: Text = Field(..., min_length=1, max_length=200)


class ErasedOut(Schema):
    id: int
    display_name: str
    report: dict[str, Any] = Field(
        description="What was removed, names replaced in staff text, and what was kept and why"
    )


def _consent(c: ConsentRecord) -> ConsentOut:
    return ConsentOut(
        id=c.pk,
        peer_id=c.peer_id,
        client_code=c.client_code,
        discloser=c.discloser,
        information=c.information,
        recipients=c.recipients,
        purpose=c.purpose,
        expires_on=c.expires_on,
        expiry_event=c.expiry_event,
        right_to_revoke_explained=c.right_to_revoke_explained,
        signature_method=c.signature_method,
        signed_on=c.signed_on,
        revoked_on=c.revoked_on,
        revocation_note=c.revocation_note,
        created_at=c.created_at,
    )


def _disclosure(d: Disclosure) -> DisclosureOut:
    return DisclosureOut(
        id=d.pk,
        consent_id=d.consent_id,
        disclosed_on=d.disclosed_on,
        recipient=d.recipient,
        what=d.what,
        notice=d.notice,
        created_at=d.created_at,
    )


def _run(r: PurgeRun) -> PurgeRunOut:
    return PurgeRunOut(
        id=r.pk, status=r.status, report=r.report, created_at=r.created_at, executed_at=r.executed_at
    )


def _zip(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- consents -------------------------------------------------------------------------------------


@router.get(
    "/consents",
    operation_id="consent_list",
    response={200: list[ConsentOut], 401: Error, 403: Error},
    summary="Consents",
)
@paginate(PageNumberPagination, page_size=50)
def privacy_consent_list(request: HttpRequest):
    membership = member(request, "can_manage_privacy")
    return [_consent(c) for c in selectors.consents_for(membership.organisation)]


@router.post(
    "/consents",
    operation_id="consent_create",
    response={201: ConsentOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Record a consent (42 CFR Part 2 fields)",
)
def privacy_consent_create(request: HttpRequest, payload: ConsentIn) -> Status:
    membership = member(request, "can_manage_privacy")
    peer = fetch(PeerWorker, request, pk=payload.peer_id) if payload.peer_id is not None else None
    consent = services.consent_record(
        organisation=membership.organisation,
        recorded_by=membership.user,
        peer=peer,
        client_code=payload.client_code,
        discloser=payload.discloser,
        information=payload.information,
        recipients=payload.recipients,
        purpose=payload.purpose,
        signature_method=payload.signature_method.value,
        signed_on=payload.signed_on,
        expires_on=payload.expires_on,
        expiry_event=payload.expiry_event,
        right_to_revoke_explained=payload.right_to_revoke_explained,
        request=request,
    )
    return Status(201, _consent(consent))


@router.get(
    "/consents/{int:pk}",
    operation_id="consent_get",
    response={200: ConsentOut, 401: Error, 403: Error, 404: Error},
    summary="A consent",
)
def privacy_consent_detail(request: HttpRequest, pk: PathId) -> ConsentOut:
    member(request, "can_manage_privacy")
    consent = fetch(ConsentRecord, request, pk=pk)
    audit_read(request, consent, ["consent"])
    return _consent(consent)


@router.post(
    "/consents/{int:pk}/revoke",
    operation_id="consent_revoke",
    response={200: ConsentOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Record that the person revoked the consent",
)
def privacy_consent_revoke(request: HttpRequest, pk: PathId, payload: RevokeIn) -> ConsentOut:
    membership = member(request, "can_manage_privacy")
    consent = fetch(ConsentRecord, request, pk=pk)
    services.consent_revoke(
        consent=consent, revoked_on=payload.revoked_on, note=payload.note, by=membership.user, request=request
    )
    return _consent(consent)


@router.get(
    "/consents/{int:pk}/disclosures",
    operation_id="disclosure_list",
    response={200: list[DisclosureOut], 401: Error, 403: Error, 404: Error},
    summary="Disclosures made under a consent",
)
@paginate(PageNumberPagination, page_size=50)
def privacy_disclosure_list(request: HttpRequest, pk: int = path_id()):
    member(request, "can_manage_privacy")
    consent = fetch(ConsentRecord, request, pk=pk)
    # Who received what about a person is as sensitive as the consent itself: audited like the page.
    audit_read(request, consent, ["disclosures"])
    return [_disclosure(d) for d in consent.disclosures.order_by("-disclosed_on", "-pk")]


@router.post(
    "/consents/{int:pk}/disclosures",
    operation_id="disclosure_create",
    response={201: DisclosureOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Record a disclosure (refused unless the consent is in force); the notice goes with it",
)
def privacy_disclosure_create(request: HttpRequest, pk: PathId, payload: DisclosureIn) -> Status:
    membership = member(request, "can_manage_privacy")
    consent = fetch(ConsentRecord, request, pk=pk)
    disclosure = services.disclosure_record(
        consent=consent,
        disclosed_on=payload.disclosed_on,
        recipient=payload.recipient,
        what=payload.what,
        by=membership.user,
        request=request,
    )
    return Status(201, _disclosure(disclosure))


# --- retention ------------------------------------------------------------------------------------


@router.get(
    "/retention/runs",
    operation_id="retention_run_list",
    response={200: list[PurgeRunOut], 401: Error, 403: Error},
    summary="Retention runs",
)
@paginate(PageNumberPagination, page_size=50)
def privacy_run_list(request: HttpRequest):
    membership = member(request, "can_manage_privacy")
    return [_run(r) for r in selectors.purge_runs_for(membership.organisation)]


@router.post(
    "/retention/runs",
    operation_id="retention_run_create",
    response={201: PurgeRunOut, 401: Error, 403: Error},
    summary="A dry run: what the retention rules would remove today (nothing is removed)",
)
def privacy_run_create(request: HttpRequest) -> Status:
    membership = member(request, "can_manage_privacy")
    run = services.retention_dry_run(organisation=membership.organisation, by=membership.user)
    return Status(201, _run(run))


@router.get(
    "/retention/runs/{int:pk}",
    operation_id="retention_run_get",
    response={200: PurgeRunOut, 401: Error, 403: Error, 404: Error},
    summary="A retention run's report",
)
def privacy_run_detail(request: HttpRequest, pk: PathId) -> PurgeRunOut:
    member(request, "can_manage_privacy")
    return _run(fetch(PurgeRun, request, pk=pk))


@router.post(
    "/retention/runs/{int:pk}/purge",
    operation_id="retention_run_purge",
    response={200: PurgeRunOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Carry out the latest dry run (refused for any other run)",
)
def privacy_run_purge(request: HttpRequest, pk: PathId) -> PurgeRunOut:
    membership = member(request, "can_manage_privacy")
    run = fetch(PurgeRun, request, pk=pk)
    return _run(services.retention_purge(run=run, by=membership.user, request=request))


# --- peers and research ---------------------------------------------------------------------------


class AccessRequestIn(Schema):
    requested_by_peer: BodyBool = Field(description="The peer asked for a copy of their data")
    reason: Text = Field(..., max_length=300, description="When and how the peer asked")


@router.post(
    "/peers/{int:peer_pk}/export",
    operation_id="peer_export",
    response={401: Error, 403: Error, 404: Error, 422: Error},
    openapi_extra=ZIP_RESPONSE,
    summary="A copy of a peer's data, at their request: a ZIP of what the caller's role may see",
)
def privacy_peer_export(request: HttpRequest, peer_pk: PathId, payload: AccessRequestIn) -> HttpResponse:
    membership = member(request, "can_manage_privacy")
    peer = fetch(PeerWorker, request, pk=peer_pk)
    export = services.subject_access_export_make(
        peer=peer,
        membership=membership,
        requested_by_peer=payload.requested_by_peer,
        reason=payload.reason,
        request=request,
    )
    return _zip(export.content, f"peerwork-peer-{peer.pk}-{peer.organisation.today()}.zip")


@router.post(
    "/peers/{int:peer_pk}/erase",
    operation_id="peer_erase",
    response={200: ErasedOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Erase a peer's personal details (pay and service counts remain)",
)
def privacy_peer_erase(request: HttpRequest, peer_pk: PathId, payload: EraseIn) -> ErasedOut:
    membership = member(request, "can_manage_privacy")
    peer = fetch(PeerWorker, request, pk=peer_pk)
    peer = services.peer_erase(peer=peer, by=membership.user, reason=payload.reason, request=request)
    report = selectors.erasure_report_for(peer)
    return ErasedOut(id=peer.pk, display_name=str(peer), report=asdict(report) if report else {})


@router.get(
    "/research-export",
    operation_id="research_export_get",
    response={401: Error, 403: Error, 409: Error, 422: Error},
    openapi_extra=ZIP_RESPONSE,
    summary="De-identified research data (codes re-keyed, dates to the month, small cells hidden)",
)
def privacy_research_export(request: HttpRequest, start: Date, end: Date) -> HttpResponse:
    membership = member(request, "can_export_research")
    if end < start:
        raise ValidationError({"end": ["The end cannot be before the start."]})
    audit_record(action="research_export", request=request, start=start.isoformat(), end=end.isoformat())
    return _zip(
        selectors.research_zip(membership.organisation, start=start, end=end),
        f"peerwork-research-{start:%Y%m}-{end:%Y%m}.zip",
    )
