"""Rates, payouts and their payment: money only moves through the append-only ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from peerwork.accounts.sites import sites_visible
from peerwork.audit.services import audit_record
from peerwork.core.money import format_money, quantize
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, Role
from peerwork.shifts.rules import Verdict, may_be_paid
from peerwork.training.models import SessionAttendance

from .. import selectors
from ..models import (
    CashBox,
    LedgerEntry,
    LedgerKind,
    PayMethod,
    Payout,
    PayoutSource,
    PayoutStatus,
    PayRate,
)
from ..periods import period_phrase
from .common import money
from .limits import over_limit_choice_record


class OverLimit(ValidationError):
    """Paying would take the peer past their benefit limit; ``check`` holds the figures."""

    def __init__(self, check: selectors.LimitCheck) -> None:
        self.check = check
        super().__init__(
            _("This payout would take the peer past their %(rule)s limit %(period)s.")
            % {"rule": check.rule.short_name or check.rule.name, "period": period_phrase(check.rule.period)},
            code="over_limit",
        )


class CashShortfall(ValidationError):
    """The site's box holds less than this payment (or no box is open); the figures say how much."""

    def __init__(self, *, held: Decimal, owed: Decimal, currency: str, box: CashBox | None) -> None:
        self.held, self.owed, self.currency, self.box = held, owed, currency, box
        figures = {"held": format_money(held, currency), "owed": format_money(owed, currency)}
        if box is None:
            message = _("No cash box is open at this site; %(owed)s is owed.") % figures
        else:
            message = _("The box holds %(held)s; %(owed)s is owed.") % figures
        super().__init__({"method": message}, code="cash_shortfall")


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
    if selectors.covered_by_salary(assignment):
        return None  # the contract's salary pays its standing shifts
    hours = assignment.hours_worked or shift.hours
    contract_rate = selectors.contract_hourly_pay(assignment)
    rate = (
        None if contract_rate else selectors.rate_for(shift.role, selectors.stage_id_of(assignment.peer), day)
    )
    if contract_rate:
        amount = quantize(contract_rate * hours)
    elif rate is None:
        return None
    else:
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


def payout_create_off_shift(
    *,
    peer: PeerWorker,
    site: Site,
    amount: Decimal,
    earned_on: date,
    reference: str,
    description: str,
    actor: Any = None,
    source: str = PayoutSource.OFF_SHIFT,
) -> tuple[Payout | None, Verdict]:
    """The pending honorarium for work a peer did outside any shift (an overdose response off shift,
    an advisory group meeting: ``source``), when the one rule check (``shifts.rules.may_be_paid``)
    says it fits their earnings limits; otherwise nothing, and why.

    Idempotent by ``reference``: a record already paid returns its payout.
    """
    if source not in (PayoutSource.OFF_SHIFT, PayoutSource.ADVISORY):
        raise ValueError(f"not work outside a shift: {source}")
    if peer.organisation_id != site.organisation_id:
        raise ValidationError(_("That peer belongs to another organisation."))
    existing = Payout.objects.filter(peer=peer, reference=reference).first()
    if existing is not None:
        return existing, Verdict()
    verdict = may_be_paid(peer, amount, earned_on)
    if not verdict.ok:
        return None, verdict
    organisation = peer.organisation
    with transaction.atomic():
        payout = Payout.objects.create(
            organisation=organisation,
            peer=peer,
            site=site,
            source=source,
            reference=reference,
            amount=money(amount),
            currency=organisation.currency,
            earned_on=earned_on,
            description=description[:200],
            timing=peer.payment_timing,
            created_by=actor,
        )
        audit_record(
            action=f"payout_{source}", organisation=organisation, actor=actor, obj=payout, amount=str(amount)
        )
    return payout, verdict


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
    """A payout added by hand (travel, childcare, a correction) with the reason for it.

    It belongs to ``site``; without one, to the first site in use the person may see.
    """
    if peer.organisation_id != organisation.pk:
        raise ValidationError(_("That peer belongs to another organisation."))
    if site is None:
        site = sites_visible(organisation).filter(is_active=True).order_by("pk").first()
    if site is None or site.organisation_id != organisation.pk:
        raise ValidationError({"site": _("Choose the site whose desk pays this.")})
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
def payouts_collect(
    *, organisation: Organisation, until: date, since: date | None = None, actor: Any = None
) -> list[Payout]:
    """Create the pending payouts still missing for checked-out shifts and attended trainings
    (from ``since``, when given)."""
    made: list[Payout] = []
    for assignment in selectors.assignments_without_payout(organisation, until, since=since):
        payout = payout_create_for_assignment(assignment=assignment, actor=actor)
        if payout is not None:
            made.append(payout)
    for attendance in selectors.attendances_without_payout(organisation, until, since=since):
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
    amount: Any = None,
    cash_box: CashBox | None = None,
    timing: str | None = None,
    paid_on: date | None = None,
    limit_choice: str = "",
    peer_words: str = "",
) -> LedgerEntry:
    """Pay an owed payout, all of what is left or ``amount`` of it: one ledger entry per payment.

    A payout may take several payments (half before, half after; part cash, the rest by
    transfer): it is part paid until they add up to its amount. Cash is drawn from the site's open
    box and never takes it below zero (``CashShortfall`` says what the box holds).

    A payout that would take the peer past their benefit limit is refused (``OverLimit``) unless
    ``limit_choice`` is "part" (pay what fits now, the rest stays owed) or "over" (the peer's own
    choice, in ``peer_words``, is recorded for the rule's period and it is paid in full). The
    check is made on the first payment, for the whole payout.
    """
    payout = (
        Payout.objects.select_for_update().select_related("peer", "organisation", "site").get(pk=payout.pk)
    )
    if payout.status not in (PayoutStatus.PENDING, PayoutStatus.PART_PAID):
        raise ValidationError(_("This payout was already paid; it cannot be paid twice."))
    if method not in PayMethod.values:
        raise ValidationError({"method": _("Choose cash, bank transfer, voucher or other.")})
    organisation = payout.organisation
    day = paid_on or organisation.today()
    check = selectors.payout_limit_check(payout, day) if payout.status == PayoutStatus.PENDING else None
    if check is not None:
        if limit_choice == "part" and check.comparable and check.fits > 0:
            payout = _payout_split(payout, check.fits, actor)
        elif limit_choice == "over":
            if not peer_words.strip():
                raise ValidationError({"peer_words": _("Write down what the peer said about going over.")})
            over_limit_choice_record(
                peer=payout.peer, chosen_on=day, until=check.period_end, note=peer_words.strip(), actor=actor
            )
        else:
            raise OverLimit(check)
    paid = selectors.payout_paid_sum(payout)
    left = payout.amount - paid
    value = left if amount in (None, "") else money(amount, field="amount")
    if value > left:
        raise ValidationError(
            {
                "amount": _("Only %(left)s is still owed on this payout.")
                % {"left": format_money(left, payout.currency)}
            }
        )
    if method == PayMethod.CASH:
        if cash_box is None:
            cash_box = selectors.open_cash_box(organisation, payout.site)
        if cash_box is None:
            raise CashShortfall(held=Decimal("0.00"), owed=value, currency=payout.currency, box=None)
        cash_box = CashBox.objects.select_for_update().get(pk=cash_box.pk)
        if cash_box.organisation_id != organisation.pk or not cash_box.is_open:
            raise ValidationError({"method": _("That cash box is closed; open one before paying in cash.")})
        held = selectors.cash_box_balance(cash_box)
        if held < value:
            raise CashShortfall(held=held, owed=value, currency=payout.currency, box=cash_box)
    else:
        cash_box = None
    entry = LedgerEntry.objects.create(
        organisation=organisation,
        kind=LedgerKind.PAYOUT,
        peer=payout.peer,
        payout=payout,
        cash_box=cash_box,
        method=method,
        amount=value,
        currency=payout.currency,
        occurred_on=day,
        memo=payout.description,
        created_by=actor,
    )
    status = PayoutStatus.PAID if paid + value >= payout.amount else PayoutStatus.PART_PAID
    Payout.objects.filter(pk=payout.pk).update(status=status, timing=timing or payout.timing)
    audit_record(
        action="payout_paid" if status == PayoutStatus.PAID else "payout_part_paid",
        organisation=organisation,
        actor=actor,
        obj=payout,
        method=method,
        amount=str(value),
    )
    return entry


