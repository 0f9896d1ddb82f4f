"""Reads for shifts: eligibility, open shifts, week grids, hours, fairness and allocation inputs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from peerwork.accounts.sites import sites_visible, within_sites
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.mentoring.selectors import mentors_by_mentee
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
    SmsDirection,
    SmsMessage,
    WorkOrder,
    span_hours,
)
from .reasons import reason_text
from .stretch import stretch_of

HOLDING = (AssignmentStatus.ASSIGNED, AssignmentStatus.CHECKED_IN, AssignmentStatus.COMPLETED)


def policy_for(organisation: Organisation) -> ShiftPolicy:
    policy, _ = ShiftPolicy.objects.get_or_create(organisation=organisation)
    return policy


# --- time -----------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_bounds(organisation: Organisation, first: date, days: int = 1) -> tuple[datetime, datetime]:
    """Aware start and end (exclusive) of ``days`` local days from ``first``."""
    return organisation.day_bounds(first, first + timedelta(days=days - 1))


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
    organisation: Organisation,
    peers: Iterable[PeerWorker],
    pairs: Iterable[tuple[Role, date]],
    *,
    positions: dict[int, PeerPosition] | None = None,
) -> dict[tuple[int, int, date], Ineligible | None]:
    """For each (peer, role, day): None when eligible, else why not.

    Eligible = active, the peer's current stage order is at least the role's lowest stage
    order, and a valid certification for each of the role's required courses on that day.
    ``positions`` ({peer_id: position with its stage}, read already) saves reading them again.
    """
    peers = list(peers)
    pairs = list(pairs)
    roles = {role.pk: role for role, _ in pairs}
    courses = _required_courses(roles.values())
    if positions is None:
        positions = {
            pos.peer_id: pos for pos in PeerPosition.objects.filter(peer__in=peers).select_related("stage")
        }
    stages = {peer_id: position.stage for peer_id, position in positions.items()}
    certs: dict[int, list[Certification]] = defaultdict(list)
    course_ids = {c.pk for cs in courses.values() for c in cs}
    if course_ids:
        for cert in Certification.objects.filter(
            organisation=organisation, peer__in=peers, course_id__in=course_ids
        ):
            certs[cert.peer_id].append(cert)
    table: dict[tuple[int, int, date], Ineligible | None] = {}
    for peer in peers:
        stage = stages.get(peer.pk)
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
    return within_sites(Shift.objects.filter(organisation=organisation)).select_related(
        "role", "site", "role__work_stream"
    )


def week_grid(organisation: Organisation, site: Site | None, week_start: date) -> list[dict[str, Any]]:
    """Seven days, each with its shifts (and places taken), for the coordinator's grid."""
    start, end = day_bounds(organisation, week_start, 7)
    qs = within_sites(
        Shift.objects.filter(organisation=organisation, starts_at__gte=start, starts_at__lt=end)
    )
    if site is not None:
        qs = qs.filter(site=site)
    # A regional week holds hundreds of shifts: read only what a cell shows.
    qs = (
        qs.exclude(status=ShiftStatus.CANCELLED)
        .select_related("role", "site", "standing_shift__contract__peer")
        .only(
            "starts_at",
            "ends_at",
            "status",
            "slots",
            "role__name",
            "role__is_paired",
            "role__is_day_labour",
            "site__name",
            "standing_shift__contract__peer__preferred_name",
        )
        .order_by("starts_at", "pk")
    )
    taken: dict[int, int] = defaultdict(
        int,
        Assignment.objects.filter(shift__in=qs, status__in=HOLDING)
        .values("shift_id")
        .annotate(n=Count("id"))
        .values_list("shift_id", "n")
        .order_by(),
    )
    asked: dict[int, int] = defaultdict(
        int,
        SignUp.objects.filter(shift__in=qs, withdrawn_at__isnull=True)
        .values("shift_id")
        .annotate(n=Count("id"))
        .values_list("shift_id", "n")
        .order_by(),
    )
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


