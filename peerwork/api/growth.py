"""Growth API: the competence framework, ratings (the peer's own and the supervisor's), placement plans
with their learning goals and reviews, and what a peer has achieved. A peer (browser session) sees
and writes only their own; staff see the peers of their sites."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.models import Membership
from peerwork.growth import selectors
from peerwork.growth.models import (
    Competence,
    CompetenceRating,
    LearningGoal,
    PlacementPlan,
    PlanReview,
    Rater,
)
from peerwork.growth.services import (
    GoalInput,
    competence_rate,
    competence_save,
    placement_plan_create,
    plan_review_record,
)
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role

from .common import (
    ERRORS,
    JSON_INTEGER,
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
    refused,
)

router = Router(tags=["growth"])


def _own_peer(membership: Membership) -> PeerWorker | None:
    """The caller's own peer profile when the caller is a peer; None for staff."""
    if not membership.can("is_peer"):
        return None
    peer = PeerWorker.objects.filter(user=membership.user, organisation=membership.organisation).first()
    if peer is None:
        raise HttpError(404, "Not found.")
    return peer


def _peer(request: HttpRequest, membership: Membership, peer_id: int | None) -> PeerWorker:
    own = _own_peer(membership)
    if own is not None:
        if peer_id is not None and peer_id != own.pk:
            raise HttpError(404, "Not found.")
        return own
    if peer_id is None:
        raise HttpError(409, "Say which peer: peer_id.")
    if not membership.can("can_plan_placements"):
        raise HttpError(403, "Your role does not allow this.")
    return fetch(PeerWorker, request, pk=peer_id)


# --- competences ---------------------------------------------------------------------------------


class StepOut(Schema):
    level: int
    description: str


class RequirementOut(Schema):
    stage_id: int
    level: int


class CompetenceOut(Schema):
    id: int
    name: str
    description: str
    stage_id: int
    public_title: str
    reveals_programme: bool
    steps: list[StepOut]
    requirements: list[RequirementOut]

    @staticmethod
    def resolve_steps(obj: Competence) -> list[dict[str, Any]]:
        return [{"level": s.level, "description": s.description} for s in obj.steps.all()]

    @staticmethod
    def resolve_requirements(obj: Competence) -> list[dict[str, Any]]:
        return [{"stage_id": r.stage_id, "level": r.level} for r in obj.requirements.all()]


class RequirementIn(Schema):
    stage_id: BodyId
    level: Annotated[int, Field(ge=1, le=6), JSON_INTEGER]


class CompetenceIn(Schema):
    name: Text = Field(min_length=1, max_length=120)
    stage_id: BodyId
    description: Text = Field("", max_length=2000)
    steps: list[Text] = Field(
        min_length=1, max_length=20, description="What each step looks like, first to last."
    )
    requirements: list[RequirementIn] = Field(default_factory=list, max_length=20)
    public_title: Text = Field("", max_length=120, description="A neutral name for the discreet work record.")
    reveals_programme: BodyBool = Field(
        True,
        description="Its name speaks of drug use or harm reduction: a discreet work record only counts it.",
    )


@router.get(
    "/competences",
    operation_id="competence_list",
    response=list[CompetenceOut],
    summary="The competence framework, stage by stage",
)
@paginate(PageNumberPagination, page_size=100)
def competence_list(request: HttpRequest) -> Any:
    member(request, "can_use_api")
    return selectors.framework_of(org_of(request))


@router.post(
    "/competences",
    operation_id="competence_create",
    response={201: CompetenceOut, **ERRORS},
    summary="Add a competence with its steps",
)
def competence_create(request: HttpRequest, payload: CompetenceIn) -> Any:
    membership = member(request, "can_manage_competences")
    stage = fetch(Stage, request, pk=payload.stage_id)
    requirements: dict[Stage, int | None] = {
        fetch(Stage, request, pk=r.stage_id): r.level for r in payload.requirements
    }
    try:
        competence = competence_save(
            organisation=membership.organisation,
            stage=stage,
            name=payload.name,
            description=payload.description,
            steps=payload.steps,
            requirements=requirements,
            public_title=payload.public_title,
            reveals_programme=payload.reveals_programme,
            by=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, competence)


@router.get(
    "/competences/{competence_id}",
    operation_id="competence_get",
    response={200: CompetenceOut, **ERRORS},
    summary="One competence",
    url_name="growth_competence",
)
def competence_detail(request: HttpRequest, competence_id: PathId) -> Any:
    member(request, "can_use_api")
    return fetch(selectors.framework_of(org_of(request)), request, pk=competence_id)


