"""One-to-one peer support: a peer support worker's caseload of clients (known only by the
organisation's client code), sessions against the client's recovery plan, handovers between workers
and referrals to other agencies followed up. Nothing here holds a client's name.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

SHORT_TEXT = 200  # free text is short: a line, never a story (and never a name)
MAX_GOALS = 5
MAX_MINUTES = 480


class CaseClient(models.Model):
    """A person on a caseload, by client code only; ``worker`` is who supports them now."""

    # A site-limited coordinator sees the clients of their sites' workers (accounts/sites.py).
    site_path: ClassVar[str] = "worker__sites"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_clients")
    client_code = models.CharField(_("client code"), max_length=32)
    worker = models.ForeignKey(
        PeerWorker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_clients",
        verbose_name=_("peer support worker"),
    )
    opened_on = models.DateField(_("on the caseload since"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client_code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "client_code"], name="case_client_code_unique")
        ]

    def __str__(self) -> str:
        return self.client_code


class CaseAssignment(models.Model):
    """Who supported whom, from when to when: the caseload's history. Handovers end one, open the next."""

    client = models.ForeignKey(CaseClient, on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="case_assignments")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    handover_note = models.CharField(_("handover note"), max_length=SHORT_TEXT, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.client} — {self.worker}"


class RecoveryPlan(models.Model):
    """The client's recovery plan: a few goals in their own words (no names)."""

    client = models.OneToOneField(CaseClient, on_delete=models.CASCADE, related_name="plan")
    updated_on = models.DateField(_("updated on"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Plan for {self.client}"


class RecoveryGoal(models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("goal"), max_length=SHORT_TEXT)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Place(models.TextChoices):
    OFFICE = "office", _("Office")
    OUTREACH = "outreach", _("Outreach")
    PHONE = "phone", _("Phone")


class SessionKind(models.TextChoices):
    RECOVERY_PLANNING = "recovery_planning", _("Recovery planning")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    ADVOCACY = "advocacy", _("Advocacy")
    CHECK_IN = "check_in", _("Check-in")


class CaseSession(models.Model):
    """One one-to-one session: when, how long, where, what kind, progress on goals, the next step."""

    site_path: ClassVar[str] = "worker__sites"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_sessions")
    client = models.ForeignKey(CaseClient, on_delete=models.CASCADE, related_name="sessions")
    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="case_sessions")
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    place = models.CharField(_("where"), max_length=12, choices=Place.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    next_step = models.CharField(_("next step"), max_length=SHORT_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"], name="case_session_org_day")]

    def __str__(self) -> str:
        return f"{self.client} {self.held_on}"


class Progress(models.TextChoices):
    SETBACK = "setback", _("Setback")
    NO_CHANGE = "no_change", _("No change")
    SOME = "some", _("Some progress")
    ACHIEVED = "achieved", _("Achieved")


class GoalProgress(models.Model):
    session = models.ForeignKey(CaseSession, on_delete=models.CASCADE, related_name="progress")
    goal = models.ForeignKey(RecoveryGoal, on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices)

    class Meta:
        ordering = ["goal__position"]
        constraints = [models.UniqueConstraint(fields=["session", "goal"], name="goal_progress_once")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.progress}"


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not followed up yet")
    ARRIVED = "arrived", _("Arrived")
    DID_NOT_ARRIVE = "did_not_arrive", _("Did not arrive")
    UNKNOWN = "unknown", _("Unknown")


class CaseReferral(models.Model):
    """A referral to another agency, followed up with what happened."""

    site_path: ClassVar[str] = "client__worker__sites"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_referrals")
    client = models.ForeignKey(CaseClient, on_delete=models.CASCADE, related_name="referrals")
    agency = models.CharField(_("agency"), max_length=120)
    made_on = models.DateField(_("referred on"))
    reason = models.CharField(_("what for"), max_length=SHORT_TEXT, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-made_on", "-id"]

    def __str__(self) -> str:
        return f"{self.client} → {self.agency}"