OPEN_AHEAD = 200  # the most upcoming open shifts a peer's lists look at


def _open_to(peer: PeerWorker, now: datetime, days: int) -> QuerySet[Shift]:
    """Open shifts of the next ``days`` days at the peer's sites (every site when they have none)
    whose sign-up has not closed, soonest first, each marked ``asked`` when the peer has signed up."""
    asked = SignUp.objects.filter(peer=peer, shift=OuterRef("pk"), withdrawn_at__isnull=True)
    qs = (
        shifts_for_org(peer.organisation)
        .filter(status=ShiftStatus.OPEN, starts_at__gte=now, starts_at__lt=now + timedelta(days=days))
        .filter(Q(signup_closes_at__isnull=True) | Q(signup_closes_at__gt=now))
        .annotate(asked=Exists(asked))
    )
    # The peer's sites, asked in the same query: all sites when they have none.
    theirs = PeerWorker.sites.through.objects.filter(peerworker_id=peer.pk)
    return qs.filter(Q(site_id__in=theirs.values("site_id")) | ~Exists(theirs))


def shifts_open_for(
    peer: PeerWorker,
    *,
    now: datetime | None = None,
    days: int = 21,
    positions: dict[int, PeerPosition] | None = None,
) -> list[dict[str, Any]]:
    """Upcoming shifts a peer may ask for, each with whether they can, and why not (``positions`` as
    for ``eligibility_table``)."""
    now = now or timezone.now()
    organisation = peer.organisation
    shifts = list(_open_to(peer, now, days).select_related("role__min_stage")[:OPEN_AHEAD])
    # A few roles behind many shifts: one copy of each, and their required courses read for those.
    roles: dict[int, Role] = {}
    for shift in shifts:
        shift.role = roles.setdefault(shift.role_id, shift.role)
    prefetch_related_objects(list(roles.values()), "required_courses")
    pairs = {(s.role, local_date(organisation, s.starts_at)) for s in shifts}
    table = eligibility_table(organisation, [peer], pairs, positions=positions)
    rows = []
    for shift in shifts:
        if shift.asked:  # type: ignore[attr-defined]
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


@dataclass(frozen=True)
class OpenShift:
    """An open shift in brief: when, what and where."""

    starts_at: datetime
    role_name: str
    site_name: str


def shifts_to_take(
    peer: PeerWorker,
    *,
    now: datetime | None = None,
    days: int = 21,
    positions: dict[int, PeerPosition] | None = None,
) -> list[OpenShift]:
    """The rows of ``shifts_open_for`` the peer can ask for right now (eligible, sign-up open), in
    brief: each shift's times and names are read, not the shift in full (My work counts them)."""
    now = now or timezone.now()
    organisation = peer.organisation
    listed = [
        row
        for row in _open_to(peer, now, days).values_list(  # type: ignore[misc]
            "role_id", "starts_at", "signup_opens_at", "role__name", "site__name", "asked"
        )[:OPEN_AHEAD]
        if not row[-1]  # asked for already
    ]
    roles = (
        Role.objects.select_related("min_stage")
        .prefetch_related("required_courses")
        .in_bulk({role_id for role_id, *_ in listed})
    )
    days_of = {starts_at: local_date(organisation, starts_at) for _, starts_at, *_ in listed}
    pairs = {(roles[role_id], days_of[starts_at]) for role_id, starts_at, *_ in listed}
    table = eligibility_table(organisation, [peer], pairs, positions=positions)
    return [
        OpenShift(starts_at, role_name, site_name)
        for role_id, starts_at, opens, role_name, site_name, _asked in listed
        if not (opens and opens > now) and table[(peer.pk, role_id, days_of[starts_at])] is None
    ]


