"""Roles, shifts, sign-ups and assignments: the opportunities peers come for."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Course


class WorkStream(models.Model):
    """A line of work: harm reduction, or one of a social enterprise's business lines."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_streams")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="stream_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_roles")
    work_stream = models.ForeignKey(WorkStream, on_delete=models.PROTECT, related_name="roles")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    duties = models.JSONField(
        _("duties"),
        default=list,
        blank=True,
        help_text=_("What the job description says the role does, one duty per line."),
    )
    min_stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lowest stage"),
    )
    required_courses = models.ManyToManyField(
        Course,
        blank=True,
        related_name="required_for_roles",
        verbose_name=_("required certifications"),
    )
    is_paired = models.BooleanField(_("worked in pairs"), default=False)
    is_entry_level = models.BooleanField(_("good first shift for new peers"), default=False)
    is_day_labour = models.BooleanField(_("day placement by lottery"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="role_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class ShiftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for sign-up")
    ALLOCATED = "allocated", _("Allocated")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class ShiftPolicy(models.Model):
    """An organisation's rules for allocation and attendance (one row per organisation)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="shift_policy")
    min_rest_hours = models.DecimalField(
        _("minimum rest between shifts (hours)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    weekly_hours_limit = models.DecimalField(
        _("most hours a week"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("30"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    entry_share_pct = models.PositiveSmallIntegerField(
        _("share of first-shift places kept for new peers (%)"),
        default=30,
        validators=[MaxValueValidator(100)],
    )
    new_peer_days = models.PositiveSmallIntegerField(_("a peer counts as new for (days)"), default=90)
    grace_minutes = models.PositiveSmallIntegerField(
        _("minutes after the start before a place counts as missed"), default=30
    )

    def __str__(self) -> str:
        return f"shift policy of {self.organisation}"


class WeeklyTemplate(models.Model):
    """A shift that repeats every week; generating a week creates one shift per active template."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shift_templates")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="shift_templates")
    role = models.ForeignKey("Role", on_delete=models.PROTECT, related_name="templates")
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    slots = models.PositiveSmallIntegerField(_("places"), default=2, validators=[MinValueValidator(1)])
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["weekday", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="template_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.get_weekday_display()} {self.start_time:%H:%M}"


class WorkOrder(models.Model):
    """A job for a paying customer (e.g. mail 5,000 letters), worked on during linked shifts."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_orders")
    work_stream = models.ForeignKey(WorkStream, on_delete=models.PROTECT, related_name="work_orders")
    customer = models.CharField(_("customer"), max_length=200)
    description = models.CharField(_("job"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity ordered"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=40, default="items")
    due_on = models.DateField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.customer}: {self.description}"


class Shift(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shifts")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="shifts")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    slots = models.PositiveSmallIntegerField(_("places"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(max_length=16, choices=ShiftStatus.choices, default=ShiftStatus.OPEN)
    signup_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    notes = models.CharField(_("notes for peers"), max_length=300, blank=True)
    template = models.ForeignKey(
        WeeklyTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="shifts"
    )
    work_order = models.ForeignKey(
        WorkOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("work order"),
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["organisation", "starts_at"], name="shift_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds() / 3600).quantize(Decimal("0.01"))


class SignUp(models.Model):
    """A peer asking for a shift, optionally ranked (1 = most wanted)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signups")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="signups")
    rank = models.PositiveSmallIntegerField(_("preference"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    is_walk_in = models.BooleanField(_("walked in for day work"), default=False)
    outcome_reason = models.TextField(_("why"), blank=True)
    waitlist_position = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["shift", "peer"], name="one_signup_per_shift")]

    def __str__(self) -> str:
        return f"{self.peer} → {self.shift}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Worked")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class AssignmentSource(models.TextChoices):
    ALLOCATION = "allocation", _("Fair allocation")
    MANUAL = "manual", _("Added by a coordinator")
    LOTTERY = "lottery", _("Day-work draw")
    WAITLIST = "waitlist", _("From the waitlist")


