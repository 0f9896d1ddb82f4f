"""Writes for growth: the competence framework, ratings, placement plans and their reviews.

Each runs in one transaction and refuses bad input with a ValidationError that names the field, so
nothing is half-saved. Ratings and reviews are append-only: a second review by the same person at
the same moment is refused, never written over the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from peerwork.accounts.models import Membership, User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role

from .models import (
    MAX_GOALS,
    MAX_STEPS,
    MIN_GOALS,
    MIN_STEPS,
    Competence,
    CompetenceRating,
    CompetenceRequirement,
    CompetenceStep,
    GoalStanding,
    LearningGoal,
    Moment,
    PlacementPlan,
    PlanReview,
    Rater,
    Standing,
)


@dataclass(frozen=True)
class GoalInput:
    """One goal of a new plan: picked from the framework (``competence``) or written (``text``)."""

    text: str = ""
    competence: Competence | None = None


@transaction.atomic
def competence_save(
    *,
    organisation: Organisation,
    stage: Stage,
    name: str,
    steps: Sequence[str],
    description: str = "",
    requirements: dict[Stage, int | None] | None = None,
    competence: Competence | None = None,
    public_title: str = "",
    reveals_programme: bool = True,
    by: User | None = None,
) -> Competence:
    """Create or change a competence with its steps (1..N, a description each) and the stages that need it.
    ``public_title`` and ``reveals_programme`` say how a discreet work record may name it."""
    steps = [text.strip() for text in steps if text.strip()]
    if stage.organisation_id != organisation.pk:
        raise ValidationError({"stage": _("Choose a stage of your ladder.")})
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        raise ValidationError(
            {
                "steps": _("Write %(low)s to %(high)s steps, one a line.")
                % {"low": MIN_STEPS, "high": MAX_STEPS}
            }
        )
    if competence is not None:
        rated = competence.ratings.aggregate(top=Max("level"))["top"] or 0
        if rated > len(steps):
            raise ValidationError(
                {
                    "steps": _("Someone was rated at step %(step)s, so keep at least %(step)s steps.")
                    % {"step": rated}
                }
            )
    same_name = Competence.objects.filter(organisation=organisation, name=name)
    if competence is not None:
        same_name = same_name.exclude(pk=competence.pk)
    if same_name.exists():
        raise ValidationError({"name": _("There is already a competence with this name.")})
    for wanted_stage, level in (requirements or {}).items():
        if level is not None and not 1 <= level <= len(steps):
            raise ValidationError(
                {
                    "__all__": _("%(stage)s: the step needed must be between 1 and %(high)s.")
                    % {"stage": wanted_stage.name, "high": len(steps)}
                }
            )
    if competence is None:
        top = Competence.objects.filter(organisation=organisation).aggregate(top=Max("order"))["top"] or 0
        competence = Competence(organisation=organisation, order=top + 1)
    competence.stage, competence.name, competence.description = stage, name, description
    competence.public_title, competence.reveals_programme = public_title.strip(), reveals_programme
    competence.full_clean(exclude=["organisation"])
    competence.save()
    competence.steps.all().delete()
    CompetenceStep.objects.bulk_create(
        CompetenceStep(competence=competence, level=level, description=text)
        for level, text in enumerate(steps, start=1)
    )
    for wanted_stage, level in (requirements or {}).items():
        if wanted_stage.organisation_id != organisation.pk:
            continue
        if level is None:
            CompetenceRequirement.objects.filter(stage=wanted_stage, competence=competence).delete()
        else:
            CompetenceRequirement.objects.update_or_create(
                stage=wanted_stage, competence=competence, defaults={"level": level}
            )
    audit_record(action="competence_saved", organisation=organisation, actor=by, obj=competence)
    return competence


@transaction.atomic
def competence_rate(
    *,
    peer: PeerWorker,
    competence: Competence,
    rater: str,
    level: int,
    by: User,
    on: date | None = None,
    note: str = "",
) -> CompetenceRating:
    """Record where the peer (or their supervisor) puts the peer on one competence today."""
    if competence.organisation_id != peer.organisation_id:
        raise ValidationError({"competence": _("Choose a competence of your organisation.")})
    steps = competence.steps.count()
    if not 1 <= level <= steps:
        raise ValidationError(
            {
                "level": _("Choose a step from 1 to %(high)s for %(competence)s.")
                % {"high": steps, "competence": competence}
            }
        )
    if rater not in Rater.values:
        raise ValidationError({"rater": _("Say who is rating.")})
    on = on or peer.organisation.today()
    if on > peer.organisation.today():
        raise ValidationError({"rated_on": _("A rating cannot be dated in the future.")})
    rating = CompetenceRating.objects.create(
        organisation=peer.organisation,
        peer=peer,
        competence=competence,
        rater=rater,
        level=level,
        rated_on=on,
        note=note,
        rated_by=by,
    )
    audit_record(action="competence_rated", organisation=peer.organisation, actor=by, obj=rating)
    return rating


def _check_goals(organisation: Organisation, goals: Sequence[GoalInput]) -> list[GoalInput]:
    kept = [g for g in goals if g.competence is not None or g.text.strip()]
    if not MIN_GOALS <= len(kept) <= MAX_GOALS:
        raise ValidationError(
            {
                "__all__": _("A plan has %(low)s to %(high)s learning goals; this one has %(count)s.")
                % {"low": MIN_GOALS, "high": MAX_GOALS, "count": len(kept)}
            }
        )
    for goal in kept:
        if goal.competence is not None and goal.competence.organisation_id != organisation.pk:
            raise ValidationError({"__all__": _("Choose competences of your organisation.")})
    return kept


def _is_supervisor(user: User, organisation: Organisation) -> bool:
    memberships = Membership.objects.filter(user=user, organisation=organisation, is_active=True)
    return any(m.can("can_review_growth") for m in memberships)


@transaction.atomic
def placement_plan_create(
    *,
    peer: PeerWorker,
    starts_on: date,
    ends_on: date,
    supervisor: User,
    goals: Sequence[GoalInput],
    by: User,
    role: Role | None = None,
    title: str = "",
) -> PlacementPlan:
    """A plan for a role or a fixed stretch of work, with two to five learning goals."""
    organisation = peer.organisation
    errors: dict[str, str] = {}
    if role is None and not title.strip():
        errors["title"] = _("Choose the role, or say what the stretch of work is.")
    if role is not None and role.organisation_id != organisation.pk:
        errors["role"] = _("Choose a role of your organisation.")
    if ends_on <= starts_on:
        errors["ends_on"] = _("The end must come after the start.")
    if not _is_supervisor(supervisor, organisation):
        errors["supervisor"] = _("Choose a supervisor of your organisation.")
    if errors:
        raise ValidationError(errors)
    kept = _check_goals(organisation, goals)
    plan = PlacementPlan.objects.create(
        organisation=organisation,
        peer=peer,
        role=role,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        supervisor=supervisor,
        created_by=by,
    )
    LearningGoal.objects.bulk_create(
        LearningGoal(
            plan=plan,
            position=position,
            competence=goal.competence,
            text=goal.text.strip() or (goal.competence.name if goal.competence else ""),
        )
        for position, goal in enumerate(kept, start=1)
    )
    audit_record(action="placement_plan_created", organisation=organisation, actor=by, obj=plan)
    return plan


@transaction.atomic
def plan_review_record(
    *,
    plan: PlacementPlan,
    moment: str,
    rater: str,
    standings: dict[int, tuple[str, str]],
    by: User,
    note: str = "",
    on: date | None = None,
) -> PlanReview:
    """The peer's or the supervisor's view of each goal at the mid-way or end review (kept, never replaced).

    ``standings`` maps each goal's id to (standing, note)."""
    organisation = plan.organisation
    on = on or organisation.today()
    if moment not in Moment.values:
        raise ValidationError({"moment": _("Choose the mid-way or the end review.")})
    if rater not in Rater.values:
        raise ValidationError({"rater": _("Say who is reviewing.")})
    if on < plan.starts_on:
        raise ValidationError({"__all__": _("The plan has not started yet.")})
    goals = list(plan.goals.all())
    missing = [goal.text for goal in goals if standings.get(goal.pk, ("", ""))[0] not in Standing.values]
    if missing:
        raise ValidationError(
            {"__all__": _("Say where you stand on: %(goals)s.") % {"goals": "; ".join(missing)}}
        )
    if PlanReview.objects.filter(plan=plan, moment=moment, rater=rater).exists():
        raise ValidationError({"__all__": _("This review is already recorded. It is kept as it was.")})
    try:
        with transaction.atomic():
            review = PlanReview.objects.create(
                plan=plan, moment=moment, rater=rater, reviewed_on=on, note=note, reviewed_by=by
            )
    except IntegrityError:  # recorded at the same moment by another request
        raise ValidationError(
            {"__all__": _("This review is already recorded. It is kept as it was.")}
        ) from None
    GoalStanding.objects.bulk_create(
        GoalStanding(
            review=review, goal=goal, standing=standings[goal.pk][0], note=standings[goal.pk][1][:500]
        )
        for goal in goals
    )
    audit_record(action="placement_reviewed", organisation=organisation, actor=by, obj=review)
    return review
