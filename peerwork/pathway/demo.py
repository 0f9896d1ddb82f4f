"""Demo ladder histories: peers moved up over the year (with their trainings and sign-offs), one step back."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from peerwork.core.demo import DemoContext
from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_hours_before_set
from peerwork.training.models import Certification
from peerwork.training.services import certification_issue

from .models import PeerPosition, Stage, StageChangeKind
from .selectors import ladder_of
from .services import _record, stage_sign_off_record

# Hours brought forward from paper timesheets, by the stage a peer is at now (index in the ladder):
# the demo has only a few weeks of shifts in Peerwork, but its peers have worked for months. Each
# range stays below what the next stage asks, so nobody becomes ready just by the move.
HOURS_BEFORE = ((0, 0), (5, 12), (60, 150), (300, 440), (520, 760))
# The demo programme moved from paper to Peerwork about this long ago (its shift history).
PEERWORK_SINCE_WEEKS = 9

# Days spent at each stage before moving up (a range per stage): most peers climb slowly.
DWELL = ((18, 45), (60, 130), (140, 260), (200, 320))


def _ready(ctx: DemoContext, peer: PeerWorker, stage: Stage, day: date) -> None:
    """Give the peer what ``stage`` asks for by ``day``: its trainings and, if needed, a sign-off."""
    held = set(
        Certification.objects.filter(peer=peer, issued_on__lte=day).values_list("course_id", flat=True)
    )
    for course in stage.required_courses.all():
        if course.pk not in held:
            certification_issue(
                peer=peer, course=course, issued_on=day - timedelta(days=ctx.rng.randint(5, 30))
            )
    if stage.needs_sign_off:
        stage_sign_off_record(
            peer=peer, stage=stage, by=ctx["staff"]["supervisor"], on=day - timedelta(days=2)
        )


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    stages = list(ladder_of(ctx["org"]))
    ctx["stages"] = stages
    coordinator = ctx["staff"]["coordinator"]
    for peer in ctx["peers"]:
        day, level = peer.joined_on, 0
        while level + 1 < len(stages):
            low, high = DWELL[level]
            day = day + timedelta(days=rng.randint(low, high))
            if day >= ctx.today:
                break
            level += 1
            _ready(ctx, peer, stages[level], day)
            _record(
                peer=peer,
                to_stage=stages[level],
                kind=StageChangeKind.PROMOTION,
                on=day,
                by=coordinator,
                reason=rng.choice(("", "Ready, and keen to take it on.", "Criteria met; the team agreed.")),
            )
        if level >= 2 and rng.random() < 0.08:
            _record(
                peer=peer,
                to_stage=stages[level - 1],
                kind=StageChangeKind.STEP_BACK,
                on=min(ctx.today, day + timedelta(days=20)),
                by=coordinator,
                reason="Asked to take fewer shifts for a while; can move up again whenever ready.",
            )
        elif level + 1 < len(stages) and rng.random() < 0.3:
            # Some are nearly there: the supervisor has already signed off the next stage.
            nxt = stages[level + 1]
            if nxt.needs_sign_off:
                stage_sign_off_record(
                    peer=peer, stage=nxt, by=ctx["staff"]["supervisor"], on=ctx.today - timedelta(days=3)
                )


def build_hours_before(ctx: DemoContext) -> None:
    """Opening balances: peers who worked before the programme used Peerwork bring their hours."""
    # Its own generator: the builders after this one draw exactly what they drew before.
    rng, stages = random.Random(37), ctx["stages"]
    since = ctx.today - timedelta(weeks=PEERWORK_SINCE_WEEKS)
    index = {stage.pk: i for i, stage in enumerate(stages)}
    positions = dict(PeerPosition.objects.filter(peer__in=ctx["peers"]).values_list("peer_id", "stage_id"))
    brought, total = 0, 0
    for peer in ctx["peers"]:
        level = index.get(positions.get(peer.pk, 0), 0)
        low, high = HOURS_BEFORE[min(level, len(HOURS_BEFORE) - 1)]
        if peer.joined_on >= since or high == 0:
            continue
        hours = rng.randint(low, high)
        peer_hours_before_set(
            peer=peer,
            hours=Decimal(hours),
            source="Paper timesheets before Peerwork",
            by=ctx["staff"]["coordinator"],
        )
        brought, total = brought + 1, total + hours
    ctx.notes.append(
        f"Ladder: {brought} peers brought {total} hours forward from paper timesheets "
        "(hours before Peerwork, on each peer's page)."
    )
