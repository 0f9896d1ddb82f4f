"""The ladder: stages, each peer's eligibility explained, promotions, steps back and history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.pathway import services
from peerwork.pathway.models import PeerCapability, Stage, StageChange
from peerwork.pathway.selectors import eligibility_for, ladder_of, stage_history
from peerwork.peers.models import PeerWorker

from .common import (
    ERRORS,
    BodyId,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
    path_id,
)

router = Router(tags=["ladder"])


class StageOut(Schema):
    id: int
    name: str
    order: int
    description: str
    min_hours_worked: Decimal
    min_supervision_hours: Decimal
    min_weeks_at_previous: int
    min_mentoring_hours: Decimal
    min_goals_achieved: int
    min_participations: int
    needs_sign_off: bool
    is_staff_stage: bool
    required_course_ids: list[int]
    peer_capabilities: list[str] = Field(
        description="What peers at this stage may do for their team: run_team_desk, log_team_services, "
        "see_team_week, record_mentoring"
    )

    @staticmethod
    def resolve_required_course_ids(obj: Stage) -> list[int]:
        return [course.pk for course in obj.required_courses.all()]


class CriterionOut(Schema):
    key: str
    met: bool
    text: str
    have: Decimal | None
    need: Decimal | None


class EligibilityOut(Schema):
    peer_id: int
    current_stage_id: int | None
    since: date | None
    target_stage_id: int | None
    eligible: bool
    criteria: list[CriterionOut]


class ChangeOut(Schema):
    id: int
    peer_id: int
    kind: str
    from_stage_id: int | None
    to_stage_id: int
    effective_on: date
    reason: str
    override_reason: str


class PromoteIn(Schema):
    to_stage_id: BodyId | None = None
    reason: Text = ""
    override_reason: Text = ""


class StepBackIn(Schema):
    reason: Text
    to_stage_id: BodyId | None = None


def _peer(request: HttpRequest, peer_id: int) -> PeerWorker:
    return fetch(PeerWorker.objects.select_related("organisation"), request, pk=peer_id)


@router.get(
    "/stages",
    operation_id="stage_list",
    response=list[StageOut],
    summary="The organisation's ladder, first stage first",
)
@paginate(PageNumberPagination, page_size=50)
def stage_list(request: HttpRequest):
    member(request, "can_view_peers")
    return ladder_of(org_of(request))


@router.get(
    "/stages/{stage_id}",
    operation_id="stage_get",
    response={200: StageOut, **ERRORS},
    summary="One stage and its criteria",
)
def stage_get(request: HttpRequest, stage_id: PathId):
    member(request, "can_view_peers")
    return fetch(Stage.objects.prefetch_related("required_courses"), request, pk=stage_id)


class StageCapabilitiesIn(Schema):
    peer_capabilities: list[PeerCapability] = Field(description="What a peer at this stage may do for others")


@router.put(
    "/stages/{stage_id}/capabilities",
    operation_id="stage_capabilities_set",
    response={200: StageOut, **ERRORS},
    url_name="stage_capabilities_set",
    summary="Say what peers at this stage may do for their team (replaces the list)",
)
def stage_capabilities_set(request: HttpRequest, stage_id: PathId, payload: StageCapabilitiesIn):
    membership = member(request, "can_manage_ladder")
    stage = fetch(Stage, request, pk=stage_id)
    services.stage_update(
        stage=stage, by=membership.user, peer_capabilities=[c.value for c in payload.peer_capabilities]
    )
    return Stage.objects.prefetch_related("required_courses").get(pk=stage.pk)


@router.get(
    "/peers/{peer_id}/eligibility",
    operation_id="peer_eligibility_get",
    response={200: EligibilityOut, **ERRORS},
    summary="Each criterion for the next stage (or stage_id) with its numbers, met or not",
)
def eligibility_get(request: HttpRequest, peer_id: PathId, stage_id: int | None = id_filter()):
    member(request, "can_view_peers")
    peer = _peer(request, peer_id)
    stage = fetch(Stage, request, pk=stage_id) if stage_id else None
    result = eligibility_for(peer, stage=stage)
    return EligibilityOut(
        peer_id=peer.pk,
        current_stage_id=result.current.pk if result.current else None,
        since=result.since,
        target_stage_id=result.target.pk if result.target else None,
        eligible=result.eligible,
        criteria=[
            CriterionOut(key=c.key, met=c.met, text=c.text, have=c.have, need=c.need) for c in result.criteria
        ],
    )


@router.get(
    "/peers/{peer_id}/history",
    operation_id="peer_stage_history_list",
    response=list[ChangeOut],
    summary="A peer's moves on the ladder",
)
@paginate(PageNumberPagination, page_size=50)
def stage_history_list(request: HttpRequest, peer_id: int = path_id()):
    member(request, "can_view_peers")
    return stage_history(_peer(request, peer_id))


@router.post(
    "/peers/{peer_id}/promote",
    operation_id="peer_promote",
    response={201: ChangeOut, **ERRORS},
    summary="Move up; unmet criteria need override_reason, which is recorded",
)
def peer_promote(request: HttpRequest, peer_id: PathId, payload: PromoteIn):
    membership = member(request, "can_promote_peers")
    peer = _peer(request, peer_id)
    to_stage = fetch(Stage, request, pk=payload.to_stage_id) if payload.to_stage_id else None
    change = services.peer_promote(
        peer=peer,
        by=membership.user,
        to_stage=to_stage,
        reason=payload.reason,
        override_reason=payload.override_reason,
    )
    return Status(201, StageChange.objects.get(pk=change.pk))


@router.post(
    "/peers/{peer_id}/step-back",
    operation_id="peer_step_back",
    response={201: ChangeOut, **ERRORS},
    summary="Step back, with a reason",
)
def peer_step_back(request: HttpRequest, peer_id: PathId, payload: StepBackIn):
    membership = member(request, "can_promote_peers")
    peer = _peer(request, peer_id)
    to_stage = fetch(Stage, request, pk=payload.to_stage_id) if payload.to_stage_id else None
    change = services.peer_step_back(peer=peer, by=membership.user, reason=payload.reason, to_stage=to_stage)
    return Status(201, change)


class SignOffIn(Schema):
    note: Text = ""
    stage_id: BodyId | None = None


class SignOffOut(Schema):
    id: int
    peer_id: int
    stage_id: int
    signed_by_id: int
    signed_on: date
    note: str


@router.post(
    "/peers/{peer_id}/sign-off",
    operation_id="stage_sign_off",
    response={201: SignOffOut, **ERRORS},
    summary="A supervisor signs the peer off for their next stage (or stage_id)",
)
def stage_sign_off(request: HttpRequest, peer_id: PathId, payload: SignOffIn):
    membership = member(request, "can_sign_off_promotion")
    peer = _peer(request, peer_id)
    stage = fetch(Stage, request, pk=payload.stage_id) if payload.stage_id else eligibility_for(peer).target
    if stage is None:
        raise HttpError(409, "This peer is on the top stage; there is nothing to sign off.")
    return Status(
        201, services.stage_sign_off_record(peer=peer, stage=stage, by=membership.user, note=payload.note)
    )
