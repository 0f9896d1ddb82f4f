"""Questionnaires: instruments, schedules, responses (start, save answers, submit) and scores.

A peer sees and answers their own responses. Staff see a peer's result only when the peer
shared it (each read audited); clients' results (by code) are visible to results roles.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.models import Membership
from peerwork.assessments import selectors, services
from peerwork.assessments.models import AssessmentResponse, Instrument, Mode, Schedule
from peerwork.audit.services import audit_read
from peerwork.peers.models import PeerWorker

from .common import (
    ERRORS,
    BodyBool,
    BodyId,
    BodyInt,
    Date,
    Error,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
)

router = Router(tags=["assessments"])


def _language(request: HttpRequest) -> str:
    return translation.get_language() or "en"


class ScaleValueOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    id: str
    number: int | None
    text: str
    scale: str
    subscale: str | None
    reverse: bool


class InstrumentOut(Schema):
    id: int
    key: str
    version: str
    name: str
    validated: bool
    can_administer: bool
    status: str
    citation: str
    licence: str
    audience: list[str]
    score_targets: list[str]
    every_months: int


class InstrumentDetailOut(InstrumentOut):
    items: list[ItemOut]
    scales: dict[str, list[ScaleValueOut]]


def _instrument_out(instrument: Instrument, language: str, detail: bool = False) -> dict[str, Any]:
    version = selectors.current_version(instrument)
    if version is None:
        raise Http404
    definition = version.as_definition()
    default = instrument.organisation.language
    out: dict[str, Any] = {
        "id": instrument.pk,
        "key": instrument.key,
        "version": version.version,
        "name": definition.name(language, default),
        "validated": definition.data["validated"],
        "can_administer": definition.can_administer,
        "status": "ready" if definition.can_administer else "wording not loaded",
        "citation": definition.data["citation"],
        "licence": definition.data["licence"],
        "audience": definition.audience,
        "score_targets": definition.score_targets(),
        "every_months": definition.schedule_months,
    }
    if detail:
        out["items"] = [
            {
                "id": item["id"],
                "number": item.get("number"),
                "text": definition.item_text(item["id"], language, default),
                "scale": item["scale"],
                "subscale": item.get("subscale"),
                "reverse": definition.is_reverse(item["id"]),
            }
            for item in definition.items
        ]
        out["scales"] = {
            scale["id"]: [
                {
                    "value": v["value"],
                    "label": definition.value_label(scale["id"], v["value"], language, default),
                }
                for v in scale["values"]
            ]
            for scale in definition.data["scales"]
        }
    return out


@router.get(
    "/instruments",
    operation_id="instrument_list",
    response=list[InstrumentOut],
    summary="Questionnaires of the organisation and their status",
)
@paginate(PageNumberPagination, page_size=50)
def assessments_instrument_list(request: HttpRequest):
    membership = member(request, "can_use_api")
    services.instruments_sync_shipped(organisation=membership.organisation)
    language = _language(request)
    return [
        _instrument_out(i, language)
        for i in selectors.instruments_for(membership.organisation).select_related("organisation")
    ]


@router.get(
    "/instruments/{instrument_id}",
    operation_id="instrument_get",
    response={200: InstrumentDetailOut, **ERRORS},
    summary="One questionnaire: items (wording when loaded), scales, scoring targets",
)
def assessments_instrument_detail(request: HttpRequest, instrument_id: PathId):
    member(request, "can_use_api")
    instrument = fetch(Instrument.objects.select_related("organisation"), request, pk=instrument_id)
    return _instrument_out(instrument, _language(request), detail=True)


class ScheduleOut(Schema):
    id: int
    instrument_id: int
    peer_id: int | None
    client_code: str
    starts_on: date
    every_months: int
    next_due: date | None


class ScheduleIn(Schema):
    instrument_id: BodyId
    peer_id: BodyId | None = None
    client_code: Text = ""
    starts_on: Date
    every_months: BodyInt | None = None


def _schedule_out(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": schedule.pk,
        "instrument_id": schedule.instrument_id,
        "peer_id": schedule.peer_id,
        "client_code": schedule.client_code,
        "starts_on": schedule.starts_on,
        "every_months": schedule.every_months,
        "next_due": selectors.next_due(schedule),
    }


@router.get(
    "/schedules",
    operation_id="questionnaire_schedule_list",
    response=list[ScheduleOut],
    summary="Check-in schedules and when each is next due",
)
@paginate(PageNumberPagination, page_size=100)
def assessments_schedule_list(request: HttpRequest):
    membership = member(request, "can_administer_assessments")
    schedules = Schedule.objects.filter(organisation=membership.organisation, is_active=True).select_related(
        "organisation"
    )
    return [_schedule_out(s) for s in schedules]


@router.post(
    "/schedules",
    operation_id="questionnaire_schedule_create",
    response={201: ScheduleOut, **ERRORS},
    summary="Baseline, then every N months",
)
def assessments_schedule_create(request: HttpRequest, payload: ScheduleIn):
    membership = member(request, "can_administer_assessments")
    instrument = fetch(Instrument, request, pk=payload.instrument_id)
    peer = fetch(PeerWorker, request, pk=payload.peer_id) if payload.peer_id else None
    schedule = services.schedule_create(
        organisation=membership.organisation,
        instrument=instrument,
        peer=peer,
        client_code=payload.client_code,
        starts_on=payload.starts_on,
        every_months=payload.every_months,
        user=membership.user,
    )
    return Status(201, _schedule_out(schedule))


class ScoreOut(Schema):
    target: str
    value: Decimal | None
    answered: int
    missing: int
    band: str
    at_or_above_cutoff: bool | None
    reason: str
    instrument: str
    version: str


class ResponseOut(Schema):
    id: int
    instrument_id: int
    instrument: str
    version: str
    peer_id: int | None
    client_code: str
    mode: str
    status: str
    answers: dict[str, int]
    started_at: datetime
    submitted_at: datetime | None
    shared_with_staff: bool
    newer_version: str | None
    scores: list[ScoreOut]


class StartIn(Schema):
    instrument_id: BodyId
    peer_id: BodyId | None = None
    client_code: Text = ""


class AnswersIn(Schema):
    answers: dict[Text, BodyInt | None]


class SubmitIn(Schema):
    answers: dict[Text, BodyInt | None] = {}
    share: BodyBool | None = None


def _response_out(response: AssessmentResponse) -> dict[str, Any]:
    newer = selectors.newer_version_for(response)
    return {
        "id": response.pk,
        "instrument_id": response.instrument_version.instrument_id,
        "instrument": response.instrument_version.instrument.key,
        "version": response.instrument_version.version,
        "peer_id": response.peer_id,
        "client_code": response.client_code,
        "mode": response.mode,
        "status": response.status,
        "answers": response.answers,
        "started_at": response.started_at,
        "submitted_at": response.submitted_at,
        "shared_with_staff": response.shared_with_staff,
        "newer_version": newer.version if newer else None,
        "scores": [
            {
                "target": s.target,
                "value": s.value,
                "answered": s.answered,
                "missing": s.missing,
                "band": s.band,
                "at_or_above_cutoff": s.at_or_above_cutoff,
                "reason": s.reason,
                "instrument": s.instrument_key,
                "version": s.version,
            }
            for s in response.scores.all()
        ],
    }


def _own_peer(membership: Membership) -> PeerWorker | None:
    return PeerWorker.objects.filter(user=membership.user, organisation=membership.organisation).first()


def _readable(request: HttpRequest, pk: int) -> AssessmentResponse:
    """Own response, one staff is running in person, or a result staff may see (read audited)."""
    membership = member(request, "can_use_api")
    response = fetch(
        AssessmentResponse.objects.select_related("instrument_version__instrument", "peer").prefetch_related(
            "scores"
        ),
        request,
        pk=pk,
    )
    if response.peer_id and response.peer and response.peer.user_id == membership.user_id:
        return response
    if (
        not response.is_submitted
        and response.mode == Mode.STAFF
        and membership.can("can_administer_assessments")
    ):
        return response
    if selectors.staff_may_see(membership, response):
        audit_read(request, response, ["answers", "scores"], via="api")
        return response
    raise Http404


def _writable(request: HttpRequest, pk: int) -> AssessmentResponse:
    membership = member(request, "can_answer_assessments")
    response = fetch(
        AssessmentResponse.objects.select_related("instrument_version__instrument", "peer"), request, pk=pk
    )
    owner = bool(response.peer_id and response.peer and response.peer.user_id == membership.user_id)
    if owner or (response.mode == Mode.STAFF and membership.can("can_administer_assessments")):
        return response
    raise Http404


def _fresh(pk: int) -> AssessmentResponse:
    return (
        AssessmentResponse.objects.select_related("instrument_version__instrument", "peer")
        .prefetch_related("scores")
        .get(pk=pk)
    )


@router.get(
    "/responses",
    operation_id="questionnaire_response_list",
    response={200: list[ResponseOut], 404: Error},
    summary="Your own responses; for staff, visible results",
)
@paginate(PageNumberPagination, page_size=50)
def assessments_response_list(request: HttpRequest, peer_id: int | None = id_filter()):
    membership = member(request, "can_use_api")
    organisation = org_of(request)
    if membership.can("can_view_assessment_results"):
        responses = selectors.results_visible_to_staff(organisation)
        if peer_id is not None:
            responses = responses.filter(peer=fetch(PeerWorker, request, pk=peer_id))
        found = list(responses[:500])
        if found:
            audit_read(
                request, organisation, ["assessment_results"], responses=[r.pk for r in found], via="api"
            )
        return [_response_out(r) for r in found]
    peer = _own_peer(membership)
    if peer is None:
        raise HttpError(403, "Your role does not allow this.")
    return [_response_out(r) for r in selectors.own_responses(peer)]


@router.post(
    "/responses",
    operation_id="questionnaire_response_start",
    response={201: ResponseOut, **ERRORS},
    summary="Start (or resume) a check-in",
)
def assessments_response_start(request: HttpRequest, payload: StartIn):
    membership = member(request, "can_answer_assessments")
    instrument = fetch(Instrument, request, pk=payload.instrument_id)
    if membership.can("is_peer"):
        peer = _own_peer(membership)
        if peer is None or (payload.peer_id and payload.peer_id != peer.pk) or payload.client_code:
            raise HttpError(403, "A peer can only start their own check-in.")
        client_code, mode = "", Mode.PHONE
    else:
        member(request, "can_administer_assessments")
        peer = fetch(PeerWorker, request, pk=payload.peer_id) if payload.peer_id else None
        client_code, mode = payload.client_code, Mode.STAFF
    response = services.assessment_start(
        organisation=membership.organisation,
        instrument=instrument,
        peer=peer,
        client_code=client_code,
        mode=mode,
        user=membership.user,
        language=_language(request),
    )
    return Status(201, _response_out(_fresh(response.pk)))


@router.get(
    "/responses/{response_id}",
    operation_id="questionnaire_response_get",
    response={200: ResponseOut, **ERRORS},
    summary="One response",
)
def assessments_response_detail(request: HttpRequest, response_id: PathId):
    return _response_out(_readable(request, response_id))


@router.get(
    "/responses/{response_id}/scores",
    operation_id="questionnaire_response_scores_get",
    response={200: list[ScoreOut], **ERRORS},
    summary="Scores of a response",
)
def assessments_response_scores(request: HttpRequest, response_id: PathId):
    return _response_out(_readable(request, response_id))["scores"]


@router.patch(
    "/responses/{response_id}/answers",
    operation_id="questionnaire_response_answer",
    response={200: ResponseOut, **ERRORS},
    summary="Save some answers (partial is fine; null clears one)",
)
def assessments_response_answer(request: HttpRequest, response_id: PathId, payload: AnswersIn):
    response = _writable(request, response_id)
    services.assessment_answer(response=response, answers=payload.answers)
    return _response_out(_fresh(response.pk))


@router.post(
    "/responses/{response_id}/submit",
    operation_id="questionnaire_response_submit",
    response={200: ResponseOut, **ERRORS},
    summary="Finish: compute and store the scores with the version used",
)
def assessments_response_submit(request: HttpRequest, response_id: PathId, payload: SubmitIn):
    response = _writable(request, response_id)
    owner = bool(response.peer and response.peer.user_id == request.user.pk)
    services.assessment_submit(
        response=response,
        answers=payload.answers,
        share=payload.share if owner else None,
        user=request.user,  # type: ignore[arg-type]
    )
    fresh = _fresh(response.pk)
    if owner or selectors.staff_may_see(getattr(request, "membership", None), fresh):
        return _response_out(fresh)
    # Staff who ran a peer's check-in in person do not see the result unless the peer shared it.
    out = _response_out(fresh)
    out["answers"], out["scores"] = {}, []
    return out


class ShareIn(Schema):
    shared: BodyBool


@router.post(
    "/responses/{response_id}/sharing",
    operation_id="questionnaire_response_share",
    response={200: ResponseOut, **ERRORS},
    summary="The peer shares one result with staff, or stops sharing it",
)
def assessments_response_share(request: HttpRequest, response_id: PathId, payload: ShareIn):
    membership = member(request, "is_peer")
    response = fetch(AssessmentResponse.objects.select_related("peer"), request, pk=response_id)
    if not (response.peer and response.peer.user_id == membership.user_id and response.is_submitted):
        raise Http404
    services.response_share_set(response=response, shared=payload.shared, user=membership.user)
    return _response_out(_fresh(response.pk))
