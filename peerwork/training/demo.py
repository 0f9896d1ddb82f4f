"""Demo training: courses, a year of sessions with attendance (and so certifications), two programmes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from peerwork.core.demo import DemoContext
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import Certification, Course, TrainingSession
from .selectors import certifications_expiring
from .services import (
    attendance_record,
    certification_issue,
    cohort_create,
    cohort_members_add,
    course_create,
    session_create,
)

COURSES = (
    # name, code, hours, validity months, honorarium, every how many weeks
    ("Naloxone and overdose response", "naloxone", "2", 12, "25", 5),
    ("Harm reduction basics", "harm-reduction", "3", None, "25", 6),
    ("First aid and CPR", "first-aid", "8", 36, "60", 10),
    ("Peer support ethics", "ethics", "4", 24, "30", 9),
    ("De-escalation", "de-escalation", "3", 24, "25", 8),
    ("Trauma-informed practice", "trauma-informed", "3", None, "25", 12),
    ("Peer training programme session", "programme", "2", None, "30", 0),
)
FACILITATORS = ("Chris Tremblay", "Sam Lindqvist", "Toronto Public Health", "St John Ambulance")


def build_courses(ctx: DemoContext) -> None:
    courses = [
        course_create(
            organisation=ctx["org"],
            name=name,
            code=code,
            hours=Decimal(hours),
            validity_months=validity,
            honorarium=Decimal(honorarium),
        )
        for name, code, hours, validity, honorarium, _every in COURSES
    ]
    ctx["courses"] = courses
    ctx["courses_by_code"] = {course.code: course for course in courses}


def _at(ctx: DemoContext, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ctx["org"].zone)


def _attend(ctx: DemoContext, session: TrainingSession, pool: list[PeerWorker], k: int) -> None:
    day = session.organisation.today(session.starts_at)
    present = [
        p for p in pool if p.joined_on <= day and not (p.status == PeerStatus.LEFT and ctx.rng.random() < 0.5)
    ]
    attendance_record(session=session, peers=ctx.rng.sample(present, min(k, len(present), session.capacity)))


def build_sessions(ctx: DemoContext) -> None:
    rng, org, sites, peers = ctx.rng, ctx["org"], ctx["sites"], ctx["peers"]
    by_code = ctx["courses_by_code"]
    for _name, code, _h, _v, _hon, every in COURSES:
        if not every:
            continue
        course = by_code[code]
        day = ctx.today - timedelta(days=364 - rng.randint(0, 20))
        while day < ctx.today + timedelta(days=28):
            session = session_create(
                course=course,
                site=rng.choice(sites),
                starts_at=_at(ctx, day, 10),
                ends_at=_at(ctx, day, 10) + timedelta(hours=float(course.hours)),
                capacity=rng.choice((8, 10, 12)),
                facilitator=rng.choice(FACILITATORS),
            )
            if day < ctx.today:
                _attend(ctx, session, peers, rng.randint(3, 9))
            day += timedelta(weeks=every, days=rng.randint(-3, 3))
    _programmes(ctx)
    _refreshers_due(ctx)
    ctx.notes.append(
        f"Training: {TrainingSession.objects.filter(organisation=org).count()} sessions over a year, "
        f"{Certification.objects.filter(organisation=org).count()} certifications, "
        f"{len(certifications_expiring(org, on=ctx.today))} running out within 30 days (see /training/)."
    )


def _refreshers_due(ctx: DemoContext) -> None:
    """A few first-aid certificates from three years ago run out in the next weeks: renewals are due."""
    course: Course = ctx["courses_by_code"]["first-aid"]
    held = set(
        Certification.objects.filter(
            course=course, expires_on__gt=ctx.today + timedelta(days=30)
        ).values_list("peer_id", flat=True)
    )
    due = [p for p in ctx["peers"] if p.status == PeerStatus.ACTIVE and p.pk not in held][:4]
    for days, peer in zip((6, 13, 21, 27), due, strict=False):
        issued = ctx.today + timedelta(days=days) - relativedelta(months=course.validity_months or 36)
        certification_issue(peer=peer, course=course, issued_on=issued)


def _programmes(ctx: DemoContext) -> None:
    rng, org, sites, peers = ctx.rng, ctx["org"], ctx["sites"], ctx["peers"]
    course: Course = ctx["courses_by_code"]["programme"]
    plans = (
        (
            "Spring cohort: 20 two-hour sessions",
            26,
            20,
            None,
            "",
            "Weekly, with an honorarium for each session.",
        ),
        ("Autumn cohort: 16 weeks, then apprenticeship", 7, 16, 16, "a 6-month paid apprenticeship", ""),
    )
    for name, weeks_ago, sessions, weeks, then, description in plans:
        start = ctx.today - timedelta(weeks=weeks_ago)
        joined = [
            p for p in peers if p.joined_on <= start + timedelta(days=7) and p.status != PeerStatus.LEFT
        ]
        members = rng.sample(joined[-20:], min(8, len(joined)))
        cohort = cohort_create(
            organisation=org,
            name=name,
            starts_on=start,
            weeks=weeks,
            required_sessions=sessions,
            then=then,
            description=description,
        )
        cohort_members_add(cohort=cohort, peers=members, on=start)
        keen = {p.pk: rng.uniform(0.6, 1.0) for p in members}
        for week in range(sessions):
            day = start + timedelta(weeks=week)
            session = session_create(
                course=course,
                site=sites[0],
                starts_at=_at(ctx, day, 14),
                ends_at=_at(ctx, day, 16),
                capacity=12,
                facilitator="Chris Tremblay",
                cohort=cohort,
            )
            if day < ctx.today:
                attendance_record(session=session, peers=[p for p in members if rng.random() < keen[p.pk]])
