"""Rates, payouts and their payment: money only moves through the append-only ledger."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, Role
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
from .common import local_today, money


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
