"""Money is Decimal, always with its currency, shown in the reader's locale."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency
from django.utils.translation import get_language, to_locale

CENTS = Decimal("0.01")


def quantize(amount: Decimal | int | str) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Money must never be a float; pass a Decimal or a string.")
    return Decimal(amount).quantize(CENTS, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    return format_currency(amount, currency, locale=_locale(language or get_language() or "en"))


@lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    """Babel's locale for a language, parsed once: a list of payouts formats hundreds of amounts."""
    return Locale.parse(to_locale(language))
