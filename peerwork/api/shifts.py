"""Shifts: roles, shifts, sign-ups, allocation runs (with every reason) and attendance."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.models import User
from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts import nextstage, selectors, services
from peerwork.shifts.models import AllocationRun, Assignment, Role, Shift, SignUp, WorkOrder
from peerwork.shifts.reasons import reason_text

from .common import (
    ERRORS,
    JSON_INTEGER,
    BodyId,
    BodyInt,
    Date,
    DateTime,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
)

router = Router(tags=["shifts"])


class RoleOut(Schema):
    id: int
    name: str
    work_stream: str
    duties: list[str]
    min_stage_id: int | None
    develops_stage_id: int | None  # a stretch role: the stage its work develops
    required_course_ids: list[int]
    is_paired: bool
    is_entry_level: bool
    is_day_labour: bool


class ShiftOut(Schema):
    id: int
    site_id: int
    role_id: int
    role: str
    starts_at: datetime
    ends_at: datetime
    slots: int
    status: str
    signup_opens_at: datetime | None
    signup_closes_at: datetime | None
    work_order_id: int | None
    notes: str

    @staticmethod
    def resolve_role(shift: Shift) -> str:
        return shift.role.name


class ShiftIn(Schema):
    site_id: BodyId
    role_id: BodyId
    starts_at: DateTime
    ends_at: DateTime
    slots: Annotated[int, Field(ge=1, le=1000), JSON_INTEGER] = 1
    signup_opens_at: DateTime | None = None
    signup_closes_at: DateTime | None = None
    work_order_id: BodyId | None = None
    notes: Text = ""


class SignUpOut(Schema):
    id: int
    shift_id: int
    peer_id: int
    rank: int | None
    waitlist_position: int | None
    outcome_reason: str
    withdrawn: bool


class SignUpIn(Schema):
    peer_id: BodyId | None = None  # a coordinator names the peer; a peer signs up themselves
    rank: BodyInt | None = None


# A random seed, so that a run can be repeated exactly.
Seed = Annotated[int, Field(ge=0, le=2**31 - 1), JSON_INTEGER]


class RunIn(Schema):
    week_start: Date
    site_id: BodyId | None = None
    # The run form's bounds: the solver's random seed is a non-negative 32-bit number.
    seed: Seed | None = None


class DecisionOut(Schema):
    id: int
    signup_id: int
    shift_id: int
    peer_id: int
    outcome: str
    waitlist_position: int | None
    reason_code: str
    reason: str
    edited: bool


class AllocationRunOut(Schema):
    id: int
    week_start: date
    site_id: int | None
    seed: int
    status: str
    solver_status: str
    seconds: float
    binding: list[dict[str, object]]
    created_at: datetime


class RunDetailOut(AllocationRunOut):
    decisions: list[DecisionOut]


class ShiftAttendanceOut(Schema):
    id: int
    shift_id: int
    peer_id: int
    status: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    minutes_late: int | None
    minutes_early: int | None
    duties_done: list[str]
    other_work: str
    quantity_done: int | None


class ShiftCheckInIn(Schema):
    site_id: BodyId


class CheckOutIn(Schema):
    duties: list[Text] = []
    other: Text = ""
    quantity: BodyInt | None = None


def _role_out(role: Role) -> RoleOut:
    return RoleOut(
        id=role.pk,
        name=role.name,
        work_stream=role.work_stream.name,
        duties=list(role.duties or []),
        min_stage_id=role.min_stage_id,
        develops_stage_id=role.develops_stage_id,
        required_course_ids=[c.pk for c in role.required_courses.all()],
        is_paired=role.is_paired,
        is_entry_level=role.is_entry_level,
        is_day_labour=role.is_day_labour,
    )


def _shift_out(shift: Shift) -> ShiftOut:
    return ShiftOut.from_orm(shift)


def _signup_out(signup: SignUp) -> SignUpOut:
    return SignUpOut(
        id=signup.pk,
        shift_id=signup.shift_id,
        peer_id=signup.peer_id,
        rank=signup.rank,
        waitlist_position=signup.waitlist_position,
        outcome_reason=signup.outcome_reason,
        withdrawn=signup.withdrawn_at is not None,
    )


def _run_out(run: AllocationRun) -> AllocationRunOut:
    return AllocationRunOut(
        id=run.pk,
        week_start=run.week_start,
        site_id=run.site_id,
        seed=run.seed,
        status=run.status,
        solver_status=run.solver_status,
        seconds=run.seconds,
        binding=list(run.binding),
        created_at=run.created_at,
    )


def _attendance_out(a: Assignment) -> ShiftAttendanceOut:
    return ShiftAttendanceOut(
        id=a.pk,
        shift_id=a.shift_id,
        peer_id=a.peer_id,
        status=a.status,
        checked_in_at=a.checked_in_at,
        checked_out_at=a.checked_out_at,
        minutes_late=a.minutes_late,
        minutes_early=a.minutes_early,
        duties_done=list(a.duties_done or []),
        other_work=a.other_work,
        quantity_done=a.quantity_done,
    )


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- roles ----------------------------------------------------------------------------------


@router.get(
    "/roles",
    operation_id="shift_role_list",
    response=list[RoleOut],
    summary="Roles, with duties, lowest stage and certifications",
)
@paginate(PageNumberPagination, page_size=50)
def shift_role_list(request: HttpRequest):
    member(request, "can_use_api")
    roles = Role.objects.filter(organisation=org_of(request)).select_related("work_stream")
    return [_role_out(r) for r in roles.prefetch_related("required_courses")]


@router.get(
    "/roles/{int:role_id}",
    operation_id="shift_role_get",
    response={200: RoleOut, **ERRORS},
    summary="One role",
)
def shift_role_get(request: HttpRequest, role_id: PathId):
    member(request, "can_use_api")
    return _role_out(fetch(Role.objects.select_related("work_stream"), request, pk=role_id))


class RoleStretchIn(Schema):
    develops_stage_id: BodyId | None = None  # None: ordinary work again


class StageWorkOut(Schema):
    stage_id: int
    stage: str
    next_stage: str
    peers: int
    places: int
    next_places: int | None
    per_peer: float | None
    asked: int
    stuck: int
    waiting: int  # asked for next-stage work and had none
    starved: bool  # next-stage places per peer below the policy's line
    no_places: bool  # no shift open to this stage at all


class LadderWorkOut(Schema):
    first: date
    last: date
    weeks: int
    places_per_peer_line: float
    stuck: int
    stages: list[StageWorkOut]
    alerts: list[str]


@router.put(
    "/roles/{int:role_id}/develops",
    operation_id="shift_role_develops_set",
    response={200: RoleOut, **ERRORS},
    summary="Make a role next-stage (stretch) work for a stage, or ordinary work again",
)
def shift_role_develops_set(request: HttpRequest, role_id: PathId, payload: RoleStretchIn):
    member(request, "can_manage_shifts")
    role = fetch(Role.objects.select_related("work_stream", "min_stage"), request, pk=role_id)
    stage = fetch(Stage, request, pk=payload.develops_stage_id) if payload.develops_stage_id else None
    role = nextstage.role_develops_set(role=role, develops_stage=stage, by=_user(request))
    return _role_out(role)


@router.get(
    "/ladder-work",
    operation_id="ladder_work_list",
    response={200: LadderWorkOut, **ERRORS},
    summary="Next-stage work and stuck peers",
)
def shift_ladder_work(request: HttpRequest):
    member(request, "can_view_dashboard")
    organisation = org_of(request)
    work = nextstage.ladder_work(organisation, organisation.today())
    empty = {row.stage.pk for row in work.without_places}
    return LadderWorkOut(
        first=work.first,
        last=work.last,
        weeks=work.weeks,
        places_per_peer_line=float(work.line),
        stuck=work.stuck,
        alerts=work.alerts(),
        stages=[
            StageWorkOut(
                stage_id=row.stage.pk,
                stage=row.stage.name,
                next_stage=row.next_stage.name if row.next_stage else "",
                peers=row.peers,
                places=row.places,
                next_places=row.next_places if row.next_stage else None,
                per_peer=row.per_peer,
                asked=row.asked,
                stuck=row.stuck,
                waiting=len(row.waiting),
                starved=row.starved,
                no_places=row.stage.pk in empty,
            )
            for row in work.stages
        ],
    )


# --- shifts ---------------------------------------------------------------------------------


@router.get(
    "/",
    operation_id="shift_list",
    response=list[ShiftOut],
    summary="Shifts of a week (Monday), optionally at one site",
)
@paginate(PageNumberPagination, page_size=100)
def shift_list(request: HttpRequest, week: Date | None = None, site_id: int | None = id_filter()):
    member(request, "can_use_api")
    organisation = org_of(request)
    week_start = selectors.monday_of(week or organisation.today())
    start, end = selectors.day_bounds(organisation, week_start, 7)
    qs = selectors.shifts_for_org(organisation).filter(starts_at__gte=start, starts_at__lt=end)
    if site_id is not None:
        qs = qs.filter(site_id=site_id)
    # The queryset, not a list: only the page asked for is read and turned into JSON.
    return qs


@router.post("/", operation_id="shift_create", response={201: ShiftOut, **ERRORS}, summary="Add a shift")
def shift_create(request: HttpRequest, payload: ShiftIn):
    member(request, "can_manage_shifts")
    shift = services.shift_create(
        organisation=org_of(request),
        site=fetch(Site, request, pk=payload.site_id),
        role=fetch(Role, request, pk=payload.role_id),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        slots=payload.slots,
        signup_opens_at=payload.signup_opens_at,
        signup_closes_at=payload.signup_closes_at,
        work_order=fetch(WorkOrder, request, pk=payload.work_order_id) if payload.work_order_id else None,
        notes=payload.notes,
        by=_user(request),
    )
    return Status(201, _shift_out(shift))


@router.get(
    "/{int:shift_id}", operation_id="shift_get", response={200: ShiftOut, **ERRORS}, summary="One shift"
)
def shift_get(request: HttpRequest, shift_id: PathId):
    member(request, "can_use_api")
    return _shift_out(fetch(selectors.shifts_for_org(org_of(request)), request, pk=shift_id))


# --- sign-ups -------------------------------------------------------------------------------


@router.get(
    "/{int:shift_id}/signups",
    operation_id="signup_list",
    response={200: list[SignUpOut], **ERRORS},
    summary="Who asked for a shift",
)
@paginate(PageNumberPagination, page_size=100)
def shift_signup_list(request: HttpRequest, shift_id: PathId):
    member(request, "can_manage_shifts")
    shift = fetch(Shift, request, pk=shift_id)
    return [_signup_out(s) for s in shift.signups.order_by("created_at", "id")]


@router.post(
    "/{int:shift_id}/signups",
    operation_id="signup_create",
    response={201: SignUpOut, **ERRORS},
    summary="Ask for a shift",
)
def shift_signup_create(request: HttpRequest, shift_id: PathId, payload: SignUpIn):
    membership = member(request, "can_use_api")
    shift = fetch(selectors.shifts_for_org(org_of(request)), request, pk=shift_id)
    if payload.peer_id is not None:
        member(request, "can_manage_shifts")
        peer = fetch(PeerWorker, request, pk=payload.peer_id)
    elif membership.can("is_peer"):
        peer = fetch(PeerWorker, request, user=_user(request))
    else:
        raise HttpError(409, "Name the peer (peer_id).")
    why = selectors.eligibility_for(peer, shift.role, selectors.local_date(org_of(request), shift.starts_at))
    if why is not None:
        raise ValidationError(reason_text(why.code, why.params))
    signup = services.signup_create(shift=shift, peer=peer, rank=payload.rank, by=_user(request))
    return Status(201, _signup_out(signup))


# --- allocation -----------------------------------------------------------------------------


@router.get(
    "/allocation-runs",
    operation_id="allocation_run_list",
    response=list[AllocationRunOut],
    summary="Allocation runs, newest first",
)
@paginate(PageNumberPagination, page_size=50)
def shift_run_list(request: HttpRequest):
    member(request, "can_run_allocation")
    return [_run_out(r) for r in within_sites(AllocationRun.objects.filter(organisation=org_of(request)))]


@router.post(
    "/allocation-runs",
    operation_id="allocation_run_create",
    response={201: AllocationRunOut, **ERRORS},
    summary="Run the fair allocation for a week",
)
def shift_run_create(request: HttpRequest, payload: RunIn):
    member(request, "can_run_allocation")
    run = services.allocation_run(
        organisation=org_of(request),
        week_start=selectors.monday_of(payload.week_start),
        site=fetch(Site, request, pk=payload.site_id) if payload.site_id else None,
        seed=payload.seed,
        by=_user(request),
    )
    return Status(201, _run_out(run))


def _run_detail(run: AllocationRun) -> RunDetailOut:
    decisions = run.decisions.select_related("signup").order_by("signup__shift_id", "id")
    return RunDetailOut(
        **_run_out(run).dict(),
        decisions=[
            DecisionOut(
                id=d.pk,
                signup_id=d.signup_id,
                shift_id=d.signup.shift_id,
                peer_id=d.signup.peer_id,
                outcome=d.outcome,
                waitlist_position=d.waitlist_position,
                reason_code=d.reason_code,
                reason=reason_text(d.reason_code, d.reason_params),
                edited=d.edited,
            )
            for d in decisions
        ],
    )


@router.get(
    "/allocation-runs/{int:run_id}",
    operation_id="allocation_run_get",
    response={200: RunDetailOut, **ERRORS},
    summary="A run with every request's reason",
)
def shift_run_get(request: HttpRequest, run_id: PathId):
    member(request, "can_run_allocation")
    return _run_detail(fetch(AllocationRun, request, pk=run_id))


@router.post(
    "/allocation-runs/{int:run_id}/publish",
    operation_id="allocation_run_publish",
    response={200: RunDetailOut, **ERRORS},
    summary="Publish a reviewed run",
)
def shift_run_publish(request: HttpRequest, run_id: PathId):
    member(request, "can_run_allocation")
    run = services.allocation_publish(run=fetch(AllocationRun, request, pk=run_id), by=_user(request))
    return _run_detail(run)


# --- attendance -----------------------------------------------------------------------------


@router.get(
    "/{int:shift_id}/attendance",
    operation_id="shift_attendance_list",
    response={200: list[ShiftAttendanceOut], **ERRORS},
    summary="Places on a shift and attendance",
)
@paginate(PageNumberPagination, page_size=100)
def shift_attendance_list(request: HttpRequest, shift_id: PathId):
    member(request, "can_check_in_peers")
    shift = fetch(Shift, request, pk=shift_id)
    return [_attendance_out(a) for a in shift.assignments.order_by("id")]


@router.post(
    "/attendance/{int:assignment_id}/check-in",
    operation_id="attendance_check_in",
    response={200: ShiftAttendanceOut, **ERRORS},
    summary="Check a peer in",
)
def shift_attendance_check_in(request: HttpRequest, assignment_id: PathId, payload: ShiftCheckInIn):
    member(request, "can_check_in_peers")
    assignment = fetch(Assignment, request, pk=assignment_id)
    site = fetch(Site, request, pk=payload.site_id)
    done = services.assignment_check_in(assignment=assignment, site=site, channel="api", by=_user(request))
    return _attendance_out(done)


@router.post(
    "/attendance/{int:assignment_id}/check-out",
    operation_id="attendance_check_out",
    response={200: ShiftAttendanceOut, **ERRORS},
    summary="Check a peer out: duties done, other work, quantity",
)
def shift_attendance_check_out(request: HttpRequest, assignment_id: PathId, payload: CheckOutIn):
    member(request, "can_check_in_peers")
    assignment = fetch(Assignment, request, pk=assignment_id)
    done = services.assignment_check_out(
        assignment=assignment,
        duties=payload.duties,
        other=payload.other,
        quantity=payload.quantity,
        by=_user(request),
    )
    return _attendance_out(done)
