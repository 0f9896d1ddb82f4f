"""Demo ladder histories: peers moved up over the year (with their trainings and sign-offs), one step back."""

from __future__ import annotations

from datetime import date, timedelta

from peerwork.core.demo import DemoContext
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Certification
from peerwork.training.services import certification_issue

from .models import Stage, StageChangeKind
from .selectors import ladder_of
from .services import _record, stage_sign_off_record

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
