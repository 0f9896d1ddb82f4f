"""Support for peers' own recovery: supervision, debriefs after overdose responses, check-in sharing."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker


class SupervisionSchedule(models.Model):
    """How often a peer at one stage of the ladder should have supervision."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supervision_schedules"
    )
    stage = models.OneToOneField(Stage, on_delete=models.CASCADE, related_name="supervision_schedule")
    every_days = models.PositiveSmallIntegerField(
        _("every (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("For example 14 for every two weeks."),
    )

    class Meta:
        ordering = ["stage__order"]

    def __str__(self) -> str:
        return f"{self.stage}: every {self.every_days} days"


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class SupervisionSession(models.Model):
    """One supervision session. Notes are seen only by supervisors and the peers in the session."""

    site_path: ClassVar[str] = "peers__sites"  # accounts/sites.py

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_sessions_given",
        verbose_name=_("supervisor"),
    )
    peers = models.ManyToManyField(PeerWorker, related_name="supervision_sessions", verbose_name=_("peers"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Seen only by supervisors and the peers in this session.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "-held_on"], name="supervision_org_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} supervision {self.held_on:%Y-%m-%d}"

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / Decimal(60)).quantize(Decimal("0.01"))


class DebriefStatus(models.TextChoices):
    OFFERED = "offered", _("Offered, not yet answered")
    HELD_INDIVIDUAL = "held_individual", _("Held, one to one")
    HELD_GROUP = "held_group", _("Held, in a group")
    DECLINED = "declined", _("Declined by the peer")
    NOT_REACHED = "not_reached", _("Could not reach the peer")


OUTCOME_STATUSES = (
    DebriefStatus.HELD_INDIVIDUAL,
    DebriefStatus.HELD_GROUP,
    DebriefStatus.DECLINED,
    DebriefStatus.NOT_REACHED,
)
MISSED_STATUSES = (DebriefStatus.DECLINED, DebriefStatus.NOT_REACHED)


class DebriefOffer(models.Model):
    """A debrief offered to one responder after an overdose response.

    An offer, never a condition: nothing in pay or shifts reads it. The peer may decline and
    the decline is recorded like any other outcome.
    """

    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="debrief_offers")
    response = models.ForeignKey(
        "services.OverdoseResponse", on_delete=models.CASCADE, related_name="debrief_offers"
    )
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="debrief_offers")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debrief_offers_assigned",
        verbose_name=_("supervisor"),
    )
    due_at = models.DateTimeField(_("offer by"))
    status = models.CharField(
        _("outcome"), max_length=16, choices=DebriefStatus.choices, default=DebriefStatus.OFFERED
    )
    outcome_on = models.DateField(_("date of the outcome"), null=True, blank=True)
    outcome_note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Practical only (e.g. 'prefers the Thursday group'); nothing clinical."),
    )
    group_session = models.ForeignKey(
        SupervisionSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debriefs",
        verbose_name=_("group session"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "peer"], name="one_debrief_offer_per_responder")
        ]
        indexes = [models.Index(fields=["organisation", "status", "due_at"], name="debrief_org_status_due")]

    def __str__(self) -> str:
        return f"Debrief for {self.peer} after {self.response}"

    @property
    def is_open(self) -> bool:
        return self.status == DebriefStatus.OFFERED


class TimeOnRole(models.IntegerChoices):
    """The peer's own sense of how much of their time went on the work they were hired for (a share, %)."""

    ALMOST_ALL = 90, _("Almost all of it")
    MORE_THAN_HALF = 70, _("More than half")
    ABOUT_HALF = 50, _("About half")
    LESS_THAN_HALF = 30, _("Less than half")
    ALMOST_NONE = 10, _("Almost none")


class RoleCheck(models.Model):
    """A peer's own view of their role: what they were hired for, what the days held, what they would change.

    Private to the peer and to supervisors; others in the organisation read it only when the peer
    shares it, and every staff read is audited.
    """

    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_checks")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="role_checks")
    role = models.ForeignKey(
        "shifts.Role", on_delete=models.PROTECT, related_name="role_checks", verbose_name=_("hired for")
    )
    time_on_role = models.PositiveSmallIntegerField(_("time on that work"), choices=TimeOnRole.choices)
    spent_on = models.CharField(_("what the time went on"), max_length=500)
    would_change = models.CharField(_("what I would change"), max_length=500)
    shared = models.BooleanField(_("shared with the coordinators"), default=False)
    submitted_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["organisation", "role", "-submitted_on"], name="rolecheck_org_role")]

    def __str__(self) -> str:
        return f"Role check {self.submitted_on:%Y-%m-%d}"


class RoleActionKind(models.TextChoices):
    REWRITE = "rewrite", _("Rewrite the description")
    STAFFING = "staffing", _("Change the staffing")
    BRIEF = "brief", _("Brief the team")
    OTHER = "other", _("Something else")


class RoleAction(models.Model):
    """What the organisation does about a role that drifts: a change to the role, never a task for a peer."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_actions")
    role = models.ForeignKey(
        "shifts.Role", on_delete=models.CASCADE, related_name="role_actions", verbose_name=_("role")
    )
    kind = models.CharField(_("action"), max_length=16, choices=RoleActionKind.choices)
    note = models.CharField(_("what will change"), max_length=500)
    review_on = models.DateField(_("review by"))
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_on", "id"]
        indexes = [
            models.Index(fields=["organisation", "closed_on", "review_on"], name="roleaction_org_open")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.review_on:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
