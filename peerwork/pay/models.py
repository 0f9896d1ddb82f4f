"""Pay: rates, payouts, cash boxes, the append-only ledger and benefit earnings limits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PaymentPreference, PaymentTiming, PeerWorker
from peerwork.shifts.models import Assignment, Contract, Role
from peerwork.training.models import SessionAttendance

MONEY_DIGITS = 12
POSITIVE = [MinValueValidator(Decimal("0.01"))]


class RateKind(models.TextChoices):
    HOURLY = "hourly", _("Per hour")
    PER_SHIFT = "per_shift", _("Flat per shift")


class PayRate(models.Model):
    """What a role pays from a date on; a stage-specific rate overrides the role's general one.

    Rates are never edited: a change is a new rate with a later ``effective_from``, so pay
    already recorded keeps the amount it was created with.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pay_rates")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="pay_rates", verbose_name=_("role"))
    stage = models.ForeignKey(
        Stage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pay_rates",
        verbose_name=_("only for stage"),
        help_text=_("Leave empty for everyone in the role."),
    )
    kind = models.CharField(_("paid"), max_length=16, choices=RateKind.choices, default=RateKind.HOURLY)
    amount = models.DecimalField(_("amount"), validators=POSITIVE, max_digits=MONEY_DIGITS, decimal_places=2)
    effective_from = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["role__name", "stage__order", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pay_rate_amount_positive"),
            models.UniqueConstraint(
                fields=["role", "effective_from"],
                condition=Q(stage__isnull=True),
                name="one_role_rate_per_day",
            ),
            models.UniqueConstraint(
                fields=["role", "stage", "effective_from"],
                condition=Q(stage__isnull=False),
                name="one_stage_rate_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.amount} {self.get_kind_display()} from {self.effective_from}"


class PayoutSource(models.TextChoices):
    SHIFT = "shift", _("Shift worked")
    TRAINING = "training", _("Training attended")
    MANUAL = "manual", _("Added by hand")
    OFF_SHIFT = "off_shift", _("Overdose response off shift")
    SALARY = "salary", _("Salary for a pay period")
    ADVISORY = "advisory", _("Peer advisory group")


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Owed")
    PART_PAID = "part_paid", _("Part paid")
    PAID = "paid", _("Paid")
    REVERSED = "reversed", _("Reversed")


# The ways a payout is made are the ways a peer may prefer to be paid.
PayMethod = PaymentPreference


class Payout(models.Model):
    """Money owed to a peer for one piece of work; paying it writes a ledger entry.

    Its status follows the ledger (owed → part paid → paid → reversed); the money itself only
    ever moves through ``LedgerEntry`` rows, which are never changed. A payout may be paid in
    several payments (half before the work, half after; part cash, the rest by transfer). It
    always belongs to a site, so it shows on that site's desk and is paid from that site's box.
    """

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="payouts")
    peer = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="payouts")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("site"))
    source = models.CharField(max_length=16, choices=PayoutSource.choices)
    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, null=True, blank=True, related_name="payout"
    )
    training_attendance = models.OneToOneField(
        SessionAttendance, on_delete=models.PROTECT, null=True, blank=True, related_name="payout"
    )
    rate = models.ForeignKey(PayRate, on_delete=models.PROTECT, null=True, blank=True, related_name="payouts")
    # A salaried contract's pay for one pay period (from ``period_start``); one payout per period.
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="payouts"
    )
    period_start = models.DateField(_("pay period from"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("amount"), validators=POSITIVE, max_digits=MONEY_DIGITS, decimal_places=2)
    currency = models.CharField(max_length=3)
    earned_on = models.DateField(_("work date"))
    description = models.CharField(_("what for"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    timing = models.CharField(
        _("timing the peer chose"), max_length=8, choices=PaymentTiming.choices, default=PaymentTiming.AFTER
    )
    # What an off-shift payout is for, e.g. "overdose_response:42", so a record is never paid twice
    # (services sits beside pay, so the record is named rather than linked).
    reference = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(max_length=16, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-earned_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "earned_on"], name="payout_org_status_day"),
            models.Index(fields=["peer", "earned_on"], name="payout_peer_day"),
            # the organisation's payouts newest first, a page at a time (the API's list)
            models.Index(fields=["organisation", "earned_on", "id"], name="payout_org_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(
                condition=~Q(source="manual") | ~Q(reason=""), name="manual_payout_has_reason"
            ),
            models.UniqueConstraint(
                fields=["peer", "reference"],
                condition=~Q(reference=""),
                name="payout_reference_once_per_peer",
            ),
            models.UniqueConstraint(
                fields=["contract", "period_start"],
                condition=Q(contract__isnull=False),
                name="one_salary_payout_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer} {self.amount} {self.currency} ({self.description})"


class LedgerKind(models.TextChoices):
    PAYOUT = "payout", _("Paid to a peer")
    REVERSAL = "reversal", _("Reversal")
    FLOAT = "float", _("Cash box float")
    VARIANCE = "variance", _("Cash box count difference")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a ledger entry."""


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Ledger entries cannot be changed; record a reversal.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Ledger entries cannot be deleted; record a reversal.")

    def _raw_delete(self, using: Any) -> NoReturn:
        raise AppendOnlyError("Ledger entries cannot be deleted; record a reversal.")


class LedgerEntry(models.Model):
    """One movement of money. Never updated, never deleted (a PostgreSQL trigger enforces it too).

    ``amount`` is what reached the peer (payout, reversal) or the cash box (float, variance);
    a reversal carries the negated amount of the entry it ``reverses``.
    """

    site_path: ClassVar[tuple[str, ...]] = ("payout__site", "cash_box__site")  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=16, choices=LedgerKind.choices)
    peer = models.ForeignKey(
        PeerWorker, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    cash_box = models.ForeignKey(
        "CashBox", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    method = models.CharField(max_length=16, choices=PayMethod.choices, blank=True)
    amount = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=2)
    currency = models.CharField(max_length=3)
    occurred_on = models.DateField()
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    memo = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name_plural = "ledger entries"
        indexes = [
            models.Index(fields=["peer", "occurred_on"], name="ledger_peer_day"),
            # Covering: a period's earnings for every peer come from the index alone (plain key
            # columns, as SQLite has no INCLUDE).
            models.Index(
                fields=["organisation", "occurred_on", "peer", "kind", "amount"], name="ledger_org_day"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reversal") | Q(reverses__isnull=False), name="reversal_points_at_entry"
            ),
            models.CheckConstraint(
                condition=~Q(kind="payout") | Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()} {self.amount} {self.currency}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Ledger entries cannot be changed; record a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Ledger entries cannot be deleted; record a reversal.")


class CashBox(models.Model):
    """One session of a site's cash: opened with a counted float, counted again at close."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cash_boxes")
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="cash_boxes", verbose_name=_("site")
    )
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opening_float = models.DecimalField(
        _("float counted at opening"),
        validators=[MinValueValidator(0)],
        max_digits=MONEY_DIGITS,
        decimal_places=2,
    )
    opening_count = models.JSONField(_("opening count by denomination"), default=dict, blank=True)
    currency = models.CharField(max_length=3)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expected_at_close = models.DecimalField(null=True, blank=True, max_digits=MONEY_DIGITS, decimal_places=2)
    counted_at_close = models.DecimalField(
        _("cash counted at close"), null=True, blank=True, max_digits=MONEY_DIGITS, decimal_places=2
    )
    closing_count = models.JSONField(_("closing count by denomination"), default=dict, blank=True)
    variance = models.DecimalField(null=True, blank=True, max_digits=MONEY_DIGITS, decimal_places=2)
    variance_explanation = models.TextField(_("why the count differs"), blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name_plural = "cash boxes"
        constraints = [
            models.UniqueConstraint(
                fields=["site"], condition=Q(closed_at__isnull=True), name="one_open_cash_box_per_site"
            ),
            models.CheckConstraint(
                condition=Q(variance__isnull=True) | Q(variance=0) | ~Q(variance_explanation=""),
                name="variance_is_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RulePeriod(models.TextChoices):
    WEEK = "week", _("Week")
    FORTNIGHT = "fortnight", _("Fortnight")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class BaseAmount(models.Model):
    """A reference amount rules are multiples of, such as Norway's grunnbeløp (G), with its date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="base_amounts")
    code = models.SlugField(_("short code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    amount = models.DecimalField(_("amount"), validators=POSITIVE, max_digits=MONEY_DIGITS, decimal_places=2)
    effective_from = models.DateField(_("from"))
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "effective_from"], name="one_base_amount_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.amount} ({self.effective_from})"


class EarningsRule(models.Model):
    """A benefit's earnings limit as data: how much a peer may earn per period before it is cut."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="earnings_rules")
    key = models.SlugField(max_length=40, blank=True, help_text=_("Set on the rules Peerwork ships."))
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100)
    region = models.CharField(
        _("jurisdiction code"),
        max_length=10,
        blank=True,
        help_text=_("Country code, and region where it matters: CA-ON, CA-BC, AU, NO, US."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("The currency of the rule's amounts, e.g. CAD.")
    )
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("What peers call it, e.g. ODSP or DSP; reasons and warnings use it."),
    )
    period = models.CharField(_("period"), max_length=16, choices=RulePeriod.choices)
    exempt_amount = models.DecimalField(
        _("amount that may be earned"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when the amount is a multiple of a base amount."),
        max_digits=MONEY_DIGITS,
        decimal_places=2,
    )
    base_code = models.SlugField(_("base amount code"), max_length=20, blank=True)
    base_multiple = models.DecimalField(
        _("multiple of the base amount"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (% of the amount)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    hours_per_week = models.DecimalField(
        _("hours per week at most"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    effective_from = models.DateField(_("from"))
    effective_until = models.DateField(_("until"), null=True, blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["jurisdiction", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt_amount__isnull=False)
                | (~Q(base_code="") & Q(base_multiple__isnull=False)),
                name="rule_has_an_amount",
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="rule_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.name}"


class PeerEarningsRule(models.Model):
    """The benefit rule a peer asked us to respect (sensitive; every read and change is audited)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="earnings_rules")
    rule = models.ForeignKey(EarningsRule, on_delete=models.PROTECT, related_name="peer_assignments")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["organisation", "peer", "starts_on"], name="peer_rule_lookup")]

    def __str__(self) -> str:
        return f"{self.peer}: {self.rule}"


class OverLimitChoice(models.Model):
    """A peer's own decision to earn past their benefit limit, with the date they said so."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="over_limit_choices")
    chosen_on = models.DateField(_("date the peer chose"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-chosen_on", "-id"]

    def __str__(self) -> str:
        return f"{self.peer} chose on {self.chosen_on}"
