"""Writes for pay. Every service runs in one transaction; money only moves through the ledger."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.audit.services import audit_record
from peerwork.core.money import quantize
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, Role
from peerwork.training.models import SessionAttendance

from . import selectors
from .models import (
    CashBox,
    EarningsRule,
    LedgerEntry,
    LedgerKind,
    OverLimitChoice,
    PayMethod,
    Payout,
    PayoutSource,
    PayoutStatus,
    PayRate,
    PeerEarningsRule,
)

ZERO = Decimal("0.00")


def money(value: Any, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """A positive Decimal amount from user input, or a ValidationError naming ``field``."""
    if isinstance(value, float):
        raise ValidationError({field: _("Money must be given as text or a decimal, not a float.")})
    try:
        amount = quantize(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount such as 25.00.")}) from None
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: _("The amount must be more than zero.")})
    return amount


def local_today(organisation: Organisation, at: datetime | None = None) -> date:
    return (at or timezone.now()).astimezone(organisation.zone).date()


# --- rates ---------------------------------------------------------------------------------


@transaction.atomic
def pay_rate_create(
    *,
    organisation: Organisation,
    role: Role,
    stage: Stage | None,
    kind: str,
    amount: Any,
    effective_from: date | None,
    note: str = "",
    actor: Any = None,
) -> PayRate:
    """Add a rate from a date on. Past pay keeps the amounts it was recorded with."""
    if effective_from is None:
        raise ValidationError(
            {"effective_from": _("Give the date this rate starts (rates are never backdated silently).")}
        )
    if role.organisation_id != organisation.pk or (
        stage is not None and stage.organisation_id != organisation.pk
    ):
        raise ValidationError(_("That role or stage belongs to another organisation."))
    value = money(amount)
    if PayRate.objects.filter(role=role, stage=stage, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": _("This role already has a rate starting that day.")})
    rate = PayRate.objects.create(
        organisation=organisation,
        role=role,
        stage=stage,
        kind=kind,
        amount=value,
        effective_from=effective_from,
        note=note,
        created_by=actor,
    )
    audit_record(
        action="pay_rate_created", organisation=organisation, actor=actor, obj=rate, amount=str(value)
    )
    return rate


# --- payouts -------------------------------------------------------------------------------


def _already_paid_message() -> str:
    return _("This work already has a payout; it cannot be paid twice.")


@transaction.atomic
def payout_create_for_assignment(*, assignment: Assignment, actor: Any = None) -> Payout | None:
    """The pending payout for a checked-out attendance, at the rate in effect that day.

    Returns None when no rate applies (nothing is owed by the rate table). Refuses a second
    payout for the same attendance.
    """
    if Payout.objects.filter(assignment=assignment).exists():
        raise ValidationError(_already_paid_message())
    shift = assignment.shift
    organisation = shift.organisation
    day = shift.starts_at.astimezone(organisation.zone).date()
    rate = selectors.rate_for(shift.role, selectors.stage_id_of(assignment.peer), day)
    if rate is None:
        return None
    hours = assignment.hours_worked or shift.hours
    amount = selectors.amount_for(rate, hours)
    if amount <= 0:
        return None
    try:
        with transaction.atomic():
            return Payout.objects.create(
                organisation=organisation,
                peer=assignment.peer,
                site=shift.site,
                source=PayoutSource.SHIFT,
                assignment=assignment,
                rate=rate,
                hours=hours,
                amount=amount,
                currency=organisation.currency,
                earned_on=day,
                description=f"{shift.role.name} {day:%Y-%m-%d}",
                timing=assignment.peer.payment_timing,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_already_paid_message()) from None


@transaction.atomic
def payout_create_for_training(*, attendance: SessionAttendance, actor: Any = None) -> Payout | None:
    """The pending honorarium for a training session attended (None when the course pays none)."""
    if Payout.objects.filter(training_attendance=attendance).exists():
        raise ValidationError(_already_paid_message())
    session = attendance.session
    course = session.course
    if not attendance.attended or course.honorarium <= 0:
        return None
    organisation = session.organisation
    day = session.starts_at.astimezone(organisation.zone).date()
    try:
        with transaction.atomic():
            return Payout.objects.create(
                organisation=organisation,
                peer=attendance.peer,
                site=session.site,
                source=PayoutSource.TRAINING,
                training_attendance=attendance,
                amount=course.honorarium,
                currency=organisation.currency,
                earned_on=day,
                description=f"{course.name} {day:%Y-%m-%d}",
                timing=attendance.peer.payment_timing,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_already_paid_message()) from None


@transaction.atomic
def payout_create_manual(
    *,
    organisation: Organisation,
    peer: PeerWorker,
    amount: Any,
    reason: str,
    earned_on: date,
    description: str = "",
    timing: str | None = None,
    site: Site | None = None,
    actor: Any = None,
) -> Payout:
    """A payout added by hand (travel, childcare, a correction) with the reason for it."""
    if peer.organisation_id != organisation.pk:
        raise ValidationError(_("That peer belongs to another organisation."))
    value = money(amount)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this payout is added by hand.")})
    payout = Payout.objects.create(
        organisation=organisation,
        peer=peer,
        site=site,
        source=PayoutSource.MANUAL,
        amount=value,
        currency=organisation.currency,
        earned_on=earned_on,
        description=(description or reason)[:200],
        reason=reason.strip(),
        timing=timing or peer.payment_timing,
        created_by=actor,
    )
    audit_record(
        action="payout_added_by_hand", organisation=organisation, actor=actor, obj=payout, amount=str(value)
    )
    return payout


@transaction.atomic
def payouts_collect(*, organisation: Organisation, until: date, actor: Any = None) -> list[Payout]:
    """Create the pending payouts still missing for checked-out shifts and attended trainings."""
    made: list[Payout] = []
    for assignment in selectors.assignments_without_payout(organisation, until):
        payout = payout_create_for_assignment(assignment=assignment, actor=actor)
        if payout is not None:
            made.append(payout)
    for attendance in selectors.attendances_without_payout(organisation, until):
        payout = payout_create_for_training(attendance=attendance, actor=actor)
        if payout is not None:
            made.append(payout)
    return made


@transaction.atomic
def payout_pay(
    *,
    payout: Payout,
    method: str,
    actor: Any = None,
    cash_box: CashBox | None = None,
    timing: str | None = None,
    paid_on: date | None = None,
) -> LedgerEntry:
    """Pay an owed payout: one ledger entry, drawn from the site's open cash box when in cash."""
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    if payout.status != PayoutStatus.PENDING:
        raise ValidationError(_("This payout was already paid; it cannot be paid twice."))
    if method not in PayMethod.values:
        raise ValidationError({"method": _("Choose cash, bank transfer, voucher or other.")})
    organisation = payout.organisation
    if method == PayMethod.CASH:
        if cash_box is None and payout.site_id is not None:
            cash_box = selectors.open_cash_box(organisation, payout.site)  # type: ignore[arg-type]
        if cash_box is None:
            raise ValidationError({"method": _("Open a cash box for this site before paying in cash.")})
        cash_box = CashBox.objects.select_for_update().get(pk=cash_box.pk)
        if cash_box.organisation_id != organisation.pk or not cash_box.is_open:
            raise ValidationError({"method": _("That cash box is closed; open one before paying in cash.")})
        if selectors.cash_box_balance(cash_box) < payout.amount:
            raise ValidationError({"method": _("There is not enough cash in the box for this payout.")})
    else:
        cash_box = None
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                organisation=organisation,
                kind=LedgerKind.PAYOUT,
                peer=payout.peer,
                payout=payout,
                cash_box=cash_box,
                method=method,
                amount=payout.amount,
                currency=payout.currency,
                occurred_on=paid_on or local_today(organisation),
                memo=payout.description,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("This payout was already paid; it cannot be paid twice.")) from None
    Payout.objects.filter(pk=payout.pk).update(status=PayoutStatus.PAID, timing=timing or payout.timing)
    audit_record(
        action="payout_paid",
        organisation=organisation,
        actor=actor,
        obj=payout,
        method=method,
        amount=str(payout.amount),
    )
    return entry