# --- ratings -------------------------------------------------------------------------------------


class RatingOut(Schema):
    id: int
    peer_id: int
    competence_id: int
    rater: str
    level: int
    rated_on: date
    note: str


class RatingIn(Schema):
    competence_id: BodyId
    level: BodyInt = Field(description="A step of the competence: 1 to its number of steps.")
    peer_id: BodyId | None = Field(None, description="Staff: the peer rated. A peer rates themself.")
    note: Text = Field("", max_length=500)


@router.get(
    "/ratings",
    operation_id="competence_rating_list",
    response={200: list[RatingOut], 404: Error, 409: Error},
    summary="A peer's ratings, oldest first",
)
@paginate(PageNumberPagination, page_size=100)
def rating_list(request: HttpRequest, peer_id: int | None = id_filter()) -> Any:
    membership = member(request, "can_use_api")
    peer = _peer(request, membership, peer_id)
    return CompetenceRating.objects.filter(peer=peer).order_by("rated_on", "id")


@router.post(
    "/ratings",
    operation_id="competence_rating_create",
    response={201: RatingOut, **ERRORS},
    summary="Rate a competence (own, or as supervisor)",
)
def rating_create(request: HttpRequest, payload: RatingIn) -> Any:
    membership = member(request, "can_use_api")
    own = _own_peer(membership)
    if own is None:
        membership = member(request, "can_review_growth")
    peer = _peer(request, membership, payload.peer_id)
    competence = fetch(Competence, request, pk=payload.competence_id)
    try:
        rating = competence_rate(
            peer=peer,
            competence=competence,
            rater=Rater.PEER if own else Rater.SUPERVISOR,
            level=payload.level,
            note=payload.note,
            by=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, rating)


# --- plans, goals, reviews -----------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    position: int
    text: str
    competence_id: int | None
    achieved: bool = False


class PlanOut(Schema):
    id: int
    peer_id: int
    role_id: int | None
    title: str
    name: str
    starts_on: date
    ends_on: date
    midway_on: date
    supervisor_id: int
    goals: list[GoalOut]

    @staticmethod
    def resolve_goals(obj: PlacementPlan) -> list[dict[str, Any]]:
        achieved = {row.goal.pk for row in selectors.plan_view(obj).rows if row.achieved}
        return [
            {"id": g.pk, "position": g.position, "text": g.text, "competence_id": g.competence_id,
             "achieved": g.pk in achieved}
            for g in obj.goals.all()
        ]  # fmt: skip


class GoalIn(Schema):
    text: Text = Field("", max_length=300)
    competence_id: BodyId | None = None


class PlanIn(Schema):
    peer_id: BodyId
    role_id: BodyId | None = None
    title: Text = Field("", max_length=200)
    starts_on: Date
    ends_on: Date
    supervisor_id: BodyId | None = Field(None, description="Defaults to the caller.")
    goals: list[GoalIn] = Field(max_length=20, description="Two to five learning goals.")


def _plans(request: HttpRequest, membership: Membership) -> Any:
    own = _own_peer(membership)
    if own is not None:
        return PlacementPlan.objects.filter(peer=own)
    member(request, "can_plan_placements")
    return selectors.plans_for_org(membership.organisation)


@router.get(
    "/plans",
    operation_id="placement_plan_list",
    response={200: list[PlanOut], 404: Error},
    summary="Placement plans, newest first",
)
@paginate(PageNumberPagination, page_size=50)
def plan_list(request: HttpRequest, peer_id: int | None = id_filter()) -> Any:
    membership = member(request, "can_use_api")
    plans = _plans(request, membership).prefetch_related("goals")
    if peer_id is not None:
        plans = plans.filter(peer_id=peer_id)
    return plans


@router.post(
    "/plans",
    operation_id="placement_plan_create",
    response={201: PlanOut, **ERRORS},
    summary="Make a placement plan with its goals",
)
def plan_create(request: HttpRequest, payload: PlanIn) -> Any:
    membership = member(request, "can_plan_placements")
    peer = fetch(PeerWorker, request, pk=payload.peer_id)
    role = fetch(Role, request, pk=payload.role_id) if payload.role_id else None
    supervisor = membership.user
    if payload.supervisor_id is not None:
        supervisor = fetch(
            Membership.objects.filter(is_active=True), request, user_id=payload.supervisor_id
        ).user
    goals = [
        GoalInput(
            text=g.text,
            competence=fetch(Competence, request, pk=g.competence_id) if g.competence_id else None,
        )
        for g in payload.goals
    ]
    try:
        plan = placement_plan_create(
            peer=peer, role=role, title=payload.title, starts_on=payload.starts_on, ends_on=payload.ends_on,
            supervisor=supervisor, goals=goals, by=membership.user,
        )  # fmt: skip
    except ValidationError as error:
        return refused(error)
    return Status(201, plan)


