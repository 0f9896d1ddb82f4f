"""Template helpers for pay pages: money in the reader's locale, bar widths for meters."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django import template

from peerwork.core.money import format_money

from .. import periods

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return format_money(amount, currency)


@register.filter
def half(amount: Decimal) -> Decimal:
    """Half a payout, to the cent below, so "half before, half after" never pays more than owed."""
    return (amount / 2).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


@register.filter
def bar_width(percent: int | None) -> int:
    """A percentage clamped to 0–100, for the width of an SVG meter bar."""
    return max(0, min(100, int(percent or 0)))


@register.filter
def period_phrase(period: str) -> str:
    """The period as people say it ("this month"): a limit speaks its own period."""
    return periods.period_phrase(period)