@transaction.atomic
def ledger_entry_reverse(*, entry: LedgerEntry, reason: str, actor: Any = None) -> LedgerEntry:
    """Correct a payment by a new entry that points at it; the original stays as it was."""
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this payment is reversed.")})
    if entry.kind not in (LedgerKind.PAYOUT, LedgerKind.REVERSAL):
        raise ValidationError(_("Only payments and reversals can be reversed."))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry was already reversed; it cannot be reversed twice."))
    cash_box = entry.cash_box
    if cash_box is not None:
        cash_box = CashBox.objects.select_for_update().get(pk=cash_box.pk)
        if not cash_box.is_open:
            cash_box = None  # the cash moves outside the closed box: recorded without a box
    try:
        with transaction.atomic():
            reversal = LedgerEntry.objects.create(
                organisation=entry.organisation,
                kind=LedgerKind.REVERSAL,
                peer=entry.peer,
                payout=entry.payout,
                cash_box=cash_box,
                method=entry.method,
                amount=-entry.amount,
                currency=entry.currency,
                occurred_on=local_today(entry.organisation),
                reverses=entry,
                memo=reason.strip()[:300],
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("This entry was already reversed; it cannot be reversed twice.")) from None
    if entry.payout_id is not None:
        status = PayoutStatus.REVERSED if reversal.amount < 0 else PayoutStatus.PAID
        Payout.objects.filter(pk=entry.payout_id).update(status=status)
    audit_record(
        action="ledger_entry_reversed",
        organisation=entry.organisation,
        actor=actor,
        obj=entry,
        reason=reason.strip(),
    )
    return reversal


