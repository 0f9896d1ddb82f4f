"""Writes for training: courses, sessions, attendance (which issues certifications), programmes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .models import Certification, Cohort, CohortMember, Course, SessionAttendance, TrainingSession

COURSE_FIELDS = (
    "name",
    "code",
    "description",
    "hours",
    "validity_months",
    "honorarium",
    "is_active",
    "public_title",
    "reveals_programme",
)


@transaction.atomic
def course_create(*, organisation: Organisation, by: User | None = None, **values: Any) -> Course:
    course = Course(organisation=organisation, **values)
    course.full_clean()
    course.save()
    audit_record(action="course_created", organisation=organisation, actor=by, obj=course)
    return course


@transaction.atomic
def course_update(*, course: Course, by: User | None = None, **values: Any) -> Course:
    for name, value in values.items():
        if name not in COURSE_FIELDS:
            raise TypeError(f"Not editable: {name}")
        setattr(course, name, value)
    course.full_clean()
    course.save()
    audit_record(action="course_updated", organisation=course.organisation, actor=by, obj=course)
    return course


@transaction.atomic
def session_create(
    *,
    course: Course,
    site: Site,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int = 12,
    facilitator: str = "",
    cohort: Cohort | None = None,
    by: User | None = None,
) -> TrainingSession:
    """Schedule a session of ``course``; the site and programme must be the course's organisation's."""
    if site.organisation_id != course.organisation_id:
        raise ValidationError({"site": [_("Choose a site of this organisation.")]})
    if cohort is not None and cohort.organisation_id != course.organisation_id:
        raise ValidationError({"cohort": [_("Choose a programme of this organisation.")]})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The session must end after it starts.")]})
    session = TrainingSession(
        organisation=course.organisation,
        course=course,
        site=site,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        facilitator=facilitator,
        cohort=cohort,
    )
    session.full_clean()
    session.save()
    audit_record(action="training_session_created", organisation=course.organisation, actor=by, obj=session)
    return session


def _session_day(session: TrainingSession) -> date:
    return timezone.localtime(session.starts_at, session.organisation.zone).date()


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, peers: list[PeerWorker], by: User | None = None
) -> list[SessionAttendance]:
    """Record who attended (the bulk tick list). Everyone ticked earns the course's certification.

    The list replaces the earlier one: an untick is kept as ``attended=False``; its certification
    goes. More people than places is refused as a whole, so nothing is half-saved.
    """
    session = (
        TrainingSession.objects.select_for_update()
        .select_related("course", "organisation")
        .get(pk=session.pk)
    )
    wanted = {peer.pk: peer for peer in peers}
    if any(peer.organisation_id != session.organisation_id for peer in peers):
        raise ValidationError({"peers": [_("Only peers of this organisation can attend.")]})
    if len(wanted) > session.capacity:
        raise ValidationError(
            {
                "peers": [
                    _(
                        "This session has %(capacity)s places and %(count)s people were ticked. "
                        "Remove some or add places."
                    )
                    % {"capacity": session.capacity, "count": len(wanted)}
                ]
            }
        )
    existing = {a.peer_id: a for a in SessionAttendance.objects.filter(session=session)}
    day = _session_day(session)
    expires = session.course.expiry_for(day)
    records = []
    for peer_id, peer in wanted.items():
        attendance = existing.get(peer_id)
        if attendance is None:
            attendance = SessionAttendance.objects.create(
                session=session, peer=peer, attended=True, recorded_by=by
            )
        elif not attendance.attended:
            attendance.attended = True
            attendance.recorded_by = by
            attendance.save(update_fields=["attended", "recorded_by"])
        Certification.objects.get_or_create(
            attendance=attendance,
            defaults={
                "organisation": session.organisation,
                "peer": peer,
                "course": session.course,
                "issued_on": day,
                "expires_on": expires,
            },
        )
        records.append(attendance)
    for peer_id, attendance in existing.items():
        if peer_id not in wanted and attendance.attended:
            attendance.attended = False
            attendance.recorded_by = by
            attendance.save(update_fields=["attended", "recorded_by"])
            Certification.objects.filter(attendance=attendance).delete()
    audit_record(
        action="training_attendance_recorded",
        organisation=session.organisation,
        actor=by,
        obj=session,
        attended=len(wanted),
    )
    return records


@transaction.atomic
def certification_issue(
    *,
    peer: PeerWorker,
    course: Course,
    issued_on: date,
    expires_on: date | None = None,
    by: User | None = None,
) -> Certification:
    """Record a certification earned elsewhere. Without an expiry date, the course's validity applies."""
    if course.organisation_id != peer.organisation_id:
        raise ValidationError({"course": [_("Choose a course of this organisation.")]})
    if expires_on is None:
        expires_on = course.expiry_for(issued_on)
    if expires_on is not None and expires_on < issued_on:
        raise ValidationError({"expires_on": [_("The expiry date cannot be before the date it was issued.")]})
    certification = Certification(
        organisation=peer.organisation, peer=peer, course=course, issued_on=issued_on, expires_on=expires_on
    )
    certification.full_clean(exclude=["attendance"])
    certification.save()
    audit_record(action="certification_issued", organisation=peer.organisation, actor=by, obj=certification)
    return certification


@transaction.atomic
def cohort_create(*, organisation: Organisation, by: User | None = None, **values: Any) -> Cohort:
    cohort = Cohort(organisation=organisation, **values)
    cohort.full_clean()
    cohort.save()
    audit_record(action="cohort_created", organisation=organisation, actor=by, obj=cohort)
    return cohort


@transaction.atomic
def cohort_members_add(
    *, cohort: Cohort, peers: list[PeerWorker], on: date | None = None, by: User | None = None
) -> list[CohortMember]:
    if any(peer.organisation_id != cohort.organisation_id for peer in peers):
        raise ValidationError({"peers": [_("Only peers of this organisation can join.")]})
    on = on or cohort.organisation.today()
    members = [
        CohortMember.objects.get_or_create(cohort=cohort, peer=peer, defaults={"joined_on": on})[0]
        for peer in peers
    ]
    audit_record(
        action="cohort_members_added",
        organisation=cohort.organisation,
        actor=by,
        obj=cohort,
        added=len(peers),
    )
    return members
