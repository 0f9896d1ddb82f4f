"""Cash boxes: opened with a counted float, counted at close, signed off by a second person."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site

from .. import selectors
from ..models import (
    CashBox,
    LedgerEntry,
    LedgerKind,
    PayMethod,
)
from .common import ZERO, money


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
            occurred_on=organisation.today(at),
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
            occurred_on=box.organisation.today(at),
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