def _plan(request: HttpRequest, plan_id: int) -> PlacementPlan:
    membership = member(request, "can_use_api")
    return fetch(_plans(request, membership), request, pk=plan_id)


@router.get(
    "/plans/{plan_id}",
    operation_id="placement_plan_get",
    response={200: PlanOut, **ERRORS},
    summary="One plan",
    url_name="growth_plan",
)
def plan_detail(request: HttpRequest, plan_id: PathId) -> Any:
    return _plan(request, plan_id)


@router.get(
    "/plans/{plan_id}/goals",
    operation_id="plan_goal_list",
    response={200: list[GoalOut], **ERRORS},
    summary="A plan's learning goals",
    url_name="growth_plan_goals",
)
def goal_list(request: HttpRequest, plan_id: PathId) -> Any:
    plan = _plan(request, plan_id)
    return PlanOut.resolve_goals(plan)


class StandingOut(Schema):
    goal_id: int
    standing: str
    note: str


class ReviewOut(Schema):
    id: int
    moment: str
    rater: str
    reviewed_on: date
    note: str
    standings: list[StandingOut]

    @staticmethod
    def resolve_standings(obj: PlanReview) -> list[dict[str, Any]]:
        return [{"goal_id": s.goal_id, "standing": s.standing, "note": s.note} for s in obj.standings.all()]


class StandingIn(Schema):
    goal_id: BodyId
    standing: Literal["not_started", "on_the_way", "achieved"]
    note: Text = Field("", max_length=500)


class ReviewIn(Schema):
    moment: Literal["midway", "end"]
    standings: list[StandingIn] = Field(max_length=10)
    note: Text = Field("", max_length=2000)


@router.get(
    "/plans/{plan_id}/reviews",
    operation_id="placement_plan_review_list",
    response={200: list[ReviewOut], **ERRORS},
    summary="A plan's reviews: the peer's and the supervisor's, mid-way and at the end",
    url_name="growth_plan_reviews",
)
def review_list(request: HttpRequest, plan_id: PathId) -> Any:
    plan = _plan(request, plan_id)
    return list(plan.reviews.prefetch_related("standings"))


@router.post(
    "/plans/{plan_id}/reviews",
    operation_id="placement_plan_review_create",
    response={201: ReviewOut, **ERRORS},
    summary="Record your review of a plan (the peer's or the supervisor's, once each)",
)
def plan_review_create(request: HttpRequest, plan_id: PathId, payload: ReviewIn) -> Any:
    membership = member(request, "can_use_api")
    plan = _plan(request, plan_id)
    own = _own_peer(membership)
    if own is None:
        member(request, "can_review_growth")
    goals = set(LearningGoal.objects.filter(plan=plan).values_list("pk", flat=True))
    standings: dict[int, tuple[str, str]] = {
        s.goal_id: (s.standing, s.note) for s in payload.standings if s.goal_id in goals
    }
    try:
        review = plan_review_record(
            plan=plan, moment=payload.moment, rater=Rater.PEER if own else Rater.SUPERVISOR,
            standings=standings, note=payload.note, by=membership.user,
        )  # fmt: skip
    except ValidationError as error:
        return refused(error)
    return Status(201, review)


# --- achievements (the work record's view) -------------------------------------------------------


class GoalAchievedOut(Schema):
    text: str
    competence: str
    plan: str
    achieved_on: date


class CompetenceLevelOut(Schema):
    competence: str
    public_name: str = Field(description="The name a discreet work record shows; empty: it only counts it.")
    stage: str
    steps: int
    supervisor_level: int | None
    supervisor_step: str
    peer_level: int | None
    rated_on: date | None


class AchievementsOut(Schema):
    goals: list[GoalAchievedOut]
    competences: list[CompetenceLevelOut]


@router.get(
    "/peers/{peer_id}/achievements",
    operation_id="peer_achievements_get",
    response={200: AchievementsOut, **ERRORS},
    summary="Goals achieved and each competence's latest steps",
    url_name="growth_achievements",
)
def achievements(request: HttpRequest, peer_id: PathId) -> Any:
    membership = member(request, "can_use_api")
    return selectors.achievements_for(_peer(request, membership, peer_id))