# --- cash boxes ----------------------------------------------------------------------------


def _count_total(count: dict[str, Any] | None, *, field: str) -> tuple[dict[str, int], Decimal | None]:
    """Validate a count by denomination {"20.00": 5, ...}; returns the cleaned count and its total."""
    if not count:
        return {}, None
    cleaned: dict[str, int] = {}
    total = ZERO
    for denomination, pieces in count.items():
        value = money(denomination, field=field)
        try:
            number = int(pieces)
        except (TypeError, ValueError):
            raise ValidationError({field: _("Count whole notes and coins.")}) from None
        if number < 0:
            raise ValidationError({field: _("A count cannot be negative.")})
        if number:
            cleaned[str(value)] = number
            total += value * number
    return cleaned, total


@transaction.atomic
def cash_box_open(
    *,
    organisation: Organisation,
    site: Site,
    opening_float: Any,
    count: dict[str, Any] | None = None,
    actor: Any,
    at: datetime | None = None,
) -> CashBox:
    """Open a site's cash box with the float counted in it (optionally by denomination)."""
    if site.organisation_id != organisation.pk:
        raise ValidationError(_("That site belongs to another organisation."))
    amount = money(opening_float, field="opening_float", allow_zero=True)
    cleaned, total = _count_total(count, field="opening_count")
    if total is not None and total != amount:
        raise ValidationError(
            {
                "opening_count": _("The notes and coins add up to %(total)s, not %(amount)s.")
                % {"total": total, "amount": amount}
            }
        )
    if selectors.open_cash_box(organisation, site) is not None:
        raise ValidationError({"site": _("This site already has an open cash box; close it first.")})
    try:
        with transaction.atomic():
            box = CashBox.objects.create(
                organisation=organisation,
                site=site,
                opened_at=at or timezone.now(),
                opened_by=actor,
                opening_float=amount,
                opening_count=cleaned,
                currency=organisation.currency,
            )
    except IntegrityError:
        raise ValidationError(
            {"site": _("This site already has an open cash box; close it first.")}
        ) from None
    if amount > 0:
        LedgerEntry.objects.create(
            organisation=organisation,
            kind=LedgerKind.FLOAT,
            cash_box=box,
            method=PayMethod.CASH,
            amount=amount,
            currency=organisation.currency,
            occurred_on=local_today(organisation, at),
            memo="float",
            created_by=actor,
        )
    audit_record(action="cash_box_opened", organisation=organisation, actor=actor, obj=box, float=str(amount))
    return box