def upcoming_assignments(peer: PeerWorker, *, now: datetime | None = None) -> QuerySet[Assignment]:
    """The peer's places on shifts not yet over (or ended within 12 hours), soonest first."""
    now = now or timezone.now()
    return (
        Assignment.objects.filter(
            peer=peer,
            status__in=(AssignmentStatus.ASSIGNED, AssignmentStatus.CHECKED_IN),
            shift__ends_at__gte=now - timedelta(hours=12),
        )
        .select_related("shift__role", "shift__site")
        .order_by("shift__starts_at")
    )


def my_shifts(peer: PeerWorker, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    # The organisation too: the page works out each shift's check-in window in its time zone.
    upcoming = list(upcoming_assignments(peer, now=now).select_related("shift__organisation"))
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


def desk_site_for(organisation: Organisation, day: date) -> Site | None:
    """The site a check-in desk opens on: the first (of the person's) with places on ``day``, else
    the first site in use."""
    sites = sites_visible(organisation).filter(is_active=True)
    start, end = day_bounds(organisation, day)
    busy = sites.filter(
        shifts__starts_at__gte=start,
        shifts__starts_at__lt=end,
        shifts__assignments__isnull=False,
    ).first()
    return busy or sites.first()


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
    return hours_worked_many(peer.organisation, [peer], until)[peer.pk]


def hours_worked_many(
    organisation: Organisation, peers: Iterable[PeerWorker], until: date
) -> dict[int, Decimal]:
    """{peer_id: hours worked up to ``until``}, summed by the database in one query, for list pages."""
    peers = list(peers)
    _, end = day_bounds(organisation, until)
    qs = _completed([p.pk for p in peers]).filter(organisation=organisation, shift__starts_at__lt=end)
    summed = _durations_by_peer(qs)
    return {p.pk: span_hours(summed.get(p.pk, timedelta(0))) for p in peers}


# Hours checked in to out; the shift's length when a coordinator closed it without times.
_TIMED = Q(checked_in_at__isnull=False, checked_out_at__isnull=False)
_CHECKED = ExpressionWrapper(F("checked_out_at") - F("checked_in_at"), output_field=DurationField())
_PLANNED = ExpressionWrapper(F("shift__ends_at") - F("shift__starts_at"), output_field=DurationField())


def _durations_by_peer(assignments: QuerySet[Assignment]) -> dict[int, timedelta]:
    rows = (
        assignments.values("peer_id")
        .annotate(checked=Sum(_CHECKED, filter=_TIMED), planned=Sum(_PLANNED, filter=~_TIMED))
        .order_by()
    )
    return {
        row["peer_id"]: max(timedelta(0), row["checked"] or timedelta(0)) + (row["planned"] or timedelta(0))
        for row in rows
    }


def recent_hours(organisation: Organisation, peer_ids: Iterable[int], before: datetime) -> dict[int, float]:
    """Hours each peer worked in the four weeks before ``before``."""
    qs = _completed(peer_ids).filter(
        organisation=organisation,
        shift__starts_at__gte=before - timedelta(weeks=4),
        shift__starts_at__lt=before,
    )
    hours: dict[int, float] = defaultdict(float)
    for peer_id, span in _durations_by_peer(qs).items():
        hours[peer_id] = span.total_seconds() / 3600
    return hours


def last_shift_dates(organisation: Organisation, peer_ids: Iterable[int]) -> dict[int, date]:
    """{peer_id: the local day of their last completed shift}, the latest found by the database."""
    latest = (
        _completed(peer_ids)
        .filter(organisation=organisation)
        .values("peer_id")
        .annotate(last=Max("shift__starts_at"))
        .values_list("peer_id", "last")
        .order_by()
    )
    return {peer_id: local_date(organisation, starts) for peer_id, starts in latest}


def last_shift_column(organisation: Organisation) -> TruncDate:
    """The local day of a peer's last completed shift, an aggregate over PeerWorker rows, as
    ``last_shift_dates`` gives it (registered into peers.hooks.last_shift_column); null before their
    first. One grouped join: a subquery per peer would read each peer's shifts one by one."""
    done = Q(assignments__status=AssignmentStatus.COMPLETED, assignments__organisation=organisation)
    return TruncDate(Max("assignments__shift__starts_at", filter=done), tzinfo=organisation.zone)


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


def minutes_from(moment: datetime, origin: datetime) -> int:
    return int((moment - origin).total_seconds() // 60)


def cents_of(amount: Decimal | None) -> int | None:
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
    return qs.select_related("role__min_stage", "role__develops_stage").prefetch_related(
        "role__required_courses"
    )


def allocation_inputs(
    organisation: Organisation, week_start: date, site: Site | None
) -> tuple[list[A.ShiftIn], list[A.PeerIn], list[A.RequestIn], A.Policy, dict[int, SignUp]]:
    """The engine's plain inputs for a week, built from shifts, sign-ups, hours and the hooks."""
    policy = policy_for(organisation)
    start, _ = day_bounds(organisation, week_start, 7)
    shifts = list(allocation_shifts(organisation, week_start, site))
    signups = list(
        SignUp.objects.filter(shift__in=shifts, withdrawn_at__isnull=True)
        .select_related("peer__position__stage", "shift__role", "shift__site")
        .order_by("created_at", "id")
    )
    peers = {s.peer_id: s.peer for s in signups}
    stage_names = dict(Stage.objects.filter(organisation=organisation).values_list("order", "name"))
    origin = start
    shift_in = [
        A.ShiftIn(
            id=s.pk,
            start=minutes_from(s.starts_at, origin),
            end=minutes_from(s.ends_at, origin),
            slots=s.slots,
            paired=s.role.is_paired,
            entry_level=s.role.is_entry_level,
            label=shift_label(organisation, s),
            develops=stretch_of(s.role, stage_names),
        )
        for s in shifts
    ]
    pairs = {(s.role, local_date(organisation, s.starts_at)) for s in shifts}
    table = eligibility_table(organisation, peers.values(), pairs)
    recent = recent_hours(organisation, peers, start)
    limits = peer_week_limits(organisation, peers, week_start, exclude_shifts=shifts)
    new_since = week_start - timedelta(days=policy.new_peer_days)
    mentors = mentors_by_mentee(organisation, peers)
    peer_in = [
        A.PeerIn(
            id=p.pk,
            recent_hours=round(recent.get(p.pk, 0.0), 2),
            is_new=p.joined_on >= new_since,
            headroom_cents=limits[p.pk].headroom_cents,
            commitments=limits[p.pk].commitments,
            weekly_limit_minutes=limits[p.pk].weekly_limit_minutes,
            limit_params=limits[p.pk].limit_params,
            mentor_id=mentors.get(p.pk),
            stage=_stage_order(p),
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
                earnings_cents=cents_of(hooks.shift_earnings(s.shift, s.peer)) or 0,
                ineligible=why.code if why else None,
                ineligible_params=why.params if why else {},
            )
        )
    return shift_in, peer_in, request_in, engine_policy(policy), {s.pk: s for s in signups}


def engine_policy(policy: ShiftPolicy) -> A.Policy:
    return A.Policy(
        min_rest_minutes=int(policy.min_rest_hours * 60),
        weekly_limit_minutes=int(policy.weekly_hours_limit * 60),
        entry_share=policy.entry_share_pct / 100,
        stretch_share=policy.stretch_share_pct / 100,
    )


def _stage_order(peer: PeerWorker) -> int | None:
    position = getattr(peer, "position", None)  # a peer not yet on the ladder has none
    return position.stage.order if position is not None else None


@dataclass(frozen=True)
class WeekLimits:
    """What limits a peer in one week: benefit headroom and hours, and the shifts they already hold."""

    headroom_cents: int | None
    weekly_limit_minutes: int | None
    limit_params: dict[str, Any]
    commitments: tuple[A.Commitment, ...]


def week_origin(organisation: Organisation, week_start: date) -> datetime:
    """Minute 0 of the engine's clock for the week (its first local midnight)."""
    return day_bounds(organisation, week_start)[0]


def peer_week_limits(
    organisation: Organisation,
    peers: dict[int, PeerWorker],
    week_start: date,
    *,
    exclude_shifts: Iterable[Shift] = (),
) -> dict[int, WeekLimits]:
    """Per peer, the week's limits in the engine's terms, from the pay hooks and held assignments.

    Held shifts a day either side of the week count for rest. Only places not yet worked carry
    their earnings: a worked one already has its payout, which the headroom has counted.
    """
    start, end = day_bounds(organisation, week_start, 7)
    ids = list(peers)
    headroom = hooks.earnings_headroom(organisation, ids, week_start)
    hours_limits = hooks.weekly_hours_limit(organisation, ids, week_start)
    rules = hooks.earnings_limits(organisation, ids, week_start)
    held = (
        Assignment.objects.filter(
            peer_id__in=ids,
            status__in=HOLDING,
            shift__ends_at__gt=start - timedelta(days=1),
            shift__starts_at__lt=end + timedelta(days=1),
        )
        .exclude(shift__in=[s.pk for s in exclude_shifts])
        .select_related("shift__role", "shift__site", "shift__organisation", "peer")
    )
    commitments: dict[int, list[A.Commitment]] = defaultdict(list)
    for a in held:
        unpaid = a.status != AssignmentStatus.COMPLETED
        commitments[a.peer_id].append(
            A.Commitment(
                start=minutes_from(a.shift.starts_at, start),
                end=minutes_from(a.shift.ends_at, start),
                earnings_cents=(cents_of(hooks.shift_earnings(a.shift, a.peer)) or 0) if unpaid else 0,
                label=shift_label(organisation, a.shift),
                shift_id=a.shift_id,
            )
        )
    return {
        pk: WeekLimits(
            headroom_cents=cents_of(headroom.get(pk)),
            weekly_limit_minutes=_minutes_of(hours_limits.get(pk)),
            limit_params=dict(rules.get(pk, {})),
            commitments=tuple(commitments[pk]),
        )
        for pk in ids
    }


def _minutes_of(hours: Decimal | None) -> int | None:
    return None if hours is None else int(hours * 60)


def sms_inbox(organisation: Organisation) -> QuerySet[SmsMessage]:
    """Texts waiting for a coordinator, newest first: a peer's words that were not a keyword, and
    any text from a number no peer has. A coordinator limited to sites sees their peers' texts and
    the strangers'."""
    visible_peers = within_sites(PeerWorker.objects.filter(organisation=organisation))
    return (
        SmsMessage.objects.filter(
            organisation=organisation, direction=SmsDirection.IN, needs_coordinator=True
        )
        .filter(Q(peer__isnull=True) | Q(peer__in=visible_peers))
        .select_related("peer")
        .order_by("-created_at", "-id")
    )


def shift_label(organisation: Organisation, shift: Shift) -> str:
    local = timezone.localtime(shift.starts_at, organisation.zone)
    return f"{shift.role.name}, {local:%a %d %b %H:%M}"


# A run with more shifts than this is reviewed a day at a time: a regional week is thousands of
# decisions, each with its own form.
REVIEW_ALL_UP_TO = 60


def run_days(run: AllocationRun) -> list[tuple[date, int]]:
    """The local days of a run's shifts (those of the person's sites), each with its shift count."""
    counts: dict[date, int] = defaultdict(int)
    for starts_at in within_sites(run.shifts.all()).values_list("starts_at", flat=True):
        counts[local_date(run.organisation, starts_at)] += 1
    return sorted(counts.items())


def run_review(run: AllocationRun, day: date | None = None) -> list[dict[str, Any]]:
    """Per shift of a run (those of the person's sites; with ``day``, that day's): the decisions,
    assigned first then the waitlist, then the rest.

    A busy day holds hundreds of decisions, so each is a plain dict of what the review shows (its
    ``pk``, ``outcome``, ``waitlist_position``, ``reason_code``, ``reason_params``, ``edited``, the
    request's ``rank`` and the peer's ``peer_id`` and ``name``), and each shift is read once.
    """
    decisions = within_sites(AllocationDecision.objects.filter(run=run)).order_by(
        "signup__shift__starts_at", "signup__shift_id", "id"
    )
    shifts = within_sites(run.shifts.select_related("role", "site"))
    if day is not None:
        start, end = day_bounds(run.organisation, day)
        decisions = decisions.filter(signup__shift__starts_at__gte=start, signup__shift__starts_at__lt=end)
        shifts = shifts.filter(starts_at__gte=start, starts_at__lt=end)
    decided = list(
        decisions.values(
            "pk",
            "outcome",
            "waitlist_position",
            "reason_code",
            "reason_params",
            "edited",
            shift_id=F("signup__shift_id"),
            rank=F("signup__rank"),
            peer_id=F("signup__peer_id"),
            name=F("signup__peer__preferred_name"),
        )
    )
    by_shift: dict[int, dict[str, Any]] = {shift.pk: {"shift": shift, "decisions": []} for shift in shifts}
    # The run holds every shift it decided on; a shift it does not hold is read all the same.
    others = {d["shift_id"] for d in decided} - by_shift.keys()
    for shift in Shift.objects.filter(pk__in=others).select_related("role", "site") if others else ():
        by_shift[shift.pk] = {"shift": shift, "decisions": []}
    for d in decided:
        by_shift[d["shift_id"]]["decisions"].append(d)
    order = {"assigned": 0, "waitlisted": 1, "not_assigned": 2, "ineligible": 3}
    rows = sorted(by_shift.values(), key=lambda e: (e["shift"].starts_at, e["shift"].pk))
    for entry in rows:
        entry["decisions"].sort(
            key=lambda d: (order.get(d["outcome"], 9), d["waitlist_position"] or 0, d["pk"])
        )
        entry["assigned"] = sum(1 for d in entry["decisions"] if d["outcome"] == "assigned")
    return rows


def work_orders(organisation: Organisation) -> list[WorkOrder]:
    """The organisation's orders; ``quantity_done`` is kept up to date by each check-out."""
    return list(WorkOrder.objects.filter(organisation=organisation).select_related("work_stream"))


def draws_lost_this_week(shift: Shift, peer_ids: Iterable[int]) -> dict[int, int]:
    """{peer id: earlier day-work draws this (local) week the peer was drawn in without a place}."""
    organisation = shift.organisation
    start, end = day_bounds(organisation, monday_of(local_date(organisation, shift.starts_at)), 7)
    wanted = set(peer_ids)
    losses: dict[int, int] = dict.fromkeys(wanted, 0)
    earlier = (
        LotteryDraw.objects.filter(
            organisation=organisation, shift__starts_at__gte=start, shift__starts_at__lt=end
        )
        .exclude(shift=shift)
        .values_list("order", "shift__slots")
    )
    for order, slots in earlier:
        for peer_id in order[slots:]:
            if peer_id in wanted:
                losses[peer_id] += 1
    return losses


def draw_rows(draw: LotteryDraw) -> dict[str, list[dict[str, Any]]]:
    """The recorded draw order, with who got a place and who went first for losing earlier draws,
    and the walk-ins left out with the reason."""
    skipped = draw.skipped or []
    peers = PeerWorker.objects.in_bulk([*draw.order, *(row["peer"] for row in skipped)])
    slots = draw.shift.slots
    priority = draw.priority or {}
    order = [
        {
            "position": i,
            "peer": peers.get(peer_id),
            "placed": i <= slots,
            "lost_before": priority.get(str(peer_id), 0),
        }
        for i, peer_id in enumerate(draw.order, start=1)
    ]
    left_out = []
    for row in skipped:
        peer = peers.get(row["peer"])
        name = peer.preferred_name if peer else "?"
        left_out.append({"peer": peer, "reason": reason_text(row["code"], row["params"], name=name)})
    return {"order": order, "skipped": left_out}
