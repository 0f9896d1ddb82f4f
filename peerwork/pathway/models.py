"""The ladder: stages as data, each peer's position and the history of changes."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Course


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
    needs_sign_off = models.BooleanField(_("needs a supervisor's sign-off"), default=False)
    required_courses = models.ManyToManyField(
        Course, blank=True, related_name="required_for_stages", verbose_name=_("required trainings")
    )
    is_staff_stage = models.BooleanField(_("staff position"), default=False)

    class Meta:
        ordering = ["organisation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "order"], name="stage_order_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


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