@transaction.atomic
def payout_pay_cash_then_rest(
    *, payout: Payout, cash: Any, rest_method: str, actor: Any = None, **options: Any
) -> list[LedgerEntry]:
    """When the box holds too little: pay ``cash`` from it now and the rest by ``rest_method``."""
    if rest_method == PayMethod.CASH or rest_method not in PayMethod.values:
        raise ValidationError(
            {"rest_method": _("Choose how the rest is paid: bank transfer, voucher or other.")}
        )
    first = payout_pay(payout=payout, method=PayMethod.CASH, amount=cash, actor=actor, **options)
    options.pop("limit_choice", None)  # the limit was settled with the first payment
    options.pop("peer_words", None)
    return [first, payout_pay(payout=payout, method=rest_method, actor=actor, **options)]


def _payout_split(payout: Payout, now: Decimal, actor: Any) -> Payout:
    """Keep ``now`` on the payout to pay it; the rest becomes a new owed payout, with the reason."""
    rest = payout.amount - now
    kept = Payout.objects.create(
        organisation=payout.organisation,
        peer=payout.peer,
        site=payout.site,
        source=PayoutSource.MANUAL,
        amount=rest,
        currency=payout.currency,
        earned_on=payout.earned_on,
        description=f"{payout.description} ({_('rest')})"[:200],
        reason=_("The rest of a payout, kept owed so the peer stays within their earnings limit."),
        timing=payout.timing,
        created_by=actor,
    )
    Payout.objects.filter(pk=payout.pk).update(amount=now)
    payout.amount = now
    audit_record(
        action="payout_split_for_limit",
        organisation=payout.organisation,
        actor=actor,
        obj=payout,
        paid_now=str(now),
        kept_owed=str(rest),
        rest_payout=kept.pk,
    )
    return payout


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
                occurred_on=entry.organisation.today(),
                reverses=entry,
                memo=reason.strip()[:300],
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("This entry was already reversed; it cannot be reversed twice.")) from None
    if entry.payout_id is not None:
        payout = Payout.objects.get(pk=entry.payout_id)
        paid = selectors.payout_paid_sum(payout)
        if paid <= 0:
            status = PayoutStatus.REVERSED
        else:
            status = PayoutStatus.PAID if paid >= payout.amount else PayoutStatus.PART_PAID
        Payout.objects.filter(pk=entry.payout_id).update(status=status)
    audit_record(
        action="ledger_entry_reversed",
        organisation=entry.organisation,
        actor=actor,
        obj=entry,
        reason=reason.strip(),
    )
    return reversal