@transaction.atomic
def cash_box_close(
    *,
    box: CashBox,
    counted: Any,
    count: dict[str, Any] | None = None,
    explanation: str = "",
    actor: Any,
    at: datetime | None = None,
) -> CashBox:
    """Count the box at close. A difference is recorded in the ledger and must be explained."""
    box = CashBox.objects.select_for_update().get(pk=box.pk)
    if not box.is_open:
        raise ValidationError(_("This cash box is already closed."))
    amount = money(counted, field="counted_at_close", allow_zero=True)
    cleaned, total = _count_total(count, field="closing_count")
    if total is not None and total != amount:
        raise ValidationError(
            {
                "closing_count": _("The notes and coins add up to %(total)s, not %(amount)s.")
                % {"total": total, "amount": amount}
            }
        )
    expected = selectors.cash_box_balance(box)
    variance = amount - expected
    explanation = (explanation or "").strip()
    if variance != 0 and not explanation:
        raise ValidationError(
            {
                "variance_explanation": _(
                    "The count differs from what the box should hold (%(expected)s) "
                    "by %(variance)s; explain why."
                )
                % {"expected": expected, "variance": variance}
            }
        )
    if variance != 0:
        LedgerEntry.objects.create(
            organisation=box.organisation,
            kind=LedgerKind.VARIANCE,
            cash_box=box,
            method=PayMethod.CASH,
            amount=variance,
            currency=box.currency,
            occurred_on=local_today(box.organisation, at),
            memo=explanation[:300],
            created_by=actor,
        )
    box.closed_at = at or timezone.now()
    box.closed_by = actor
    box.expected_at_close = expected
    box.counted_at_close = amount
    box.closing_count = cleaned
    box.variance = variance
    box.variance_explanation = explanation
    box.save()
    audit_record(
        action="cash_box_closed",
        organisation=box.organisation,
        actor=actor,
        obj=box,
        expected=str(expected),
        counted=str(amount),
        variance=str(variance),
    )
    return box


@transaction.atomic
def cash_box_sign_off(*, box: CashBox, actor: Any, at: datetime | None = None) -> CashBox:
    """A second person confirms the closing count."""
    box = CashBox.objects.select_for_update().get(pk=box.pk)
    if box.is_open:
        raise ValidationError(_("Close the cash box before signing it off."))
    if box.signed_off_by_id is not None:
        raise ValidationError(_("This cash box is already signed off."))
    if actor is None or actor.pk == box.closed_by_id:
        raise ValidationError(_("The sign-off must be by a second person, not the one who closed the box."))
    box.signed_off_by = actor
    box.signed_off_at = at or timezone.now()
    box.save(update_fields=["signed_off_by", "signed_off_at"])
    audit_record(action="cash_box_signed_off", organisation=box.organisation, actor=actor, obj=box)
    return box


# --- earnings limits -----------------------------------------------------------------------


@transaction.atomic
def peer_rule_assign(
    *, peer: PeerWorker, rule: EarningsRule | None, starts_on: date, actor: Any, request: Any = None
) -> PeerEarningsRule | None:
    """Set (or with ``rule=None`` end) the benefit rule a peer asked us to respect. Audited."""
    if rule is not None and rule.organisation_id != peer.organisation_id:
        raise ValidationError(_("That rule belongs to another organisation."))
    current = PeerEarningsRule.objects.filter(peer=peer, ends_on__isnull=True).select_for_update()
    for assigned in current:
        if assigned.starts_on >= starts_on:
            assigned.ends_on = assigned.starts_on
        else:
            assigned.ends_on = starts_on - timedelta(days=1)
        assigned.save(update_fields=["ends_on"])
    made = None
    if rule is not None:
        made = PeerEarningsRule.objects.create(
            organisation=peer.organisation, peer=peer, rule=rule, starts_on=starts_on, assigned_by=actor
        )
    audit_record(
        action="peer_earnings_rule_set",
        request=request,
        organisation=peer.organisation,
        actor=actor,
        obj=peer,
        rule=rule.pk if rule else None,
        starts_on=str(starts_on),
    )
    return made


@transaction.atomic
def over_limit_choice_record(
    *,
    peer: PeerWorker,
    chosen_on: date,
    until: date | None = None,
    note: str = "",
    actor: Any,
    request: Any = None,
) -> OverLimitChoice:
    """Record that the peer chose to earn past their limit, and when they said so."""
    if until is not None and until < chosen_on:
        raise ValidationError({"until": _("The end date cannot be before the date of the choice.")})
    choice = OverLimitChoice.objects.create(
        organisation=peer.organisation,
        peer=peer,
        chosen_on=chosen_on,
        until=until,
        note=note,
        recorded_by=actor,
    )
    audit_record(
        action="over_limit_choice_recorded",
        request=request,
        organisation=peer.organisation,
        actor=actor,
        obj=peer,
    )
    return choice


@transaction.atomic
def earnings_rule_save(*, rule: EarningsRule, actor: Any) -> EarningsRule:
    """Create or update an organisation's rule (validated first)."""
    rule.full_clean()
    created = rule.pk is None
    rule.save()
    audit_record(
        action="earnings_rule_created" if created else "earnings_rule_changed",
        organisation=rule.organisation,
        actor=actor,
        obj=rule,
    )
    return rule
