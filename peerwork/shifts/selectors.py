"""Reads for shifts: eligibility, open shifts, week grids, hours, fairness and allocation inputs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.training.models import Certification

from . import allocation as A
from . import hooks
from .models import (
    AllocationDecision,
    AllocationRun,
    Assignment,
    AssignmentStatus,
    LotteryDraw,
    Role,
    Shift,
    ShiftPolicy,
    ShiftStatus,
    SignUp,
    WorkOrder,
)
from .reasons import reason_text

HOLDING = (AssignmentStatus.ASSIGNED, AssignmentStatus.CHECKED_IN, AssignmentStatus.COMPLETED)


def policy_for(organisation: Organisation) -> ShiftPolicy:
    policy, _ = ShiftPolicy.objects.get_or_create(organisation=organisation)
    return policy


# --- time -----------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_today(organisation: Organisation) -> date:
    return timezone.localtime(timezone.now(), organisation.zone).date()


def day_bounds(organisation: Organisation, first: date, days: int = 1) -> tuple[datetime, datetime]:
    """Aware start and end (exclusive) of ``days`` local days from ``first``."""
    zone = organisation.zone
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(first + timedelta(days=days), time.min, tzinfo=zone)
    return start, end


def local_date(organisation: Organisation, moment: datetime) -> date:
    return timezone.localtime(moment, organisation.zone).date()


# --- eligibility -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ineligible:
    code: str
    params: dict[str, Any]


def _required_courses(roles: Iterable[Role]) -> dict[int, list[Any]]:
    return {role.pk: list(role.required_courses.all()) for role in roles}


def eligibility_table(
    organisation: Organisation, peers: Iterable[PeerWorker], pairs: Iterable[tuple[Role, date]]
) -> dict[tuple[int, int, date], Ineligible | None]:
    """For each (peer, role, day): None when eligible, else why not.

    Eligible = active, the peer's current stage order is at least the role's lowest stage
    order, and a valid certification for each of the role's required courses on that day.
    """
    peers = list(peers)
    pairs = list(pairs)
    roles = {role.pk: role for role, _ in pairs}
    courses = _required_courses(roles.values())
    positions = {
        pos.peer_id: pos.stage for pos in PeerPosition.objects.filter(peer__in=peers).select_related("stage")
    }
    certs: dict[int, list[Certification]] = defaultdict(list)
    course_ids = {c.pk for cs in courses.values() for c in cs}
    if course_ids:
        for cert in Certification.objects.filter(
            organisation=organisation, peer__in=peers, course_id__in=course_ids
        ):
            certs[cert.peer_id].append(cert)
    table: dict[tuple[int, int, date], Ineligible | None] = {}
    for peer in peers:
        stage = positions.get(peer.pk)
        for role, day in pairs:
            table[(peer.pk, role.pk, day)] = _check(peer, stage, role, courses[role.pk], certs[peer.pk], day)
    return table


def _check(
    peer: PeerWorker,
    stage: Stage | None,
    role: Role,
    courses: list[Any],
    certs: list[Certification],
    day: date,
) -> Ineligible | None:
    if peer.status != PeerStatus.ACTIVE:
        return Ineligible("not_active", {})
    if role.min_stage is not None and (stage is None or stage.order < role.min_stage.order):
        return Ineligible("needs_stage", {"stage": role.min_stage.name})
    for course in courses:
        if not any(c.course_id == course.pk and c.is_valid_on(day) for c in certs):
            return Ineligible("needs_certification", {"course": course.name})
    return None


def eligibility_for(peer: PeerWorker, role: Role, day: date) -> Ineligible | None:
    return eligibility_table(peer.organisation, [peer], [(role, day)])[(peer.pk, role.pk, day)]


# --- shifts ----------------------------------------------------------------------------------


def shifts_for_org(organisation: Organisation) -> QuerySet[Shift]:
    return Shift.objects.filter(organisation=organisation).select_related("role", "site", "role__work_stream")


def week_grid(organisation: Organisation, site: Site | None, week_start: date) -> list[dict[str, Any]]:
    """Seven days, each with its shifts (and places taken), for the coordinator's grid."""
    start, end = day_bounds(organisation, week_start, 7)
    qs = shifts_for_org(organisation).filter(starts_at__gte=start, starts_at__lt=end)
    if site is not None:
        qs = qs.filter(site=site)
    qs = qs.exclude(status=ShiftStatus.CANCELLED)
    taken: dict[int, int] = defaultdict(int)
    for row in Assignment.objects.filter(shift__in=qs, status__in=HOLDING).values("shift_id"):
        taken[row["shift_id"]] += 1
    asked: dict[int, int] = defaultdict(int)
    for row in SignUp.objects.filter(shift__in=qs, withdrawn_at__isnull=True).values("shift_id"):
        asked[row["shift_id"]] += 1
    per_day: list[list[Shift]] = [[] for _ in range(7)]
    for shift in qs:
        day = local_date(organisation, shift.starts_at)
        index = (day - week_start).days
        if 0 <= index < 7:
            shift.taken = taken[shift.pk]  # type: ignore[attr-defined]
            shift.asked = asked[shift.pk]  # type: ignore[attr-defined]
            per_day[index].append(shift)
    return [{"day": week_start + timedelta(days=i), "shifts": per_day[i]} for i in range(7)]


