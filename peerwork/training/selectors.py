"""Reads for training: courses, sessions and their tick lists, expiring certifications, programmes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import Certification, Cohort, Course, SessionAttendance, TrainingSession

EXPIRING_DAYS = 30


def courses_of(organisation: Organisation) -> QuerySet[Course]:
    return Course.objects.filter(organisation=organisation).annotate(session_count=Count("sessions"))


def sessions_of(organisation: Organisation) -> QuerySet[TrainingSession]:
    return (
        within_sites(TrainingSession.objects.filter(organisation=organisation))
        .select_related("course", "site", "cohort")
        .annotate(attended_count=Count("attendances", filter=Q(attendances__attended=True)))
    )


def sessions_upcoming(organisation: Organisation, *, limit: int = 20) -> QuerySet[TrainingSession]:
    return sessions_of(organisation).filter(starts_at__gte=timezone.now()).order_by("starts_at")[:limit]


def sessions_past(organisation: Organisation) -> QuerySet[TrainingSession]:
    return sessions_of(organisation).filter(starts_at__lt=timezone.now()).order_by("-starts_at")


def attendees_of(session: TrainingSession) -> set[int]:
    return set(
        SessionAttendance.objects.filter(session=session, attended=True).values_list("peer_id", flat=True)
    )


def tick_list_peers(organisation: Organisation) -> QuerySet[PeerWorker]:
    return within_sites(PeerWorker.objects.filter(organisation=organisation)).exclude(status=PeerStatus.LEFT)


def certifications_of(peer: PeerWorker) -> QuerySet[Certification]:
    return (
        Certification.objects.filter(peer=peer)
        .select_related("course")
        .order_by("course__name", "-issued_on")
    )


def certifications_expiring(
    organisation: Organisation, *, on: date | None = None, days: int = EXPIRING_DAYS
) -> list[Certification]:
    """Certifications still valid on ``on`` that run out within ``days`` days, soonest first.

    A certification already renewed (a later one of the same course lasting longer) is left out.
    """
    on = on or organisation.today()
    qs = (
        within_sites(
            Certification.objects.filter(
                organisation=organisation, expires_on__gte=on, expires_on__lte=on + timedelta(days=days)
            )
        )
        .exclude(peer__status=PeerStatus.LEFT)
        .select_related("peer", "course")
        .order_by("expires_on", "peer__preferred_name")
    )
    renewed = Certification.objects.filter(
        organisation=organisation, expires_on__gt=on + timedelta(days=days)
    ).values_list("peer_id", "course_id")
    renewed_pairs = set(renewed)
    return [c for c in qs if (c.peer_id, c.course_id) not in renewed_pairs]


@dataclass(frozen=True)
class TrainingStatus:
    course: Course
    latest: Certification
    expired: bool
    expiring: bool


def peer_training_status(peer: PeerWorker, *, on: date | None = None) -> list[TrainingStatus]:
    """The latest certification per course, marked expired or expiring within 30 days."""
    on = on or peer.organisation.today()
    latest: dict[int, Certification] = {}
    for cert in Certification.objects.filter(peer=peer, issued_on__lte=on).select_related("course"):
        held = latest.get(cert.course_id)
        if held is None or (held.expires_on or date.max) < (cert.expires_on or date.max):
            latest[cert.course_id] = cert
    rows = []
    for cert in sorted(latest.values(), key=lambda c: c.course.name):
        expired = cert.expires_on is not None and cert.expires_on < on
        expiring = (
            not expired and cert.expires_on is not None and cert.expires_on <= on + timedelta(EXPIRING_DAYS)
        )
        rows.append(TrainingStatus(cert.course, cert, expired, expiring))
    return rows


def upcoming_sessions_for(peer: PeerWorker, *, limit: int = 5) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(
            organisation=peer.organisation, starts_at__gte=timezone.now(), attendances__peer=peer
        )
        .select_related("course", "site")
        .order_by("starts_at")[:limit]
    )


@dataclass(frozen=True)
class CohortProgress:
    peer: PeerWorker
    attended: int
    required: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.attended / self.required)) if self.required else 100

    @property
    def done(self) -> bool:
        return self.attended >= self.required


def cohorts_of(organisation: Organisation) -> QuerySet[Cohort]:
    return Cohort.objects.filter(organisation=organisation).annotate(
        member_count=Count("members", distinct=True), session_count=Count("sessions", distinct=True)
    )


def cohort_progress(cohort: Cohort) -> list[CohortProgress]:
    """Each participant's sessions attended of the programme's required number."""
    members = (
        PeerWorker.objects.filter(cohort_memberships__cohort=cohort)
        .annotate(
            attended=Count(
                "training_attendances",
                filter=Q(training_attendances__session__cohort=cohort, training_attendances__attended=True),
            )
        )
        .order_by("preferred_name")
    )
    return [CohortProgress(peer, peer.attended, cohort.required_sessions) for peer in members]
