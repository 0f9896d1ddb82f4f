"""Support API: supervision sessions (notes only for supervisors and the peer, audited), debrief
offers and outcomes, strain signals for supervisors, role fit per role and per peer."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.models import Membership
from peerwork.assessments import selectors as assessments_selectors
from peerwork.assessments.models import AssessmentResponse, Mode
from peerwork.audit.services import audit_read
from peerwork.peers.models import PeerWorker
from peerwork.services.models import OverdoseResponse
from peerwork.shifts.models import Role
from peerwork.support.checkins import checkin_record, checkin_share_set, checkin_standing_share_set
from peerwork.support.models import DebriefOffer, SupervisionSession
from peerwork.support.selectors import checkins, rolefit, signals, supervision
from peerwork.support.selectors import debriefs as debrief_selectors
from peerwork.support.services import debrief_outcome_record, supervision_session_record

from .common import (
    JSON_INTEGER,
    BodyBool,
    BodyId,
    BodyInt,
    Date,
    Error,
    Id,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    refused,
)

router = Router(tags=["support"])


# --- supervision -------------------------------------------------------------------------


class SupervisionSessionOut(Schema):
    id: int
    kind: str
    held_on: date
    duration_minutes: int
    supervisor_id: int
    supervisor_name: str
    peer_ids: list[int]
    notes: str | None = Field(None, description="Only for supervisors and the peers in the session; audited.")

    @staticmethod
    def resolve_supervisor_name(obj: SupervisionSession) -> str:
        return str(obj.supervisor)

    @staticmethod
    def resolve_peer_ids(obj: SupervisionSession) -> list[int]:
        return sorted(peer.pk for peer in obj.peers.all())

    @staticmethod
    def resolve_notes(obj: SupervisionSession) -> str | None:
        return getattr(obj, "visible_notes", None)


class SupervisionSessionIn(Schema):
    kind: Literal["individual", "group"]
    held_on: Date
    duration_minutes: Annotated[int, Field(ge=5, le=480), JSON_INTEGER]
    peer_ids: list[BodyId] = Field(default_factory=list, max_length=100)
    notes: Text = Field("", max_length=5000)
    supervisor_id: BodyId | None = Field(None, description="Defaults to the caller.")


@router.get(
    "/sessions",
    operation_id="supervision_session_list",
    response={200: list[SupervisionSessionOut], 404: Error},
    summary="Supervision sessions, newest first (no notes)",
)
@paginate(PageNumberPagination, page_size=50)
def session_list(request: HttpRequest, peer_id: int | None = id_filter()) -> Any:
    membership = member(request, "can_supervise")
    sessions = supervision.sessions_for_org(membership.organisation)
    if peer_id is not None:
        sessions = sessions.filter(peers=fetch(PeerWorker, request, pk=peer_id))
    return sessions


@router.post(
    "/sessions",
    operation_id="supervision_session_create",
    response={201: SupervisionSessionOut, 403: Error, 404: Error, 422: Error},
    summary="Record a held supervision session (individual or group)",
)
def session_create(request: HttpRequest, payload: SupervisionSessionIn) -> Any:
    membership = member(request, "can_supervise")
    peers = [fetch(PeerWorker, request, pk=peer_id) for peer_id in dict.fromkeys(payload.peer_ids)]
    supervisor = membership.user
    if payload.supervisor_id is not None:
        supervisor_member = fetch(
            Membership.objects.select_related("user").filter(is_active=True),
            request,
            user_id=payload.supervisor_id,
            role="supervisor",
        )
        supervisor = supervisor_member.user
    try:
        session = supervision_session_record(
            organisation=membership.organisation,
            supervisor=supervisor,
            kind=payload.kind,
            held_on=payload.held_on,
            duration_minutes=payload.duration_minutes,
            peers=peers,
            notes=payload.notes,
            created_by=membership.user,
            request=request,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, session)


@router.get(
    "/sessions/{session_id}",
    operation_id="supervision_session_get",
    response={200: SupervisionSessionOut, 403: Error, 404: Error},
    summary="One session; notes for supervisors and the peers in it (every reading audited)",
    url_name="support_session",
)
def session_detail(request: HttpRequest, session_id: PathId) -> Any:
    membership = member(request, "can_use_api")
    session = fetch(
        SupervisionSession.objects.select_related("supervisor").prefetch_related("peers"),
        request,
        pk=session_id,
    )
    in_session = any(peer.user_id == membership.user.pk for peer in session.peers.all())
    if not (membership.can("can_supervise") or (membership.can("is_peer") and in_session)):
        raise HttpError(403, "Your role does not allow this.")
    if membership.can("can_view_supervision_notes") or in_session:
        session.visible_notes = session.notes  # type: ignore[attr-defined]
        if session.notes:
            audit_read(request, session, ["notes"])
    return session


class DueOut(Schema):
    peer_id: int
    peer_name: str
    stage: str
    every_days: int
    last_on: date | None
    due_on: date
    days_late: int


@router.get(
    "/supervision-due",
    operation_id="supervision_due_list",
    response=list[DueOut],
    summary="Peers due or overdue for supervision",
)
@paginate(PageNumberPagination, page_size=100)
def supervision_due(request: HttpRequest) -> Any:
    membership = member(request, "can_supervise")
    rows = supervision.supervision_due(membership.organisation, membership.organisation.today())
    return [
        DueOut(
            peer_id=row.peer.pk,
            peer_name=row.peer.preferred_name,
            stage=row.stage_name,
            every_days=row.every_days,
            last_on=row.last_on,
            due_on=row.due_on,
            days_late=row.days_late,
        )
        for row in rows
    ]


# --- debriefs ----------------------------------------------------------------------------


class DebriefOut(Schema):
    id: int
    peer_id: int
    peer_name: str = Field(alias="peer.preferred_name")
    response_id: int
    response_at: datetime = Field(alias="response.occurred_at")
    supervisor_id: int | None
    due_at: datetime
    overdue: bool
    status: str
    outcome_on: date | None
    outcome_note: str
    group_session_id: int | None

    @staticmethod
    def resolve_overdue(obj: DebriefOffer) -> bool:
        return obj.is_open and obj.due_at < timezone.now()


class DebriefFilter(Schema):
    status: Literal["offered", "held_individual", "held_group", "declined", "not_reached"] | None = None
    peer_id: Id | None = None


@router.get(
    "/debriefs",
    operation_id="debrief_list",
    response={200: list[DebriefOut], 404: Error},
    summary="Debrief offers, the soonest due first",
)
@paginate(PageNumberPagination, page_size=50)
def debrief_list(request: HttpRequest, filters: Query[DebriefFilter]) -> Any:
    membership = member(request, "can_supervise")
    offers = debrief_selectors.debriefs_for_org(membership.organisation).order_by("due_at", "id")
    if filters.status:
        offers = offers.filter(status=filters.status)
    if filters.peer_id is not None:
        offers = offers.filter(peer=fetch(PeerWorker, request, pk=filters.peer_id))
    return offers


@router.get(
    "/debriefs/{offer_id}",
    operation_id="debrief_get",
    response={200: DebriefOut, 403: Error, 404: Error},
    summary="One debrief offer",
    url_name="support_debrief",
)
def debrief_detail(request: HttpRequest, offer_id: PathId) -> Any:
    membership = member(request, "can_supervise")
    return fetch(debrief_selectors.debriefs_for_org(membership.organisation), request, pk=offer_id)


class OutcomeIn(Schema):
    response_id: BodyId = Field(description="The overdose response the debrief follows.")
    peer_id: BodyId = Field(description="A peer who responded to it.")
    status: Literal["held_individual", "held_group", "declined", "not_reached"]
    outcome_on: Date
    note: Text = Field("", max_length=300)
    group_session_id: BodyId | None = None


@router.post(
    "/debrief-outcomes",
    operation_id="debrief_outcome_create",
    response={200: DebriefOut, 403: Error, 404: Error, 422: Error},
    summary="Record how a debrief ended: held (one to one or group), declined, could not reach",
)
def debrief_outcome(request: HttpRequest, payload: OutcomeIn) -> Any:
    membership = member(request, "can_supervise")
    response = fetch(OverdoseResponse, request, pk=payload.response_id)
    peer = fetch(PeerWorker, request, pk=payload.peer_id)
    group = None
    if payload.group_session_id is not None:
        group = fetch(SupervisionSession, request, pk=payload.group_session_id)
    try:
        offer = debrief_outcome_record(
            organisation=membership.organisation,
            response=response,
            peer=peer,
            status=payload.status,
            outcome_on=payload.outcome_on,
            note=payload.note,
            group_session=group,
            recorded_by=membership.user,
            request=request,
        )
    except ValidationError as error:
        return refused(error)
    return Status(200, debrief_selectors.debriefs_for_org(membership.organisation).get(pk=offer.pk))


# --- strain signals and role fit ---------------------------------------------------------


class SignalOut(Schema):
    peer_id: int
    peer_name: str
    kind: str
    reason: str


@router.get(
    "/signals",
    operation_id="support_signal_list",
    response={200: list[SignalOut], 403: Error},
    summary="Strain signals with their reasons (supervisors only); each prompts a conversation, nothing else",
)
def signal_list(request: HttpRequest) -> Any:
    membership = member(request, "can_view_strain_signals")
    found = signals.signals_for_viewer(
        request,
        signals.strain_signals(membership.organisation, membership.organisation.today(), timezone.now()),
    )
    return [
        SignalOut(peer_id=s.peer.pk, peer_name=s.peer.preferred_name, kind=s.kind, reason=s.reason)
        for s in found
    ]


class RoleFitOut(Schema):
    role_id: int
    role_name: str
    duties: list[str]
    peer_id: int | None
    peer_name: str | None
    shifts: int
    hours_duties: Decimal
    hours_other: Decimal
    hours_unrecorded: Decimal
    share_duties: Decimal | None
    drifting: bool
    examples: list[str]
    logged: dict[str, int] = Field(description="What was logged in services on these shifts, by kind.")


def _fit_out(fit: rolefit.RoleFit) -> RoleFitOut:
    return RoleFitOut(
        role_id=fit.role.pk,
        role_name=fit.role.name,
        duties=rolefit.role_duties(fit.role),
        peer_id=fit.peer.pk if fit.peer else None,
        peer_name=fit.peer.preferred_name if fit.peer else None,
        shifts=fit.shifts,
        hours_duties=fit.hours_duties,
        hours_other=fit.hours_other,
        hours_unrecorded=fit.hours_unrecorded,
        share_duties=fit.share_duties,
        drifting=fit.drifting,
        examples=fit.examples,
        logged=dict(fit.logged),
    )


@router.get(
    "/role-fit",
    operation_id="role_fit_list",
    response={200: list[RoleFitOut], 403: Error},
    summary="Role fit per role over the last four weeks: described duties against other work",
)
def role_fit_roles(request: HttpRequest) -> Any:
    membership = member(request, "can_supervise")
    organisation = membership.organisation
    return [_fit_out(fit) for fit in rolefit.role_fit_by_role(organisation, organisation.today())]


@router.get(
    "/role-fit/roles/{role_id}",
    operation_id="role_fit_role_get",
    response={200: list[RoleFitOut], 403: Error, 404: Error},
    summary="Role fit of one role, per peer who worked it in the last four weeks",
    url_name="support_role_fit_role",
)
def role_fit_role(request: HttpRequest, role_id: PathId) -> Any:
    membership = member(request, "can_supervise")
    role = fetch(Role, request, pk=role_id)
    organisation = membership.organisation
    return [_fit_out(fit) for fit in rolefit.role_fit_by_peer(organisation, organisation.today(), role=role)]


@router.get(
    "/role-fit/peers/{peer_id}",
    operation_id="role_fit_peer_get",
    response={200: list[RoleFitOut], 403: Error, 404: Error},
    summary="Role fit of one peer, per role they worked in the last four weeks",
    url_name="support_role_fit_peer",
)
def role_fit_peer(request: HttpRequest, peer_id: PathId) -> Any:
    membership = member(request, "can_supervise")
    peer = fetch(PeerWorker, request, pk=peer_id)
    organisation = membership.organisation
    return [_fit_out(fit) for fit in rolefit.role_fit_by_peer(organisation, organisation.today(), peer=peer)]


# --- check-ins ----------------------------------------------------------------------------


class CheckInOut(Schema):
    id: int
    peer_id: int
    submitted_at: datetime
    mode: str
    score: Decimal | None
    band: str
    shared: bool
    answers: dict[str, int]


class CheckInIn(Schema):
    answers: dict[Text, BodyInt | None] = Field(
        description="Every question of the wellbeing check-in, by id."
    )
    share: BodyBool = Field(
        False, description="Share this check-in with the supervisor (private by default)."
    )


class SharingIn(Schema):
    shared: BodyBool


class SharingOut(Schema):
    shared: bool


def _checkin_out(response: AssessmentResponse, shared: bool) -> CheckInOut:
    view = checkins.describe(response, "en", shared=shared)
    return CheckInOut(
        id=response.pk,
        peer_id=response.peer_id or 0,
        submitted_at=view.submitted_at,
        mode=response.mode,
        score=view.score,
        band=next((score.band for score in response.scores.all() if score.target == "total"), ""),
        shared=shared,
        answers={key: int(value) for key, value in response.answers.items()},
    )


def _own_peer(request: HttpRequest, membership: Membership) -> PeerWorker:
    return fetch(PeerWorker, request, user=membership.user)


def _sees_shared_checkins(membership: Membership) -> bool:
    return membership.can("can_supervise") and membership.can("can_view_assessment_results")


@router.get(
    "/checkins",
    operation_id="checkin_list",
    response={200: list[CheckInOut], 404: Error, 409: Error},
    summary="Wellbeing check-ins: a peer gets their own; a supervisor only those the peer shared",
)
@paginate(PageNumberPagination, page_size=50)
def checkin_list(request: HttpRequest, peer_id: int | None = id_filter()) -> Any:
    membership = member(request, "can_use_api")
    if membership.can("is_peer"):
        peer = _own_peer(request, membership)
        standing = checkins.shares_standing(peer)
        return [
            _checkin_out(response, standing or response.shared_with_staff)
            for response in checkins.own_checkins(peer)
        ]
    if not _sees_shared_checkins(membership):
        raise HttpError(403, "Your role does not allow this.")
    if peer_id is None:
        raise HttpError(409, "Give peer_id: check-ins are listed one peer at a time.")
    peer = fetch(PeerWorker, request, pk=peer_id)
    found = []
    for response in checkins.shared_checkins(peer):
        audit_read(request, response, ["answers", "scores"], peer=peer.pk)
        found.append(_checkin_out(response, True))
    return found


@router.post(
    "/checkins",
    operation_id="checkin_create",
    response={201: CheckInOut, 403: Error, 404: Error, 422: Error},
    summary="A peer's own wellbeing check-in (every question answered); private unless shared",
)
def checkin_create(request: HttpRequest, payload: CheckInIn) -> Any:
    membership = member(request, "is_peer")
    peer = _own_peer(request, membership)
    try:
        response = checkin_record(
            peer=peer, answers=payload.answers, share=payload.share, mode=Mode.PHONE, user=membership.user
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, _checkin_out(response, payload.share or checkins.shares_standing(peer)))


@router.get(
    "/checkins/{checkin_id}",
    operation_id="checkin_get",
    response={200: CheckInOut, 403: Error, 404: Error},
    summary="One check-in: the peer's own, or one they shared with their supervisor (audited)",
    url_name="support_checkin",
)
def checkin_detail(request: HttpRequest, checkin_id: PathId) -> Any:
    membership = member(request, "can_use_api")
    if membership.can("is_peer"):
        peer = _own_peer(request, membership)
        response = fetch(checkins.own_checkins(peer), request, pk=checkin_id)
        return _checkin_out(response, checkins.shares_standing(peer) or response.shared_with_staff)
    if not _sees_shared_checkins(membership):
        raise HttpError(403, "Your role does not allow this.")
    response = fetch(
        AssessmentResponse.objects.filter(pk__in=_shared_checkin_ids(membership)), request, pk=checkin_id
    )
    audit_read(request, response, ["answers", "scores"], peer=response.peer_id)
    return _checkin_out(response, True)


def _shared_checkin_ids(membership: Membership) -> Any:
    from_peers = assessments_selectors.results_visible_to_staff(membership.organisation).filter(
        peer__isnull=False, instrument_version__instrument__key=checkins.CHECKIN_KEY
    )
    return from_peers.values("pk")


@router.post(
    "/checkins/{checkin_id}/sharing",
    operation_id="checkin_share",
    response={200: SharingOut, 403: Error, 404: Error},
    summary="The peer shares one check-in with their supervisor, or takes the sharing back",
    url_name="support_checkin_sharing",
)
def checkin_sharing(request: HttpRequest, checkin_id: PathId, payload: SharingIn) -> Any:
    membership = member(request, "is_peer")
    peer = _own_peer(request, membership)
    response = fetch(checkins.own_checkins(peer), request, pk=checkin_id)
    checkin_share_set(response=response, shared=payload.shared, user=membership.user)
    return SharingOut(shared=payload.shared)


@router.put(
    "/checkin-sharing",
    operation_id="checkin_sharing_set",
    response={200: SharingOut, 403: Error, 404: Error},
    summary="A standing choice: share every check-in with the supervisor until revoked (or revoke it)",
)
def checkin_standing_sharing(request: HttpRequest, payload: SharingIn) -> Any:
    membership = member(request, "is_peer")
    peer = _own_peer(request, membership)
    checkin_standing_share_set(peer=peer, shared=payload.shared, user=membership.user)
    return SharingOut(shared=checkins.shares_standing(peer))
