"""Roles, shifts, sign-ups and assignments: the opportunities peers come for."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Course


class WorkStream(models.Model):
    """A line of work: harm reduction, or one of a social enterprise's business lines."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_streams")
    name = models.CharField(_("name"), max_length=100)
    # A peer lead's team is the work streams they lead: its shifts are those of the streams' roles.
    leads = models.ManyToManyField(
        PeerWorker, blank=True, related_name="led_streams", verbose_name=_("peer leads")
    )
    # A business line is a small firm under the organisation's roof: it trades under its own name
    # and numbers its own invoices (prefix + next number, taken under a row lock so none is skipped).
    is_business_line = models.BooleanField(_("business line"), default=False)
    trading_name = models.CharField(_("trading name"), max_length=200, blank=True)
    contact = models.TextField(
        _("contact details"), blank=True, help_text=_("Address, phone and e-mail shown on invoices.")
    )
    invoice_prefix = models.CharField(_("invoice number prefix"), max_length=12, blank=True)
    invoice_next_number = models.PositiveIntegerField(
        _("next invoice number"), default=1, validators=[MinValueValidator(1)]
    )

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
    # A stretch role (mentor, trainer, team lead...): work that builds towards this stage, with a share
    # of its places kept for peers at the stage just below (ShiftPolicy.stretch_share_pct).
    develops_stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("next-stage work for"),
        help_text=_("Stretch work that builds towards this stage; leave empty for ordinary work."),
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
    # The work record is discreet by default: these say how the role reads to an employer.
    public_title = models.CharField(
        _("title on a work record"),
        max_length=100,
        blank=True,
        help_text=_("A neutral job title for the discreet work record. Empty: the role's name."),
    )
    reveals_programme = models.BooleanField(
        _("its name speaks of drug use or harm reduction"),
        default=False,
        help_text=_(
            "On a discreet work record such a role shows by its title on a work record, or as "
            "'Community support work' when it has none."
        ),
    )

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
    stretch_share_pct = models.PositiveSmallIntegerField(
        _("share of next-stage places kept for peers at the stage below (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    stuck_weeks = models.PositiveSmallIntegerField(
        _("weeks without next-stage work before a peer counts as stuck"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    stuck_places_per_peer = models.DecimalField(
        _("fewest next-stage places per peer at a stage in those weeks"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Below this, every peer at the stage counts as stuck."),
    )
    grace_minutes = models.PositiveSmallIntegerField(
        _("minutes after the start before a place counts as missed"), default=30
    )
    log_grace_hours = models.PositiveSmallIntegerField(
        _("hours before and after a shift's day that service records are still accepted"),
        default=12,
        validators=[MaxValueValidator(168)],
        help_text=_("A record whose time falls outside the shift's day by more than this is refused."),
    )
    offshift_honorarium = models.DecimalField(
        _("honorarium for an overdose response off shift"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Paid to each responder, within their earnings limits. 0 means not paid."),
    )

    sms_offers = models.BooleanField(
        _("offer open places by text"),
        default=False,
        help_text=_("Peers on the waitlist who agreed to texts are offered a freed place and reply YES."),
    )
    sms_wave_size = models.PositiveSmallIntegerField(
        _("peers offered at once"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    sms_offer_minutes = models.PositiveSmallIntegerField(
        _("minutes an offer by text stays open"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(720)],
    )

    def __str__(self) -> str:
        return f"shift policy of {self.organisation}"


class WeeklyTemplate(models.Model):
    """A shift that repeats every week; generating a week creates one shift per active template."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

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


class Pricing(models.TextChoices):
    FIXED = "fixed", _("fixed price")
    PER_UNIT = "per_unit", _("price per unit")


class WorkOrderStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("target reached")
    CANCELLED = "cancelled", _("cancelled")


class WorkOrder(models.Model):
    """A job for a paying customer (e.g. mail 5,000 letters), worked on during linked shifts.

    Quantities recorded at check-out add up; reaching the target closes the order, and only an
    explicit, recorded change (``WorkOrderChange``) raises the target and reopens it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_orders")
    work_stream = models.ForeignKey(WorkStream, on_delete=models.PROTECT, related_name="work_orders")
    customer = models.CharField(_("customer"), max_length=200)
    description = models.CharField(_("job"), max_length=300)
    quantity = models.PositiveIntegerField(_("target quantity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=40, default="items")
    due_on = models.DateField(_("due"), null=True, blank=True)
    pricing = models.CharField(_("pricing"), max_length=10, choices=Pricing.choices, default=Pricing.PER_UNIT)
    price = models.DecimalField(
        _("price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The whole job's price, or the price of one unit."),
    )
    quantity_done = models.PositiveIntegerField(_("done"), default=0)
    status = models.CharField(max_length=10, choices=WorkOrderStatus.choices, default=WorkOrderStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0),
                name="work_order_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer}: {self.description}"

    @property
    def is_open(self) -> bool:
        return self.status == WorkOrderStatus.OPEN

    @property
    def remaining(self) -> int:
        return max(self.quantity - self.quantity_done, 0)

    def value(self) -> Decimal | None:
        """What the finished order is worth: the fixed price, or the unit price times the units done."""
        if self.price is None:
            return None
        if self.pricing == Pricing.FIXED:
            return self.price
        return self.price * self.quantity_done


class WorkOrderChange(models.Model):
    """Append-only log of what changed an order's course: target reached, target raised, cancelled."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("target reached")
        TARGET_RAISED = "target_raised", _("target raised")
        CANCELLED = "cancelled", _("cancelled")

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    old_quantity = models.PositiveIntegerField(null=True, blank=True)
    new_quantity = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class Shift(models.Model):
    site_path: ClassVar[str] = "site"  # accounts/sites.py

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
    # A standing shift of a contract made into this week's shift: its place is the peer's already.
    standing_shift = models.ForeignKey(
        "shifts.StandingShift", on_delete=models.SET_NULL, null=True, blank=True, related_name="shifts"
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

    site_path: ClassVar[str] = "shift__site"  # accounts/sites.py

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
    CONTRACT = "contract", _("Standing shift of a contract")
    TEXT_OFFER = "text_offer", _("Offered by text at short notice")


class Assignment(models.Model):
    """A peer holding a place on a shift, and what happened: check-in, check-out, duties done."""

    site_path: ClassVar[str] = "shift__site"  # accounts/sites.py

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
        indexes = [
            models.Index(fields=["peer", "status"], name="assignment_peer_status"),
            # the pay desk's recent check-outs still without a payout
            models.Index(fields=["organisation", "checked_out_at"], name="assignment_org_checked_out"),
        ]

    def __str__(self) -> str:
        return f"{self.peer} on {self.shift}"

    @property
    def hours_worked(self) -> Decimal:
        if self.checked_in_at and self.checked_out_at:
            return span_hours(self.checked_out_at - self.checked_in_at)
        return Decimal("0")


def span_hours(span: timedelta) -> Decimal:
    """A span of time in hours, to the hundredth (a negative span counts as none)."""
    return Decimal(max(0.0, span.total_seconds()) / 3600).quantize(Decimal("0.01"))


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


class AllocationRun(models.Model):
    """One run of the fair-allocation engine over a week's open shifts, with its seed and result."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

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
    # Re-opening a published week is an explicit act with a reason; a new run may follow.
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(_("why it was re-opened"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"allocation {self.week_start} #{self.pk}"

    @property
    def holds_week(self) -> bool:
        """Published and not re-opened: the week is given out and must not be allocated again."""
        return self.status == RunStatus.PUBLISHED and self.reopened_at is None


class Outcome(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    WAITLISTED = "waitlisted", _("On the waitlist")
    NOT_ASSIGNED = "not_assigned", _("Not assigned")
    INELIGIBLE = "ineligible", _("Not eligible")


class AllocationDecision(models.Model):
    """What one run decided for one request, and the plain-language reason why."""

    site_path: ClassVar[str] = "signup__shift__site"  # accounts/sites.py

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

    site_path: ClassVar[str] = "shift__site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="lottery_draws")
    shift = models.OneToOneField(Shift, on_delete=models.CASCADE, related_name="draw")
    seed = models.PositiveIntegerField(_("seed"))
    order = models.JSONField(default=list, help_text=_("Peer ids in the order they were drawn."))
    skipped = models.JSONField(
        default=list, blank=True, help_text=_("Walk-ins left out of the draw: peer, reason code and params.")
    )
    priority = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Peer id → draws lost earlier this week; more losses are drawn first."),
    )
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


# Contracts live in their own module; importing them here registers the models with the app.
from .contracts.models import Contract, StandingShift  # noqa: E402, F401


class SmsOfferStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a reply")
    TAKEN = "taken", _("Took the place")
    PASSED = "passed", _("Passed")
    EXPIRED = "expired", _("Expired")
    LOST = "lost", _("Too late: the place was taken")
    REFUSED = "refused", _("Could no longer take it")


class SmsOffer(models.Model):
    """A freed place offered to one peer by text; their reply must carry this offer's code."""

    site_path: ClassVar[str] = "shift__site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sms_offers")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="sms_offers")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="sms_offers")
    code = models.CharField(max_length=4)
    wave = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=8, choices=SmsOfferStatus.choices, default=SmsOfferStatus.OPEN)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["shift", "peer"], name="one_sms_offer_per_peer_shift")]
        indexes = [models.Index(fields=["peer", "code"], name="sms_offer_peer_code")]

    def __str__(self) -> str:
        return f"offer {self.code} to {self.peer} for {self.shift}"


class SmsDirection(models.TextChoices):
    OUT = "out", _("Sent")
    IN = "in", _("Received")


class SmsMessage(models.Model):
    """One text in or out: the conversation log coordinators read, idempotent on the provider's id."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="sms_messages"
    )
    peer = models.ForeignKey(
        PeerWorker, on_delete=models.SET_NULL, null=True, blank=True, related_name="sms_messages"
    )
    offer = models.ForeignKey(
        SmsOffer, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    direction = models.CharField(max_length=3, choices=SmsDirection.choices)
    phone = models.CharField(max_length=32)
    body = models.TextField()
    provider_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    status = models.CharField(max_length=16, blank=True)
    needs_coordinator = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["phone", "created_at"], name="sms_message_phone")]

    def __str__(self) -> str:
        return f"{self.direction} {self.phone}: {self.body[:30]}"
