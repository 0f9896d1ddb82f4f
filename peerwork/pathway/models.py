"""The ladder: stages as data, each peer's position and the history of changes."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Course


class PeerCapability(models.TextChoices):
    """What a peer at a stage may do for others (set per organisation on each stage)."""

    RUN_TEAM_DESK = "run_team_desk", _("Run the check-in desk for their team's shifts")
    LOG_TEAM_SERVICES = "log_team_services", _("Log services for their team's shifts")
    SEE_TEAM_WEEK = "see_team_week", _("See their team's week")
    RECORD_MENTORING = "record_mentoring", _("Record mentoring")


class Stage(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("1 is the first step on the ladder."))
    description = models.TextField(_("description"), blank=True)
    min_hours_worked = models.DecimalField(
        _("hours worked at least"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_supervision_hours = models.DecimalField(
        _("supervision hours at least"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_weeks_at_previous = models.PositiveSmallIntegerField(
        _("weeks at the previous stage at least"), default=0
    )
    min_participations = models.PositiveSmallIntegerField(
        _("activities taken part in at least"),
        default=0,
        help_text=_(
            "Unpaid participation: drop-in groups, community events, peer-led activities, volunteering."
        ),
    )
    needs_sign_off = models.BooleanField(_("needs a supervisor's sign-off"), default=False)
    min_goals_achieved = models.PositiveSmallIntegerField(
        _("learning goals achieved at least"),
        default=0,
        help_text=_(
            "Goals of placement plans that the supervisor's end review marks as achieved. 0: not counted."
        ),
    )
    required_courses = models.ManyToManyField(
        Course, blank=True, related_name="required_for_stages", verbose_name=_("required trainings")
    )
    is_staff_stage = models.BooleanField(_("staff position"), default=False)
    min_mentoring_hours = models.DecimalField(
        _("mentoring hours at least"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Hours of mentoring contacts recorded as a mentor."),
    )
    peer_capabilities = models.JSONField(
        _("what peers at this stage may do"),
        default=list,
        blank=True,
        help_text=_("Names from PeerCapability; a peer holds those of their current stage."),
    )

    class Meta:
        ordering = ["organisation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "order"], name="stage_order_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def peer_capability_labels(self) -> list[str]:
        labels = dict(PeerCapability.choices)
        return [str(labels[c]) for c in self.peer_capabilities or [] if c in labels]

    def clean(self) -> None:
        chosen = self.peer_capabilities
        if not isinstance(chosen, list) or any(c not in PeerCapability.values for c in chosen):
            raise ValidationError(
                {"peer_capabilities": _("Choose from the list of what peers at a stage may do.")}
            )
        self.peer_capabilities = sorted(set(chosen))


class PeerPosition(models.Model):
    """Where a peer stands on the ladder now (the latest StageChange, kept for fast filtering)."""

    peer = models.OneToOneField(PeerWorker, on_delete=models.CASCADE, related_name="position")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="positions")
    since = models.DateField(_("since"))

    def __str__(self) -> str:
        return f"{self.peer}: {self.stage}"


class StageChangeKind(models.TextChoices):
    START = "start", _("Started on the ladder")
    PROMOTION = "promotion", _("Moved up")
    STEP_BACK = "step_back", _("Stepped back")


class StageChange(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stage_changes")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=StageChangeKind.choices)
    effective_on = models.DateField(_("from"))
    reason = models.TextField(_("why"), blank=True)
    override_reason = models.TextField(_("why criteria were overridden"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.peer}: {self.from_stage} → {self.to_stage}"


class StageSignOff(models.Model):
    """A supervisor's sign-off that a peer is ready for ``stage`` (one of the ladder's criteria)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stage_sign_offs")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="stage_sign_offs")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="sign_offs")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "stage"], name="one_sign_off_per_peer_and_stage")
        ]

    def __str__(self) -> str:
        return f"{self.peer} signed off for {self.stage}"


class Mentorship(models.Model):
    """An experienced peer paired with a newer one; active until it has an end date."""

    site_path: ClassVar[tuple[str, ...]] = ("mentee__sites", "mentor__sites")  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(
        PeerWorker, on_delete=models.PROTECT, related_name="mentoring", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        PeerWorker, on_delete=models.PROTECT, related_name="mentored_by", verbose_name=_("new peer")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            # At most one active mentor per peer, also under two staff saving at once.
            models.UniqueConstraint(
                fields=["mentee"], condition=models.Q(ended_on__isnull=True), name="one_active_mentor"
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentor_is_not_mentee"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class MentoringContact(models.Model):
    """A short mentoring contact: when, how long, with whom. One plain line, never clinical detail."""

    site_path: ClassVar[tuple[str, ...]] = (  # accounts/sites.py
        "mentorship__mentee__sites",
        "mentorship__mentor__sites",
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mentoring_contacts"
    )
    mentorship = models.ForeignKey(Mentorship, on_delete=models.PROTECT, related_name="contacts")
    happened_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    note = models.CharField(
        _("note"),
        max_length=140,
        blank=True,
        help_text=_("One line, e.g. “first shift together”. No health or treatment details."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["organisation", "happened_on"], name="mentoring_contact_org_day")]

    def __str__(self) -> str:
        return f"{self.mentorship} {self.happened_on}"
