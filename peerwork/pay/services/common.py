"""Helpers every pay service shares: money from input, the organisation's today."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peerwork.core.money import quantize

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