def shift_people(shift: Shift) -> dict[str, Any]:
    signups = list(
        shift.signups.filter(withdrawn_at__isnull=True)
        .select_related("peer")
        .order_by("waitlist_position", "created_at", "id")
    )
    assignments = list(shift.assignments.select_related("peer").order_by("peer__preferred_name"))
    return {"signups": signups, "assignments": assignments}


def shifts_open_for(peer: PeerWorker, *, now: datetime | None = None, days: int = 21) -> list[dict[str, Any]]:
    """Upcoming shifts a peer may ask for, each with whether they can, and why not."""
    now = now or timezone.now()
    organisation = peer.organisation
    qs = (
        shifts_for_org(organisation)
        .filter(status=ShiftStatus.OPEN, starts_at__gte=now, starts_at__lt=now + timedelta(days=days))
        .filter(Q(signup_closes_at__isnull=True) | Q(signup_closes_at__gt=now))
        .prefetch_related("role__required_courses")
        .select_related("role__min_stage")
    )
    site_ids = list(peer.sites.values_list("pk", flat=True))
    if site_ids:
        qs = qs.filter(site_id__in=site_ids)
    shifts = list(qs[:200])
    mine = set(
        SignUp.objects.filter(peer=peer, shift__in=shifts, withdrawn_at__isnull=True).values_list(
            "shift_id", flat=True
        )
    )
    pairs = {(s.role, local_date(organisation, s.starts_at)) for s in shifts}
    table = eligibility_table(organisation, [peer], pairs)
    rows = []
    for shift in shifts:
        if shift.pk in mine:
            continue
        why = table[(peer.pk, shift.role_id, local_date(organisation, shift.starts_at))]
        opens = shift.signup_opens_at
        rows.append(
            {
                "shift": shift,
                "ineligible": why,
                "ineligible_text": reason_text(why.code, why.params) if why else "",
                "not_yet": bool(opens and opens > now),
            }
        )
    return rows


