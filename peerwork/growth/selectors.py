"""Reads for growth: the framework, plans and their reviews side by side, ratings over time, what a
peer has achieved (for the ladder's criteria and the work record)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet

from peerwork.accounts.capabilities import roles_with
from peerwork.accounts.models import Membership, User
from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.pathway.hooks import CompetenceNeed
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker

from .models import (
    Competence,
    CompetenceRating,
    CompetenceRequirement,
    GoalStanding,
    LearningGoal,
    Moment,
    PlacementPlan,
    PlanReview,
    Rater,
    Standing,
)


def framework_of(organisation: Organisation) -> QuerySet[Competence]:
    return (
        Competence.objects.filter(organisation=organisation)
        .select_related("stage")
        .prefetch_related("steps", "requirements__stage")
        .order_by("stage__order", "order", "name")
    )


def framework_by_stage(organisation: Organisation) -> list[tuple[Stage, list[Competence]]]:
    grouped: dict[int, list[Competence]] = defaultdict(list)
    stages: dict[int, Stage] = {}
    for competence in framework_of(organisation):
        grouped[competence.stage_id].append(competence)
        stages[competence.stage_id] = competence.stage
    return [(stages[pk], grouped[pk]) for pk in sorted(stages, key=lambda pk: stages[pk].order)]


def supervisors_of(organisation: Organisation) -> QuerySet[User]:
    roles = [str(role) for role in roles_with("can_review_growth")]
    ids = Membership.objects.filter(organisation=organisation, is_active=True, role__in=roles).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids).order_by("display_name", "username")


def plans_for_org(organisation: Organisation) -> QuerySet[PlacementPlan]:
    """Every plan of the organisation the person may see (their sites' peers only)."""
    return within_sites(
        PlacementPlan.objects.filter(organisation=organisation)
        .select_related("peer", "role", "supervisor")
        .annotate(goal_count=Count("goals", distinct=True), review_count=Count("reviews", distinct=True))
        .order_by("-starts_on", "-id")
    )


def plans_for_peer(peer: PeerWorker) -> QuerySet[PlacementPlan]:
    return (
        PlacementPlan.objects.filter(peer=peer)
        .select_related("role", "supervisor")
        .prefetch_related("goals", "reviews")
    )


@dataclass
class GoalRow:
    goal: LearningGoal
    # {(moment, rater): GoalStanding}
    standings: dict[tuple[str, str], GoalStanding] = field(default_factory=dict)

    cells: list[GoalStanding | None] = field(default_factory=list)  # one per column, in order

    @property
    def achieved(self) -> bool:
        standing = self.standings.get((Moment.END, Rater.SUPERVISOR))
        return standing is not None and standing.standing == Standing.ACHIEVED


@dataclass
class ReviewColumn:
    moment: str
    rater: str
    label: str
    review: PlanReview | None


@dataclass
class ReviewSection:
    """One moment (mid-way or end): the peer's and the supervisor's review, goal by goal."""

    moment: str
    label: str
    columns: list[ReviewColumn]
    rows: list[tuple[GoalRow, list[GoalStanding | None]]]


@dataclass
class PlanView:
    plan: PlacementPlan
    columns: list[ReviewColumn]
    rows: list[GoalRow]

    @property
    def sections(self) -> list[ReviewSection]:
        sections = []
        for moment, label in Moment.choices:
            picked = [i for i, column in enumerate(self.columns) if column.moment == moment]
            sections.append(
                ReviewSection(
                    moment=moment,
                    label=str(label),
                    columns=[self.columns[i] for i in picked],
                    rows=[(row, [row.cells[i] for i in picked]) for row in self.rows],
                )
            )
        return sections


def plan_view(plan: PlacementPlan) -> PlanView:
    """The plan's goals with each review's standing beside them: peer and supervisor, mid-way and end."""
    reviews = {
        (r.moment, r.rater): r for r in PlanReview.objects.filter(plan=plan).select_related("reviewed_by")
    }
    rows = {goal.pk: GoalRow(goal) for goal in plan.goals.select_related("competence")}
    for standing in GoalStanding.objects.filter(review__plan=plan).select_related("review"):
        rows[standing.goal_id].standings[(standing.review.moment, standing.review.rater)] = standing
    columns = [
        ReviewColumn(moment, rater, str(rater_label), reviews.get((moment, rater)))
        for moment in Moment.values
        for rater, rater_label in Rater.choices
    ]
    for row in rows.values():
        row.cells = [row.standings.get((column.moment, column.rater)) for column in columns]
    return PlanView(plan=plan, columns=columns, rows=list(rows.values()))


def reviews_open(plan: PlacementPlan, rater: str, today: date) -> list[str]:
    """The moments whose review by ``rater`` is due (its date reached) and not yet recorded. Reads the
    plan's reviews, so a list of plans that prefetched them (``plans_for_peer``) asks nothing more."""
    done = {review.moment for review in plan.reviews.all() if review.rater == rater}
    return [m for m in Moment.values if m not in done and plan.due_on(m) <= today]


def ratings_for(peer: PeerWorker) -> QuerySet[CompetenceRating]:
    return CompetenceRating.objects.filter(peer=peer).select_related("competence", "rated_by")


@dataclass
class CompetenceTrack:
    """One competence's ratings over time, the peer's and the supervisor's, with the latest of each."""

    competence: Competence
    steps: int
    peer: list[CompetenceRating] = field(default_factory=list)
    supervisor: list[CompetenceRating] = field(default_factory=list)

    @property
    def latest_peer(self) -> int | None:
        return self.peer[-1].level if self.peer else None

    @property
    def latest_supervisor(self) -> int | None:
        return self.supervisor[-1].level if self.supervisor else None


def tracks_for(peer: PeerWorker) -> list[CompetenceTrack]:
    """Every competence of the framework with the peer's ratings, rated ones first."""
    return _tracks(peer, list(CompetenceRating.objects.filter(peer=peer).order_by("rated_on", "id")))


def rated_tracks(peer: PeerWorker) -> list[CompetenceTrack]:
    """The tracks of ``tracks_for`` with a rating (they come first there), in the same order; the
    framework is not read for a peer nobody has rated."""
    ratings = list(CompetenceRating.objects.filter(peer=peer).order_by("rated_on", "id"))
    return [track for track in _tracks(peer, ratings) if track.peer or track.supervisor] if ratings else []


def _tracks(peer: PeerWorker, ratings: list[CompetenceRating]) -> list[CompetenceTrack]:
    tracks = {
        c.pk: CompetenceTrack(competence=c, steps=len(c.steps.all())) for c in framework_of(peer.organisation)
    }
    for rating in ratings:
        track = tracks.get(rating.competence_id)
        if track is not None:
            (track.peer if rating.rater == Rater.PEER else track.supervisor).append(rating)
    ordered = list(tracks.values())
    return [t for t in ordered if t.peer or t.supervisor] + [
        t for t in ordered if not (t.peer or t.supervisor)
    ]


# --- what the ladder asks (registered into pathway.hooks) ---------------------------------------


def goals_achieved_many(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, int]:
    """{peer_id: goals the supervisor's end review (dated up to ``until``) marks achieved}."""
    rows = (
        GoalStanding.objects.filter(
            review__plan__organisation=organisation,
            review__plan__peer__in=[p.pk for p in peers],
            review__moment=Moment.END,
            review__rater=Rater.SUPERVISOR,
            review__reviewed_on__lte=until,
            standing=Standing.ACHIEVED,
        )
        .values("review__plan__peer_id")
        .annotate(n=Count("id"))
    )
    return {row["review__plan__peer_id"]: row["n"] for row in rows}


def competence_needs(organisation: Organisation) -> dict[int, list[CompetenceNeed]]:
    needs: dict[int, list[CompetenceNeed]] = defaultdict(list)
    requirements = (
        CompetenceRequirement.objects.filter(stage__organisation=organisation)
        .select_related("competence")
        .annotate(steps=Count("competence__steps"))
        .order_by("competence__stage__order", "competence__order")
    )
    for req in requirements:
        needs[req.stage_id].append(
            CompetenceNeed(req.competence_id, req.competence.name, req.level, req.steps)
        )
    return dict(needs)


def competence_levels_many(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, dict[int, int]]:
    """{peer_id: {competence_id: step}} from the supervisor's latest rating up to ``until``."""
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    ratings = CompetenceRating.objects.filter(
        organisation=organisation, peer__in=[p.pk for p in peers], rater=Rater.SUPERVISOR, rated_on__lte=until
    ).order_by("rated_on", "id")
    for peer_id, competence_id, level in ratings.values_list("peer_id", "competence_id", "level"):
        levels[peer_id][competence_id] = level  # later rows win
    return dict(levels)


# --- the work record's view (plain data) --------------------------------------------------------


@dataclass(frozen=True)
class GoalAchieved:
    text: str
    competence: str
    plan: str
    achieved_on: date


@dataclass(frozen=True)
class CompetenceLevel:
    competence: str
    public_name: str  # the name a discreet work record may show; "" when it may only count it
    stage: str
    steps: int
    supervisor_level: int | None
    supervisor_step: str
    peer_level: int | None
    rated_on: date | None


@dataclass(frozen=True)
class Achievements:
    goals: list[GoalAchieved]
    competences: list[CompetenceLevel]


def achievements_for(peer: PeerWorker) -> Achievements:
    """Goals achieved (the supervisor's end review) and each rated competence's latest steps."""
    standings = (
        GoalStanding.objects.filter(
            review__plan__peer=peer,
            review__moment=Moment.END,
            review__rater=Rater.SUPERVISOR,
            standing=Standing.ACHIEVED,
        )
        .select_related("goal__competence", "review__plan__role")
        .order_by("review__reviewed_on", "goal__position")
    )
    goals = [
        GoalAchieved(
            text=s.goal.text,
            competence=s.goal.competence.name if s.goal.competence else "",
            plan=s.review.plan.name,
            achieved_on=s.review.reviewed_on,
        )
        for s in standings
    ]
    competences = []
    for track in tracks_for(peer):
        if not (track.peer or track.supervisor):
            continue
        level = track.latest_supervisor
        steps = {step.level: step.description for step in track.competence.steps.all()}
        last = max([r.rated_on for r in track.peer + track.supervisor])
        competences.append(
            CompetenceLevel(
                competence=track.competence.name,
                public_name=track.competence.discreet_name(),
                stage=track.competence.stage.name,
                steps=track.steps,
                supervisor_level=level,
                supervisor_step=steps.get(level, "") if level else "",
                peer_level=track.latest_peer,
                rated_on=last,
            )
        )
    return Achievements(goals=goals, competences=competences)
