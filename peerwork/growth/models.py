"""Growth on the ladder: the organisation's competence framework (per stage, in steps), ratings of
it by the peer and by the supervisor, and placement plans with two to five learning goals reviewed
mid-way and at the end by both. Every rating and review is kept: nothing here is overwritten.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role

MIN_GOALS, MAX_GOALS = 2, 5
MIN_STEPS, MAX_STEPS = 2, 6


class Competence(models.Model):
    """One competence of the organisation's framework, developed at ``stage``, in steps 1..N."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="competences")
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="competences", verbose_name=_("stage")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The work record is discreet by default. A competence's name may speak of drug use or harm
    # reduction, so it is named on a discreet record only when staff say its name is safe, or give it
    # a neutral title; until then a discreet record only counts it.
    public_title = models.CharField(
        _("title on a work record"),
        max_length=120,
        blank=True,
        help_text=_("A neutral name for the discreet work record, e.g. 'Emergency first response'."),
    )
    reveals_programme = models.BooleanField(
        _("its name speaks of drug use or harm reduction"),
        default=True,
        help_text=_(
            "Untick when the name is safe for an employer to read (e.g. 'Cash handling'). While ticked, "
            "a discreet work record shows the competence only by its title on a work record, or counts it."
        ),
    )

    class Meta:
        ordering = ["stage__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="competence_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def discreet_name(self) -> str:
        """The name a discreet work record shows; "" when it may only count the competence."""
        if self.public_title:
            return self.public_title
        return "" if self.reveals_programme else self.name


class CompetenceStep(models.Model):
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(_("step"))
    description = models.CharField(_("what the step looks like"), max_length=300)

    class Meta:
        ordering = ["competence", "level"]
        constraints = [
            models.UniqueConstraint(fields=["competence", "level"], name="one_step_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.competence} {self.level}"


class CompetenceRequirement(models.Model):
    """A ladder criterion: reaching ``stage`` needs ``competence`` rated at ``level`` or above.

    It lives here, not in pathway, because it points at a competence (growth is above pathway);
    pathway reads it through its ``competence_needs`` hook.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="competence_requirements")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="requirements")
    level = models.PositiveSmallIntegerField(_("step needed"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "competence"], name="one_requirement_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.competence} ≥ {self.level}"


class Rater(models.TextChoices):
    PEER = "peer", _("The peer")
    SUPERVISOR = "supervisor", _("The supervisor")


class CompetenceRating(models.Model):
    """Where someone puts the peer on one competence on one day. Append-only: a new rating is a new row."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="competence_ratings")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="ratings")
    rater = models.CharField(_("rated by"), max_length=16, choices=Rater.choices)
    level = models.PositiveSmallIntegerField(_("step"))
    rated_on = models.DateField(_("rated on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py

    class Meta:
        ordering = ["rated_on", "id"]
        indexes = [models.Index(fields=["peer", "competence", "rater", "rated_on"])]

    def __str__(self) -> str:
        return f"{self.peer}: {self.competence} {self.level} ({self.rater})"


class PlacementPlan(models.Model):
    """A plan for a peer starting a role or a fixed stretch of work, with its learning goals."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="placement_plans")
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("role")
    )
    title = models.CharField(_("what the placement is"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.title or (self.role.name if self.role else "")

    @property
    def midway_on(self) -> date:
        return self.starts_on + timedelta(days=(self.ends_on - self.starts_on).days // 2)

    def due_on(self, moment: str) -> date:
        return self.midway_on if moment == Moment.MIDWAY else self.ends_on


class LearningGoal(models.Model):
    plan = models.ForeignKey(PlacementPlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, null=True, blank=True, related_name="goals"
    )
    text = models.CharField(_("learning goal"), max_length=300)

    site_path: ClassVar[str] = "plan__peer__sites"  # accounts/sites.py

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.text


class Moment(models.TextChoices):
    MIDWAY = "midway", _("Mid-way review")
    END = "end", _("End review")


class Standing(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_THE_WAY = "on_the_way", _("On the way")
    ACHIEVED = "achieved", _("Achieved")


class PlanReview(models.Model):
    """One person's review of a plan at one moment. The peer's and the supervisor's are separate rows,
    each recorded once and never overwritten."""

    plan = models.ForeignKey(PlacementPlan, on_delete=models.CASCADE, related_name="reviews")
    moment = models.CharField(_("review"), max_length=8, choices=Moment.choices)
    rater = models.CharField(_("by"), max_length=16, choices=Rater.choices)
    reviewed_on = models.DateField(_("reviewed on"))
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    site_path: ClassVar[str] = "plan__peer__sites"  # accounts/sites.py

    class Meta:
        ordering = ["plan", "moment", "rater"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "moment", "rater"], name="one_review_per_moment_and_rater"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.moment} ({self.rater})"


class GoalStanding(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="standings")
    goal = models.ForeignKey(LearningGoal, on_delete=models.CASCADE, related_name="standings")
    standing = models.CharField(_("where it stands"), max_length=16, choices=Standing.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["review", "goal__position"]
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="one_standing_per_goal")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.standing}"
