"""Casework API: caseloads, sessions, recovery plans, handovers and referral follow-ups. A peer (browser
session) sees and writes only their own current clients; coordinators, supervisors and admins see the
caseloads of their sites. Anyone else, and another organisation, gets 404 for a client."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.models import Membership
from peerwork.audit.services import audit_record
from peerwork.casework import selectors
from peerwork.casework.models import MAX_GOALS, CaseClient, CaseReferral, CaseSession, RecoveryGoal
from peerwork.casework.services import (
    case_client_add,
    case_handover,
    case_referral_follow_up,
    case_referral_make,
    case_session_record,
    recovery_plan_save,
)
from peerwork.peers.models import PeerWorker

from .common import (
    ERRORS,
    JSON_INTEGER,
    BodyId,
    Date,
    Error,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
    path_id,
    refused,
)

router = Router(tags=["casework"])
NOT_FOUND = "Not found."


def _own_peer(membership: Membership) -> PeerWorker | None:
    if not membership.can("is_peer"):
        return None
    return PeerWorker.objects.filter(user=membership.user, organisation=membership.organisation).first()


def _clients(request: HttpRequest) -> tuple[Membership, PeerWorker | None, QuerySet[CaseClient]]:
    membership = member(request, "can_keep_casework")
    own = _own_peer(membership)
    if selectors.may_oversee(membership):
        return membership, own, selectors.clients_of_org(membership.organisation)
    if own is None:
        raise HttpError(404, NOT_FOUND)
    return membership, own, selectors.caseload_of(own).select_related("worker")


def _client(request: HttpRequest, client_id: int) -> tuple[Membership, CaseClient]:
    membership, _own, clients = _clients(request)
    return membership, fetch(clients.select_related("organisation"), request, pk=client_id)


# --- caseloads ------------------------------------------------------------------------------------


class CaseClientOut(Schema):
    id: int
    client_code: str
    worker_id: int | None
    opened_on: date


class CaseAssignmentOut(Schema):
    worker_id: int
    starts_on: date
    ends_on: date | None
    handover_note: str


class RecoveryGoalOut(Schema):
    id: int
    position: int
    text: str


class CaseClientDetailOut(CaseClientOut):
    goals: list[RecoveryGoalOut]
    history: list[CaseAssignmentOut]


class CaseClientIn(Schema):
    client_code: Text = Field(max_length=32, description="The organisation's client code, never a name.")
    worker_id: BodyId | None = Field(
        None, description="Staff: the worker. A peer adds to their own caseload."
    )
    opened_on: Date | None = Field(None, description="Defaults to today (the organisation's date).")


@router.get(
    "/clients",
    operation_id="client_list",
    response={200: list[CaseClientOut], 404: Error},
    summary="Caseload clients (a peer: their own)",
)
@paginate(PageNumberPagination, page_size=100)
def client_list(request: HttpRequest, worker_id: int | None = id_filter()) -> Any:
    _membership, _own, clients = _clients(request)
    if worker_id is not None:
        clients = clients.filter(worker_id=worker_id)
    return clients


@router.post(
    "/clients",
    operation_id="client_create",
    response={201: CaseClientOut, **ERRORS},
    summary="Put a client on a caseload by code",
)
def client_create(request: HttpRequest, payload: CaseClientIn) -> Any:
    membership, own, _clients_seen = _clients(request)
    if selectors.may_oversee(membership) and payload.worker_id is not None:
        worker: PeerWorker | None = fetch(PeerWorker, request, pk=payload.worker_id)
    elif own is not None and payload.worker_id in (None, own.pk):
        worker = own
    elif own is not None:
        raise HttpError(404, NOT_FOUND)
    else:
        raise HttpError(409, "Say whose caseload: worker_id.")
    organisation = org_of(request)
    try:
        client = case_client_add(
            organisation=organisation,
            client_code=payload.client_code,
            worker=worker,
            on=payload.opened_on or organisation.today(),
            by=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, client)


def _detail(client: CaseClient) -> dict[str, Any]:
    return {
        "id": client.pk, "client_code": client.client_code, "worker_id": client.worker_id,
        "opened_on": client.opened_on,
        "goals": RecoveryGoal.objects.filter(plan__client=client, is_active=True),
        "history": client.assignments.all(),
    }  # fmt: skip


@router.get(
    "/clients/{client_id}",
    operation_id="client_get",
    response={200: CaseClientDetailOut, **ERRORS},
    summary="One client: plan goals and who has supported them",
    url_name="casework_client",
)
def client_detail(request: HttpRequest, client_id: PathId) -> Any:
    _membership, client = _client(request, client_id)
    audit_record(action="casework_viewed", request=request, obj=client, via="api")
    return _detail(client)


# --- plan -----------------------------------------------------------------------------------------


class RecoveryPlanIn(Schema):
    goals: list[Text] = Field(max_length=MAX_GOALS, description="One to five goals, no names.")


@router.get(
    "/clients/{client_id}/plan",
    operation_id="client_plan_get",
    response={200: list[RecoveryGoalOut], **ERRORS},
    summary="The client's recovery plan goals",
    url_name="casework_plan",
)
def plan_detail(request: HttpRequest, client_id: PathId) -> Any:
    _membership, client = _client(request, client_id)
    return RecoveryGoal.objects.filter(plan__client=client, is_active=True)


@router.put(
    "/clients/{client_id}/plan",
    operation_id="client_plan_set",
    response={200: list[RecoveryGoalOut], **ERRORS},
    summary="Write the plan",
)
def casework_plan_save(request: HttpRequest, client_id: PathId, payload: RecoveryPlanIn) -> Any:
    membership, client = _client(request, client_id)
    try:
        recovery_plan_save(
            client=client, goals=payload.goals, on=client.organisation.today(), by=membership.user
        )
    except ValidationError as error:
        return refused(error)
    return RecoveryGoal.objects.filter(plan__client=client, is_active=True)


# --- sessions -------------------------------------------------------------------------------------


class GoalProgressOut(Schema):
    goal_id: int
    progress: str


class CaseSessionOut(Schema):
    id: int
    client_id: int
    worker_id: int
    held_on: date
    minutes: int
    place: str
    kind: str
    next_step: str
    progress: list[GoalProgressOut]

    @staticmethod
    def resolve_progress(obj: CaseSession) -> list[dict[str, Any]]:
        return [{"goal_id": p.goal_id, "progress": p.progress} for p in obj.progress.all()]


class GoalProgressIn(Schema):
    goal_id: BodyId
    progress: Literal["setback", "no_change", "some", "achieved"]


class CaseSessionIn(Schema):
    held_on: Date
    minutes: Annotated[int, Field(ge=1, le=480), JSON_INTEGER] = Field(description="1 to 480.")
    place: Literal["office", "outreach", "phone"]
    kind: Literal["recovery_planning", "accompaniment", "advocacy", "check_in"]
    next_step: Text = Field("", max_length=200, description="Short, no names.")
    progress: list[GoalProgressIn] = Field(default_factory=list, max_length=MAX_GOALS)


@router.get(
    "/clients/{client_id}/sessions",
    operation_id="client_session_list",
    response={200: list[CaseSessionOut], **ERRORS},
    summary="The client's sessions, newest first",
    url_name="casework_sessions",
)
@paginate(PageNumberPagination, page_size=100)
def session_list(request: HttpRequest, client_id: int = path_id()) -> Any:
    _membership, client = _client(request, client_id)
    audit_record(action="casework_viewed", request=request, obj=client, via="api", part="sessions")
    return CaseSession.objects.filter(client=client).prefetch_related("progress")


@router.post(
    "/clients/{client_id}/sessions",
    operation_id="client_session_create",
    response={201: CaseSessionOut, **ERRORS},
    summary="Record a session",
)
def casework_session_create(request: HttpRequest, client_id: PathId, payload: CaseSessionIn) -> Any:
    membership, client = _client(request, client_id)
    progress: dict[int, str] = {p.goal_id: p.progress for p in payload.progress}
    try:
        session = case_session_record(
            client=client, held_on=payload.held_on, minutes=payload.minutes, place=payload.place,
            kind=payload.kind, next_step=payload.next_step, progress=progress, by=membership.user,
        )  # fmt: skip
    except ValidationError as error:
        return refused(error)
    return Status(201, session)


# --- handover -------------------------------------------------------------------------------------


class CaseHandoverIn(Schema):
    to_worker_id: BodyId
    note: Text = Field(max_length=200, description="Short, no names.")
    on: Date | None = Field(None, description="Defaults to today (the organisation's date).")


@router.post(
    "/clients/{client_id}/handover",
    operation_id="client_handover_create",
    response={201: CaseAssignmentOut, **ERRORS},
    summary="Hand the client over to another worker",
    url_name="casework_handover",
)
def handover_create(request: HttpRequest, client_id: PathId, payload: CaseHandoverIn) -> Any:
    membership, client = _client(request, client_id)
    to_worker = fetch(PeerWorker, request, pk=payload.to_worker_id)
    try:
        assignment = case_handover(
            client=client,
            to_worker=to_worker,
            note=payload.note,
            on=payload.on or client.organisation.today(),
            by=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, assignment)


# --- referrals ------------------------------------------------------------------------------------


class CaseReferralOut(Schema):
    id: int
    client_id: int
    agency: str
    reason: str
    made_on: date
    outcome: str
    followed_up_on: date | None


class CaseReferralIn(Schema):
    agency: Text = Field(max_length=120, description="An agency, never a person's name.")
    reason: Text = Field("", max_length=200)
    made_on: Date | None = None


class ReferralFollowUpIn(Schema):
    outcome: Literal["arrived", "did_not_arrive", "unknown"]
    on: Date | None = None


@router.get(
    "/clients/{client_id}/referrals",
    operation_id="client_referral_list",
    response={200: list[CaseReferralOut], **ERRORS},
    summary="The client's referrals",
    url_name="casework_referrals",
)
@paginate(PageNumberPagination, page_size=100)
def referral_list(request: HttpRequest, client_id: int = path_id()) -> Any:
    _membership, client = _client(request, client_id)
    return CaseReferral.objects.filter(client=client)


@router.post(
    "/clients/{client_id}/referrals",
    operation_id="client_referral_create",
    response={201: CaseReferralOut, **ERRORS},
    summary="Refer onwards",
)
def casework_referral_create(request: HttpRequest, client_id: PathId, payload: CaseReferralIn) -> Any:
    membership, client = _client(request, client_id)
    try:
        referral = case_referral_make(
            client=client, agency=payload.agency, reason=payload.reason,
            made_on=payload.made_on or client.organisation.today(), by=membership.user,
        )  # fmt: skip
    except ValidationError as error:
        return refused(error)
    return Status(201, referral)


@router.post(
    "/referrals/{referral_id}/follow-up",
    operation_id="referral_follow_up",
    response={200: CaseReferralOut, **ERRORS},
    summary="Record what came of a referral",
    url_name="casework_referral_follow_up",
)
def referral_follow_up(request: HttpRequest, referral_id: PathId, payload: ReferralFollowUpIn) -> Any:
    membership, _own, clients = _clients(request)
    referral = fetch(
        CaseReferral.objects.filter(client__in=clients).select_related("organisation"),
        request,
        pk=referral_id,
    )
    try:
        return case_referral_follow_up(
            referral=referral, outcome=payload.outcome, on=payload.on or referral.organisation.today(),
            by=membership.user,
        )  # fmt: skip
    except ValidationError as error:
        return refused(error)
