"""Training: courses, sessions, attendance (which issues certifications) and certifications."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Site
from peerwork.peers.models import PeerWorker
from peerwork.training import services
from peerwork.training.models import Certification, Cohort, Course, SessionAttendance, TrainingSession
from peerwork.training.selectors import (
    certifications_expiring,
    cohort_progress,
    cohorts_of,
    courses_of,
    sessions_of,
)

from .common import (
    ERRORS,
    BodyBool,
    BodyId,
    BodyInt,
    Date,
    DateTime,
    JsonDecimal,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
)

router = Router(tags=["training"])


class CourseOut(Schema):
    id: int
    name: str
    code: str
    description: str
    hours: Decimal
    validity_months: int | None
    honorarium: Decimal
    is_active: bool
    public_title: str
    reveals_programme: bool


CourseHours = Annotated[Decimal, JsonDecimal(places=2, whole_digits=3)]
Honorarium = Annotated[Decimal, JsonDecimal(places=2, whole_digits=6)]


class CourseIn(Schema):
    name: Text
    code: Text
    description: Text = ""
    hours: CourseHours = Decimal("2")
    validity_months: BodyInt | None = None
    honorarium: Honorarium = Decimal("0")
    is_active: BodyBool = True
    public_title: Text = ""
    reveals_programme: BodyBool = False


class SessionOut(Schema):
    id: int
    course_id: int
    site_id: int
    cohort_id: int | None
    starts_at: datetime
    ends_at: datetime
    facilitator: str
    capacity: int


class SessionIn(Schema):
    course_id: BodyId
    site_id: BodyId
    starts_at: DateTime
    ends_at: DateTime
    capacity: BodyInt = 12
    facilitator: Text = ""
    cohort_id: BodyId | None = None


class AttendanceIn(Schema):
    peer_ids: list[BodyId]


class AttendanceOut(Schema):
    id: int
    peer_id: int
    attended: bool


class CertificationOut(Schema):
    id: int
    peer_id: int
    course_id: int
    issued_on: date
    expires_on: date | None
    attendance_id: int | None


class CertificationIn(Schema):
    peer_id: BodyId
    course_id: BodyId
    issued_on: Date
    expires_on: Date | None = None


@router.get(
    "/courses", operation_id="course_list", response=list[CourseOut], summary="Courses of the organisation"
)
@paginate(PageNumberPagination, page_size=100)
def course_list(request: HttpRequest):
    member(request, "can_view_peers")
    return courses_of(org_of(request))


@router.post(
    "/courses", operation_id="course_create", response={201: CourseOut, **ERRORS}, summary="Add a course"
)
def course_create(request: HttpRequest, payload: CourseIn):
    membership = member(request, "can_manage_training")
    return Status(
        201,
        services.course_create(organisation=membership.organisation, by=membership.user, **payload.dict()),
    )


@router.get(
    "/courses/{course_id}",
    operation_id="course_get",
    response={200: CourseOut, **ERRORS},
    summary="One course",
)
def course_get(request: HttpRequest, course_id: PathId):
    member(request, "can_view_peers")
    return fetch(Course, request, pk=course_id)


@router.get(
    "/sessions",
    operation_id="training_session_list",
    response=list[SessionOut],
    summary="Training sessions, newest first",
)
@paginate(PageNumberPagination, page_size=100)
def session_list(request: HttpRequest, course_id: int | None = id_filter()):
    member(request, "can_view_peers")
    qs = sessions_of(org_of(request))
    return qs.filter(course_id=course_id) if course_id else qs


@router.post(
    "/sessions",
    operation_id="training_session_create",
    response={201: SessionOut, **ERRORS},
    summary="Plan a session",
)
def session_create(request: HttpRequest, payload: SessionIn):
    membership = member(request, "can_manage_training")
    session = services.session_create(
        course=fetch(Course, request, pk=payload.course_id),
        site=fetch(Site, request, pk=payload.site_id),
        cohort=fetch(Cohort, request, pk=payload.cohort_id) if payload.cohort_id else None,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        facilitator=payload.facilitator,
        by=membership.user,
    )
    return Status(201, session)


@router.get(
    "/sessions/{session_id}",
    operation_id="training_session_get",
    response={200: SessionOut, **ERRORS},
    summary="One session",
)
def session_get(request: HttpRequest, session_id: PathId):
    member(request, "can_view_peers")
    return fetch(TrainingSession, request, pk=session_id)


@router.get(
    "/sessions/{session_id}/attendance",
    operation_id="training_attendance_list",
    response={200: list[AttendanceOut], **ERRORS},
    summary="Who came",
)
def attendance_list(request: HttpRequest, session_id: PathId):
    member(request, "can_view_peers")
    session = fetch(TrainingSession, request, pk=session_id)
    return list(SessionAttendance.objects.filter(session=session).order_by("peer__preferred_name"))


@router.put(
    "/sessions/{session_id}/attendance",
    operation_id="training_attendance_set",
    response={200: list[AttendanceOut], **ERRORS},
    summary="Replace the tick list; everyone ticked earns the course's certification",
)
def attendance_put(request: HttpRequest, session_id: PathId, payload: AttendanceIn):
    membership = member(request, "can_record_attendance")
    session = fetch(TrainingSession, request, pk=session_id)
    peers = [fetch(PeerWorker, request, pk=pk) for pk in dict.fromkeys(payload.peer_ids)]
    services.attendance_record(session=session, peers=peers, by=membership.user)
    return list(SessionAttendance.objects.filter(session=session).order_by("peer__preferred_name"))


@router.get(
    "/certifications",
    operation_id="certification_list",
    response=list[CertificationOut],
    summary="Certifications; expiring=true lists those running out within 30 days",
)
@paginate(PageNumberPagination, page_size=100)
def certification_list(request: HttpRequest, peer_id: int | None = id_filter(), expiring: bool = False):
    member(request, "can_view_peers")
    organisation = org_of(request)
    if expiring:
        return certifications_expiring(organisation)
    qs = within_sites(Certification.objects.filter(organisation=organisation)).order_by("-issued_on", "id")
    return qs.filter(peer_id=peer_id) if peer_id else qs


@router.post(
    "/certifications",
    operation_id="certification_create",
    response={201: CertificationOut, **ERRORS},
    summary="Record a certification",
)
def certification_create(request: HttpRequest, payload: CertificationIn):
    membership = member(request, "can_manage_training")
    certification = services.certification_issue(
        peer=fetch(PeerWorker, request, pk=payload.peer_id),
        course=fetch(Course, request, pk=payload.course_id),
        issued_on=payload.issued_on,
        expires_on=payload.expires_on,
        by=membership.user,
    )
    return Status(201, certification)


class ProgressOut(Schema):
    peer_id: int
    preferred_name: str
    attended: int
    required: int
    done: bool


class CohortOut(Schema):
    id: int
    name: str
    description: str
    starts_on: date
    weeks: int | None
    required_sessions: int
    then: str


class CohortDetailOut(CohortOut):
    progress: list[ProgressOut]


@router.get(
    "/cohorts",
    operation_id="cohort_list",
    response=list[CohortOut],
    summary="Training programmes (cohorts), newest first",
)
@paginate(PageNumberPagination, page_size=50)
def cohort_list(request: HttpRequest):
    member(request, "can_view_peers")
    return cohorts_of(org_of(request))


@router.get(
    "/cohorts/{cohort_id}",
    operation_id="cohort_get",
    response={200: CohortDetailOut, **ERRORS},
    summary="A programme with each participant's sessions attended of those required",
)
def cohort_get(request: HttpRequest, cohort_id: PathId):
    member(request, "can_view_peers")
    cohort = fetch(Cohort, request, pk=cohort_id)
    progress = [
        ProgressOut(
            peer_id=row.peer.pk,
            preferred_name=row.peer.preferred_name,
            attended=row.attended,
            required=row.required,
            done=row.done,
        )
        for row in cohort_progress(cohort)
    ]
    return CohortDetailOut(
        id=cohort.pk,
        name=cohort.name,
        description=cohort.description,
        starts_on=cohort.starts_on,
        weeks=cohort.weeks,
        required_sessions=cohort.required_sessions,
        then=cohort.then,
        progress=progress,
    )
