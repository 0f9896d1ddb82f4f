"""Demo shifts: roles, weekly shifts at both sites, eight weeks of sign-ups, allocation runs and
attendance (some missed, some late; outreach peers often write in work that is not in the role),
day work by lottery with a mailing work order, and next week open for sign-up."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from peerwork.core.demo import DemoContext
from peerwork.peers.models import PeerStatus

from . import orders, selectors, services
from .demo_mentoring import sign_up_mentor_pairs
from .models import (
    Assignment,
    AssignmentStatus,
    Pricing,
    Role,
    Shift,
    ShiftStatus,
    SignUp,
    WeeklyTemplate,
    WorkOrder,
    WorkStream,
)

# name, stream, stage index, course codes, paired, entry level, day labour, duties
ROLES: tuple[tuple[str, str, int, tuple[str, ...], bool, bool, bool, tuple[str, ...]], ...] = (
    (
        "Needle recovery",
        "Harm reduction",
        0,
        (),
        True,
        True,
        False,
        (
            "Walk the route and pick up needles",
            "Log the sharps count and place",
            "Hand out sharps containers",
        ),
    ),
    (
        "Overdose response",
        "Harm reduction",
        1,
        ("naloxone",),
        False,
        False,
        False,
        ("Respond to overdoses with naloxone", "Stay with the person until help comes", "Log the response"),
    ),
    (
        "Supply distribution",
        "Harm reduction",
        0,
        (),
        False,
        True,
        False,
        ("Hand out supplies", "Restock the supply table", "Count supplies out"),
    ),
    (
        "Drop-in host",
        "Harm reduction",
        0,
        (),
        False,
        True,
        False,
        ("Welcome people at the door", "Keep the space safe and calm", "Make coffee and snacks"),
    ),
    (
        "Outreach",
        "Harm reduction",
        1,
        ("harm-reduction",),
        False,
        False,
        False,
        ("Talk with people on the street", "Hand out supplies", "Refer people to services"),
    ),
    (
        "Peer support",
        "Harm reduction",
        2,
        ("ethics",),
        False,
        False,
        False,
        ("One-to-one peer support", "Accompany people to appointments", "Run the peer group"),
    ),
    (
        "Mailing",
        "Social enterprise: mailing and repair",
        0,
        (),
        False,
        True,
        True,
        ("Fold and stuff letters", "Sort and bundle the post"),
    ),
    (
        "Bicycle repair",
        "Social enterprise: mailing and repair",
        0,
        (),
        False,
        True,
        True,
        ("Fix flat tyres", "Adjust brakes and gears", "Clean the workshop"),
    ),
)

# role, weekday, start hour, hours, places; per site index
TEMPLATES: dict[int, tuple[tuple[str, int, int, int, int], ...]] = {
    0: (
        ("Needle recovery", 0, 8, 4, 2),
        ("Needle recovery", 2, 8, 4, 2),
        ("Needle recovery", 4, 8, 4, 2),
        ("Supply distribution", 0, 13, 4, 2),
        ("Supply distribution", 3, 13, 4, 2),
        ("Drop-in host", 1, 10, 5, 2),
        ("Drop-in host", 4, 10, 5, 2),
        ("Overdose response", 2, 18, 4, 1),
        ("Overdose response", 5, 18, 4, 1),
        ("Outreach", 1, 14, 4, 2),
        ("Outreach", 3, 9, 4, 2),
        ("Peer support", 2, 13, 3, 1),
    ),
    1: (
        ("Needle recovery", 1, 8, 4, 2),
        ("Needle recovery", 5, 9, 4, 2),
        ("Supply distribution", 2, 12, 4, 2),
        ("Drop-in host", 0, 10, 5, 1),
        ("Outreach", 4, 14, 4, 2),
        ("Mailing", 1, 9, 6, 3),
        ("Mailing", 3, 9, 6, 3),
        ("Bicycle repair", 2, 10, 5, 2),
    ),
}
OTHER_WORK = (
    "housing paperwork help",
    "helped fill in a housing application",
    "went with someone to the shelter intake",
    "calls to the housing worker",
)
PAST_WEEKS = 7


def build(ctx: DemoContext) -> None:
    objects: dict[str, Any] = ctx.objects
    org, sites, peers = objects.get("org"), objects.get("sites") or [], objects.get("peers") or []
    staff = objects.get("staff") or {}
    coordinator = staff.get("coordinator")
    if org is None or not sites or coordinator is None:
        ctx.notes.append("Shifts: skipped (no organisation, sites or coordinator in the demo).")
        return
    rng = ctx.rng
    roles = _roles(ctx)
    ctx["roles"] = roles
    policy = selectors.policy_for(org)
    for index, site in enumerate(sites[:2]):
        for name, weekday, hour, hours, slots in TEMPLATES[index]:
            services.template_save(
                template=WeeklyTemplate(
                    organisation=org,
                    site=site,
                    role=roles[name],
                    weekday=weekday,
                    start_time=time(hour),
                    end_time=time(hour + hours),
                    slots=slots,
                ),
                by=coordinator,
            )
    stream = roles["Mailing"].work_stream
    # The mailing room trades as its own firm and numbers its own invoices.
    stream.is_business_line = True
    stream.trading_name = f"{org.name} Mail & Print"
    stream.contact = "12 Market Street\nmail@example.org"
    stream.invoice_prefix = "MP-"
    orders.business_line_save(stream=stream, by=coordinator)
    order = orders.work_order_create(
        order=WorkOrder(
            organisation=org,
            work_stream=stream,
            customer="City Housing Office",
            description="Fold and mail 5,000 tenant letters",
            quantity=5000,
            unit="letters",
            pricing=Pricing.PER_UNIT,
            price=Decimal("0.45"),
            due_on=ctx.today + timedelta(days=14),
        ),
        by=coordinator,
    )
    active = [p for p in peers if p.status == PeerStatus.ACTIVE]
    this_week = selectors.monday_of(ctx.today)
    runs = late = missed = 0
    for back in range(PAST_WEEKS, -2, -1):
        week_start = this_week - timedelta(weeks=back)
        # Sign-up closes two days before the week; next week's stays open until the week starts.
        closes = datetime.combine(week_start - timedelta(days=0 if back < 0 else 2), time(0), tzinfo=org.zone)
        shifts = services.templates_generate(
            organisation=org, week_start=week_start, by=coordinator, signup_closes_at=closes
        )
        order.refresh_from_db()
        for shift in shifts:
            # Once the letters are all out the order is closed: later mailing shifts are not fed to it.
            if shift.role.is_day_labour and shift.role.name == "Mailing" and order.is_open:
                shift.work_order = order
                shift.save(update_fields=["work_order"])
        _sign_ups(ctx, shifts, active, week_start)
        sign_up_mentor_pairs(shifts, week_start)
        if back < 0:
            continue  # next week: open for sign-up, allocation not yet run
        run = services.allocation_run(
            organisation=org, week_start=week_start, by=coordinator, seed=20261129 + back
        )
        services.allocation_publish(run=run, by=coordinator)
        runs += 1
        for shift in shifts:
            if shift.role.is_day_labour:
                services.lottery_draw(shift=shift, by=coordinator, seed=rng.randint(1, 10**6))
        now = timezone.now()
        late_n, missed_n = _attendance(ctx, shifts, now, policy.grace_minutes)
        late += late_n
        missed += missed_n
    ctx["shift_policy"] = policy
    ctx.notes.append(
        f"Shifts: {Shift.objects.filter(organisation=org).count()} shifts over {PAST_WEEKS + 2} weeks, "
        f"{runs} allocation runs, {late} late check-ins, {missed} missed (no penalty); next week is open."
    )


def _roles(ctx: DemoContext) -> dict[str, Role]:
    org = ctx["org"]
    stages = list(ctx.objects.get("stages") or [])
    by_code = ctx.objects.get("courses_by_code") or {}
    streams: dict[str, WorkStream] = {}
    roles: dict[str, Role] = {}
    for name, stream_name, stage_index, codes, paired, entry, day_labour, duties in ROLES:
        stream = streams.get(stream_name) or WorkStream.objects.create(organisation=org, name=stream_name)
        streams[stream_name] = stream
        role = Role.objects.create(
            organisation=org,
            work_stream=stream,
            name=name,
            duties=list(duties),
            min_stage=stages[stage_index] if stage_index < len(stages) and stage_index > 0 else None,
            is_paired=paired,
            is_entry_level=entry,
            is_day_labour=day_labour,
        )
        role.required_courses.set([by_code[c] for c in codes if c in by_code])
        roles[name] = role
    return roles


def _sign_ups(ctx: DemoContext, shifts: list[Shift], peers: list[Any], week_start: Any) -> None:
    rng = ctx.rng
    rows = []
    for shift in shifts:
        wanted = min(len(peers), shift.slots + rng.randint(0, shift.slots + 2))
        for rank_base, peer in enumerate(rng.sample(peers, wanted)):
            rows.append(
                SignUp(
                    organisation=shift.organisation,
                    shift=shift,
                    peer=peer,
                    rank=rng.choice((None, None, 1, 2, 3)) if rank_base % 2 == 0 else None,
                    is_walk_in=shift.role.is_day_labour,
                )
            )
    SignUp.objects.bulk_create(rows)


def _attendance(ctx: DemoContext, shifts: list[Shift], now: datetime, grace: int) -> tuple[int, int]:
    """Past shifts: most worked (some late, some early out), a few missed. Today: left for the desk."""
    rng = ctx.rng
    late = missed = 0
    for assignment in Assignment.objects.filter(
        shift__in=shifts, status=AssignmentStatus.ASSIGNED
    ).select_related("shift__role", "shift__work_order"):
        shift = assignment.shift
        if shift.ends_at > now:
            continue
        roll = rng.random()
        if roll < 0.08:
            assignment.status = AssignmentStatus.MISSED
            assignment.missed_at = shift.starts_at + timedelta(minutes=grace)
            assignment.save(update_fields=["status", "missed_at"])
            missed += 1
            continue
        minutes_late = rng.choice((0,) * 12 + (5, 12, 25)) if roll < 0.9 else 0
        late += 1 if minutes_late else 0
        early = rng.choice((0, 0, 0, 0, 15, 30))
        duties = list(shift.role.duties)
        done = rng.sample(duties, k=rng.randint(1, len(duties))) if duties else []
        other = ""
        drift = 0.6 if shift.role.name == "Outreach" else 0.05
        if rng.random() < drift:
            other = rng.choice(OTHER_WORK)
            if shift.role.name == "Outreach" and rng.random() < 0.9:  # Outreach drifts well past a quarter
                done = done[:1]
        assignment.status = AssignmentStatus.COMPLETED
        assignment.checked_in_at = shift.starts_at + timedelta(minutes=minutes_late)
        assignment.minutes_late = minutes_late
        assignment.checked_out_at = shift.ends_at - timedelta(minutes=early)
        assignment.minutes_early = early
        assignment.check_in_channel = rng.choice(("kiosk", "kiosk", "desk"))
        assignment.duties_done = done
        assignment.other_work = other
        assignment.quantity_done = None
        order = shift.work_order
        if order is not None:
            order.refresh_from_db()
            if order.is_open:
                assignment.quantity_done = min(rng.randint(250, 450), order.remaining)
                orders.work_order_add_done(order=order, quantity=assignment.quantity_done, by=None)
        assignment.save()
    Shift.objects.filter(pk__in=[s.pk for s in shifts], ends_at__lte=now).exclude(
        status=ShiftStatus.CANCELLED
    ).update(status=ShiftStatus.PUBLISHED)
    return late, missed