def my_shifts(peer: PeerWorker, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    upcoming = list(
        Assignment.objects.filter(
            peer=peer,
            status__in=(AssignmentStatus.ASSIGNED, AssignmentStatus.CHECKED_IN),
            shift__ends_at__gte=now - timedelta(hours=12),
        )
        .select_related("shift__role", "shift__site")
        .order_by("shift__starts_at")
    )
    held = {a.shift_id for a in upcoming}
    waiting = list(
        SignUp.objects.filter(peer=peer, withdrawn_at__isnull=True, shift__starts_at__gte=now)
        .exclude(shift_id__in=held)
        .select_related("shift__role", "shift__site")
        .order_by("shift__starts_at")
    )
    recent = list(
        Assignment.objects.filter(peer=peer, status__in=(AssignmentStatus.COMPLETED, AssignmentStatus.MISSED))
        .select_related("shift__role", "shift__site")
        .order_by("-shift__starts_at")[:10]
    )
    return {"upcoming": upcoming, "waiting": waiting, "recent": recent}


def todays_assignments(organisation: Organisation, site: Site, day: date) -> QuerySet[Assignment]:
    start, end = day_bounds(organisation, day)
    return (
        Assignment.objects.filter(
            organisation=organisation,
            shift__site=site,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
        )
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("peer", "shift__role")
        .order_by("shift__starts_at", "peer__preferred_name")
    )


# --- hours (also the ladder's hooks) ------------------------------------------------------------


def _completed(peer_ids: Iterable[int]) -> QuerySet[Assignment]:
    return Assignment.objects.filter(peer_id__in=list(peer_ids), status=AssignmentStatus.COMPLETED)


def hours_worked(peer: PeerWorker, until: date) -> Decimal:
    """Hours of completed assignments whose shift started on or before ``until`` (local day)."""
    _, end = day_bounds(peer.organisation, until)
    total = Decimal("0")
    for a in _completed([peer.pk]).filter(shift__starts_at__lt=end).select_related("shift"):
        total += _hours_of(a)
    return total


def hours_worked_many(
    organisation: Organisation, peers: Iterable[PeerWorker], until: date
) -> dict[int, Decimal]:
    """{peer_id: hours worked up to ``until``} in one query, for list pages."""
    peers = list(peers)
    _, end = day_bounds(organisation, until)
    hours: dict[int, Decimal] = {p.pk: Decimal("0") for p in peers}
    qs = _completed([p.pk for p in peers]).filter(organisation=organisation, shift__starts_at__lt=end)
    for a in qs.select_related("shift"):
        hours[a.peer_id] += _hours_of(a)
    return hours


def _hours_of(a: Assignment) -> Decimal:
    """Hours checked in to out; the shift's length when a coordinator closed it without times."""
    return a.hours_worked if a.checked_in_at and a.checked_out_at else a.shift.hours


def recent_hours(organisation: Organisation, peer_ids: Iterable[int], before: datetime) -> dict[int, float]:
    """Hours each peer worked in the four weeks before ``before``."""
    hours: dict[int, float] = defaultdict(float)
    qs = _completed(peer_ids).filter(
        organisation=organisation,
        shift__starts_at__gte=before - timedelta(weeks=4),
        shift__starts_at__lt=before,
    )
    for a in qs.select_related("shift"):
        hours[a.peer_id] += float(_hours_of(a))
    return hours


def last_shift_dates(organisation: Organisation, peer_ids: Iterable[int]) -> dict[int, date]:
    last: dict[int, date] = {}
    qs = _completed(peer_ids).filter(organisation=organisation).values_list("peer_id", "shift__starts_at")
    for peer_id, starts in qs:
        day = local_date(organisation, starts)
        if peer_id not in last or day > last[peer_id]:
            last[peer_id] = day
    return last


def next_stage_opportunities(peer: PeerWorker, stage: object, since: date) -> int:
    """Shifts of roles at ``stage`` or above the peer asked for or worked since ``since``."""
    order = getattr(stage, "order", None)
    if order is None:
        return 0
    start, _ = day_bounds(peer.organisation, since)
    at_or_above = Q(shift__role__min_stage__order__gte=order)
    asked = set(
        SignUp.objects.filter(at_or_above, peer=peer, shift__starts_at__gte=start).values_list(
            "shift_id", flat=True
        )
    )
    worked = set(
        Assignment.objects.filter(at_or_above, peer=peer, shift__starts_at__gte=start).values_list(
            "shift_id", flat=True
        )
    )
    return len(asked | worked)


# --- allocation --------------------------------------------------------------------------------


def _minutes(moment: datetime, origin: datetime) -> int:
    return int((moment - origin).total_seconds() // 60)


def _cents(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    return int((Decimal(amount) * 100).to_integral_value())


def allocation_shifts(organisation: Organisation, week_start: date, site: Site | None) -> QuerySet[Shift]:
    start, end = day_bounds(organisation, week_start, 7)
    qs = shifts_for_org(organisation).filter(
        status=ShiftStatus.OPEN, starts_at__gte=start, starts_at__lt=end, role__is_day_labour=False
    )
    if site is not None:
        qs = qs.filter(site=site)
    return qs.select_related("role__min_stage").prefetch_related("role__required_courses")


def allocation_inputs(
    organisation: Organisation, week_start: date, site: Site | None
) -> tuple[list[A.ShiftIn], list[A.PeerIn], list[A.RequestIn], A.Policy, dict[int, SignUp]]:
    """The engine's plain inputs for a week, built from shifts, sign-ups, hours and the hooks."""
    policy = policy_for(organisation)
    start, end = day_bounds(organisation, week_start, 7)
    shifts = list(allocation_shifts(organisation, week_start, site))
    signups = list(
        SignUp.objects.filter(shift__in=shifts, withdrawn_at__isnull=True)
        .select_related("peer", "shift__role", "shift__site")
        .order_by("created_at", "id")
    )
    peers = {s.peer_id: s.peer for s in signups}
    origin = start
    shift_in = [
        A.ShiftIn(
            id=s.pk,
            start=_minutes(s.starts_at, origin),
            end=_minutes(s.ends_at, origin),
            slots=s.slots,
            paired=s.role.is_paired,
            entry_level=s.role.is_entry_level,
            label=_label(organisation, s),
        )
        for s in shifts
    ]
    pairs = {(s.role, local_date(organisation, s.starts_at)) for s in shifts}
    table = eligibility_table(organisation, peers.values(), pairs)
    recent = recent_hours(organisation, peers, start)
    headroom = hooks.earnings_headroom(organisation, list(peers), week_start)
    hours_limits = hooks.weekly_hours_limit(organisation, list(peers), week_start)
    held = (
        Assignment.objects.filter(
            peer_id__in=list(peers),
            status__in=HOLDING,
            shift__ends_at__gt=start - timedelta(days=1),
            shift__starts_at__lt=end + timedelta(days=1),
        )
        .exclude(shift__in=shifts)
        .select_related("shift__role", "shift__site", "peer")
    )
    commitments: dict[int, list[A.Commitment]] = defaultdict(list)
    for a in held:
        commitments[a.peer_id].append(
            A.Commitment(
                start=_minutes(a.shift.starts_at, origin),
                end=_minutes(a.shift.ends_at, origin),
                earnings_cents=_cents(hooks.shift_earnings(a.shift, a.peer)) or 0,
                label=_label(organisation, a.shift),
            )
        )
    new_since = week_start - timedelta(days=policy.new_peer_days)
    peer_in = [
        A.PeerIn(
            id=p.pk,
            recent_hours=round(recent.get(p.pk, 0.0), 2),
            is_new=p.joined_on >= new_since,
            headroom_cents=_cents(headroom.get(p.pk)),
            commitments=tuple(commitments[p.pk]),
            weekly_limit_minutes=_minutes_of(hours_limits.get(p.pk)),
        )
        for p in peers.values()
    ]
    request_in = []
    for s in signups:
        why = table[(s.peer_id, s.shift.role_id, local_date(organisation, s.shift.starts_at))]
        request_in.append(
            A.RequestIn(
                id=s.pk,
                peer_id=s.peer_id,
                shift_id=s.shift_id,
                rank=s.rank,
                earnings_cents=_cents(hooks.shift_earnings(s.shift, s.peer)) or 0,
                ineligible=why.code if why else None,
                ineligible_params=why.params if why else {},
            )
        )
    engine_policy = A.Policy(
        min_rest_minutes=int(policy.min_rest_hours * 60),
        weekly_limit_minutes=int(policy.weekly_hours_limit * 60),
        entry_share=policy.entry_share_pct / 100,
    )
    return shift_in, peer_in, request_in, engine_policy, {s.pk: s for s in signups}


def _minutes_of(hours: Decimal | None) -> int | None:
    return None if hours is None else int(hours * 60)


def _label(organisation: Organisation, shift: Shift) -> str:
    local = timezone.localtime(shift.starts_at, organisation.zone)
    return f"{shift.role.name}, {local:%a %d %b %H:%M}"


def run_review(run: AllocationRun) -> list[dict[str, Any]]:
    """Per shift of a run: the decisions, assigned first then the waitlist, then the rest."""
    decisions = (
        AllocationDecision.objects.filter(run=run)
        .select_related("signup__peer", "signup__shift__role", "signup__shift__site")
        .order_by("signup__shift__starts_at", "signup__shift_id", "id")
    )
    order = {"assigned": 0, "waitlisted": 1, "not_assigned": 2, "ineligible": 3}
    by_shift: dict[int, dict[str, Any]] = {}
    for d in decisions:
        shift = d.signup.shift
        entry = by_shift.setdefault(shift.pk, {"shift": shift, "decisions": []})
        entry["decisions"].append(d)
    for shift in run.shifts.select_related("role", "site"):
        by_shift.setdefault(shift.pk, {"shift": shift, "decisions": []})
    rows = sorted(by_shift.values(), key=lambda e: (e["shift"].starts_at, e["shift"].pk))
    for entry in rows:
        entry["decisions"].sort(key=lambda d: (order.get(d.outcome, 9), d.waitlist_position or 0, d.pk))
        entry["assigned"] = sum(1 for d in entry["decisions"] if d.outcome == "assigned")
    return rows


def work_orders(organisation: Organisation) -> list[WorkOrder]:
    orders = list(WorkOrder.objects.filter(organisation=organisation).select_related("work_stream"))
    done: dict[int, int] = defaultdict(int)
    for order_id, quantity in Assignment.objects.filter(
        shift__work_order__in=orders, quantity_done__isnull=False
    ).values_list("shift__work_order_id", "quantity_done"):
        done[order_id] += quantity or 0
    for order in orders:
        order.done = done[order.pk]  # type: ignore[attr-defined]
    return orders


def draw_rows(draw: LotteryDraw) -> list[dict[str, Any]]:
    """The recorded draw order, with who got a place."""
    peers = PeerWorker.objects.in_bulk(draw.order)
    slots = draw.shift.slots
    return [
        {"position": i, "peer": peers.get(peer_id), "placed": i <= slots}
        for i, peer_id in enumerate(draw.order, start=1)
    ]