class Assignment(models.Model):
    """A peer holding a place on a shift, and what happened: check-in, check-out, duties done."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assignments")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    peer = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    duties_done = models.JSONField(default=list, blank=True)
    other_work = models.CharField(_("other work"), max_length=300, blank=True)
    quantity_done = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(
        max_length=16, choices=AssignmentSource.choices, default=AssignmentSource.ALLOCATION
    )
    minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_early = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Minutes left before the end of the shift.")
    )
    check_in_channel = models.CharField(max_length=8, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    missed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shift__starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["shift", "peer"], name="one_assignment_per_shift")]
        indexes = [models.Index(fields=["peer", "status"], name="assignment_peer_status")]

    def __str__(self) -> str:
        return f"{self.peer} on {self.shift}"

    @property
    def hours_worked(self) -> Decimal:
        if self.checked_in_at and self.checked_out_at:
            seconds = max(0.0, (self.checked_out_at - self.checked_in_at).total_seconds())
            return Decimal(seconds / 3600).quantize(Decimal("0.01"))
        return Decimal("0")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


class AllocationRun(models.Model):
    """One run of the fair-allocation engine over a week's open shifts, with its seed and result."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="allocation_runs")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    week_start = models.DateField(_("week starting"))
    seed = models.PositiveIntegerField(_("seed"))
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.DRAFT)
    solver_status = models.CharField(max_length=20, blank=True)
    objective = models.BigIntegerField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    policy = models.JSONField(default=dict, blank=True)
    binding = models.JSONField(
        default=list, blank=True, help_text=_("Which rules kept places empty, with counts.")
    )
    shifts = models.ManyToManyField(Shift, related_name="allocation_runs", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"allocation {self.week_start} #{self.pk}"


class Outcome(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    WAITLISTED = "waitlisted", _("On the waitlist")
    NOT_ASSIGNED = "not_assigned", _("Not assigned")
    INELIGIBLE = "ineligible", _("Not eligible")


class AllocationDecision(models.Model):
    """What one run decided for one request, and the plain-language reason why."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="decisions")
    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    waitlist_position = models.PositiveSmallIntegerField(null=True, blank=True)
    reason_code = models.CharField(max_length=32)
    reason_params = models.JSONField(default=dict, blank=True)
    edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["signup__shift__starts_at", "outcome", "waitlist_position", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "signup"], name="one_decision_per_request")]

    def __str__(self) -> str:
        return f"{self.signup}: {self.outcome}"


class ManualEdit(models.Model):
    """A coordinator's change to a run's plan before publishing; kept so the record shows it."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="edits")
    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="+")
    from_outcome = models.CharField(max_length=16, choices=Outcome.choices)
    to_outcome = models.CharField(max_length=16, choices=Outcome.choices)
    note = models.CharField(_("why"), max_length=300)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edited_at", "id"]

    def __str__(self) -> str:
        return f"{self.signup}: {self.from_outcome} → {self.to_outcome}"


class LotteryDraw(models.Model):
    """The morning draw for a day-work shift: the seed and the order walk-ins were drawn in."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="lottery_draws")
    shift = models.OneToOneField(Shift, on_delete=models.CASCADE, related_name="draw")
    seed = models.PositiveIntegerField(_("seed"))
    order = models.JSONField(default=list, help_text=_("Peer ids in the order they were drawn."))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"draw for {self.shift}"


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day_before", _("The day before")
    TWO_HOURS = "two_hours", _("Two hours before")
    PLACE_OPENED = "place_opened", _("A waitlist place opened")


class ReminderLog(models.Model):
    """One reminder sent (or queued) to one peer; the unique key stops a second copy."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reminders")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    channel = models.CharField(max_length=8)
    to = models.CharField(max_length=254)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "channel"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} → {self.to}"
