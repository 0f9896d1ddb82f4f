"""Demo next-stage work: the Regent Park failure. Co-facilitator and trainer shifts lead trainees and
peer workers up, but the team lead and outreach lead roles that would lead senior peers to Peer lead
have no shifts at all, so every senior peer is stuck. A coordinator adds stretch places to fix it.

Its own random generator, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from peerwork.core.demo import DemoContext
from peerwork.orgs.models import Site
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.peers.models import PeerStatus

from .models import (
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    Role,
    Shift,
    ShiftStatus,
    SignUp,
    WorkStream,
)
from .nextstage import ladder_work
from .selectors import monday_of

SEED = 16
# name, lowest stage index, stage index it develops, duties
STRETCH_ROLES = (
    (
        "Co-facilitator",
        1,
        2,
        ("Co-lead the drop-in group with a staff member", "Welcome newcomers to the group"),
    ),
    ("Trainer", 2, 3, ("Teach a naloxone session with the trainer", "Run the role-play on de-escalation")),
    (
        "Team lead",
        3,
        4,
        ("Brief the team before the shift", "Run the check-in desk", "Debrief after the shift"),
    ),
    ("Outreach lead", 3, 4, ("Plan the outreach route", "Lead the outreach pair", "Follow up referrals")),
)
# role, site index, weekday, start hour, hours, places: only the roles that lead up to Peer worker
# and Senior peer have shifts; nothing leads up to Peer lead.
WEEKLY = (
    ("Co-facilitator", 0, 1, 15, 2, 2),
    ("Trainer", 0, 3, 15, 3, 2),
    ("Trainer", 1, 2, 15, 3, 1),
)
WEEKS_BACK = 7


def build(ctx: DemoContext) -> None:
    org, sites = ctx.objects.get("org"), ctx.objects.get("sites") or []
    stages = list(Stage.objects.filter(organisation=org).order_by("order")) if org else []
    if org is None or len(stages) < 5 or len(sites) < 2:
        ctx.notes.append("Next-stage work: skipped (needs the five-stage ladder and two sites).")
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    stream, _ = WorkStream.objects.get_or_create(organisation=org, name="Harm reduction")
    roles = {}
    for name, low, develops, duties in STRETCH_ROLES:
        roles[name] = Role.objects.create(
            organisation=org,
            work_stream=stream,
            name=name,
            duties=list(duties),
            min_stage=stages[low],
            develops_stage=stages[develops],
        )
    at_stage: dict[int, list[int]] = {}
    for peer_id, order in PeerPosition.objects.filter(
        peer__organisation=org, peer__status=PeerStatus.ACTIVE
    ).values_list("peer_id", "stage__order"):
        at_stage.setdefault(order, []).append(peer_id)
    this_week = monday_of(ctx.today)
    for back in range(WEEKS_BACK, -2, -1):
        week = this_week - timedelta(weeks=back)
        for name, site_index, weekday, hour, hours, places in WEEKLY:
            role = roles[name]
            day = week + timedelta(days=weekday)
            _stretch_shift(ctx, rng, role, sites[site_index], day, hour, hours, places, at_stage)
    ctx["stretch_roles"] = roles
    work = ladder_work(org, ctx.today)
    senior = work.stages[3]
    ctx.notes.append(
        f"Next-stage work: {len(roles)} stretch roles; {senior.peers} senior peers, {senior.next_places} "
        f"Peer lead places in {work.weeks} weeks; {work.stuck} peers stuck (see /shifts/fairness/)."
    )


def _stretch_shift(
    ctx: DemoContext,
    rng: random.Random,
    role: Role,
    site: Site,
    day: date,
    hour: int,
    hours: int,
    places: int,
    at_stage: dict[int, list[int]],
) -> None:
    org = ctx["org"]
    starts = datetime.combine(day, time(hour), tzinfo=org.zone)
    past = day < ctx.today
    shift = Shift.objects.create(
        organisation=org,
        site=site,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        slots=places,
        status=ShiftStatus.PUBLISHED if past else ShiftStatus.OPEN,
    )
    below = role.develops_stage.order - 1 if role.develops_stage else 0
    asking = rng.sample(
        at_stage.get(below, []), k=min(len(at_stage.get(below, [])), places + rng.randint(0, 3))
    )
    SignUp.objects.bulk_create([SignUp(organisation=org, shift=shift, peer_id=peer_id) for peer_id in asking])
    if not past:
        return
    for peer_id in asking[:places]:
        Assignment.objects.create(
            organisation=org,
            shift=shift,
            peer_id=peer_id,
            status=AssignmentStatus.COMPLETED,
            source=AssignmentSource.ALLOCATION,
            checked_in_at=shift.starts_at,
            checked_out_at=shift.ends_at,
            check_in_channel="kiosk",
        )
