"""Demo growth: a competence framework of six competences across the ladder (four steps each), the top
stage asking for two achieved goals and a competence step, placement plans with reviews for the kiosk
peers, and six months of ratings (the peer's own and the supervisor's) for the active peers."""

from __future__ import annotations

from datetime import date, timedelta

from peerwork.accounts.models import User
from peerwork.core.demo import DemoContext
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.shifts.models import Role

from .models import Competence, Moment, Rater, Standing
from .services import GoalInput, competence_rate, competence_save, placement_plan_create, plan_review_record

# (stage order, name, description, steps)
FRAMEWORK = (
    (
        1,
        "Showing up and taking part",
        "Coming to groups and shifts, and joining in.",
        (
            "Comes now and then",
            "Comes when planned",
            "Comes and helps set up",
            "Brings others along",
        ),
    ),
    (
        2,
        "Safer-use supplies and sharps",
        "Handing out supplies and recovering sharps safely.",
        (
            "Knows the supplies from training",
            "Hands out supplies with a partner",
            "Runs the supply table alone",
            "Shows new peers how",
        ),
    ),
    (
        2,
        "Naloxone and overdose response",
        "Recognising an overdose and responding.",
        (
            "Knows the signs",
            "Has practised with a kit",
            "Has responded with support",
            "Trains others",
        ),
    ),
    (
        3,
        "Sharing lived experience",
        "Using one's own story with purpose and care.",
        (
            "Shares when asked",
            "Chooses what to share",
            "Shares to help someone take a step",
            "Helps others find their way to share",
        ),
    ),
    (
        4,
        "Mentoring newer peers",
        "Pairing with a new peer and helping them grow.",
        (
            "Has been paired once",
            "Mentors on paired shifts",
            "Plans with a mentee",
            "Supports other mentors",
        ),
    ),
    (
        5,
        "Coordinating a team",
        "Running a team's day: the desk, the plan, the debrief.",
        (
            "Helps the coordinator",
            "Runs the desk for a shift",
            "Plans a team's week",
            "Leads the team",
        ),
    ),
)


def build(ctx: DemoContext) -> None:
    organisation = ctx["org"]
    stages = {s.order: s for s in Stage.objects.filter(organisation=organisation)}
    if len(stages) < 5:
        ctx.notes.append("Growth demo skipped: the demo ladder has fewer than five stages.")
        return
    competences = [
        competence_save(
            organisation=organisation, stage=stages[order], name=name, description=text, steps=steps
        )
        for order, name, text, steps in FRAMEWORK
    ]
    top = stages[5]
    top.min_goals_achieved = 2
    top.save(update_fields=["min_goals_achieved"])
    competence_save(
        organisation=organisation,
        competence=competences[4],
        stage=stages[4],
        name=competences[4].name,
        description=competences[4].description,
        steps=[s.description for s in competences[4].steps.all()],
        requirements={top: 3},
    )
    supervisor: User = ctx["staff"]["supervisor"]
    active = [p for p in ctx["peers"] if p.status == PeerStatus.ACTIVE]
    positions = dict(PeerPosition.objects.filter(peer__in=active).values_list("peer_id", "stage__order"))
    ratings = sum(
        _ratings(ctx, peer, competences, positions.get(peer.pk, 1), supervisor) for peer in active[:24]
    )
    plans = _plans(ctx, active[:3], competences, supervisor)
    ctx.notes.append(
        f"Growth: {len(competences)} competences, {plans} placement plans with reviews, {ratings} ratings; "
        f"{top.name} needs 2 achieved learning goals and {competences[4].name} at step 3."
    )


def _ratings(ctx: DemoContext, peer: PeerWorker, competences: list[Competence], level: int, by: User) -> int:
    """Every six weeks over six months: the peer's own view and the supervisor's, slowly rising."""
    count = 0
    peer_user = peer.user or by
    for competence in competences:
        if competence.stage.order > level + 1:
            continue
        own = sup = max(1, min(4, level - competence.stage.order + 1))
        for months_ago in (6, 4.5, 3, 1.5, 0.25):
            day = ctx.today - timedelta(days=int(months_ago * 30) + ctx.rng.randint(0, 6))
            if day < peer.joined_on:
                continue
            own = min(4, max(1, own + ctx.rng.choice((0, 0, 1, -1))))
            sup = min(4, max(1, sup + ctx.rng.choice((0, 1, 1, 0))))
            competence_rate(
                peer=peer, competence=competence, rater=Rater.PEER, level=own, by=peer_user, on=day
            )
            competence_rate(
                peer=peer, competence=competence, rater=Rater.SUPERVISOR, level=sup, by=by, on=day
            )
            count += 2
    return count


def _plans(ctx: DemoContext, peers: list[PeerWorker], competences: list[Competence], by: User) -> int:
    roles = list(Role.objects.filter(organisation=ctx["org"]).order_by("name")[:2])
    count = 0
    for index, peer in enumerate(peers):
        past_start = ctx.today - timedelta(days=150)
        past = placement_plan_create(
            peer=peer,
            title="Supply table, Tuesdays and Thursdays",
            starts_on=past_start,
            ends_on=past_start + timedelta(days=90),
            supervisor=by,
            goals=[
                GoalInput(competence=competences[1]),
                GoalInput(competence=competences[2]),
                GoalInput(text="Ask for help early when a shift gets hard"),
            ],
            by=by,
        )
        _review(past, Moment.MIDWAY, Rater.PEER, peer.user or by, Standing.ON_THE_WAY, past.midway_on)
        _review(past, Moment.MIDWAY, Rater.SUPERVISOR, by, Standing.ON_THE_WAY, past.midway_on)
        _review(past, Moment.END, Rater.PEER, peer.user or by, Standing.ACHIEVED, past.ends_on)
        _review(past, Moment.END, Rater.SUPERVISOR, by, Standing.ACHIEVED, past.ends_on, keep_last=index == 1)
        start = ctx.today - timedelta(days=40)
        current = placement_plan_create(
            peer=peer,
            role=roles[index % len(roles)] if roles else None,
            title="" if roles else "Outreach stretch",
            starts_on=start,
            ends_on=start + timedelta(days=70),
            supervisor=by,
            goals=[
                GoalInput(competence=competences[3]),
                GoalInput(text="Lead the check-in round at the Thursday group"),
            ],
            by=by,
        )
        _review(current, Moment.MIDWAY, Rater.SUPERVISOR, by, Standing.ON_THE_WAY, current.midway_on)
        count += 2
    return count


def _review(plan, moment, rater, by, standing, on: date, keep_last: bool = False) -> None:
    goals = list(plan.goals.all())
    standings = {g.pk: (standing, "") for g in goals}
    if keep_last:  # one goal still on the way at the end: not every goal is met
        standings[goals[-1].pk] = (Standing.ON_THE_WAY, "Keep practising this one.")
    plan_review_record(plan=plan, moment=moment, rater=rater, standings=standings, by=by, on=on)
