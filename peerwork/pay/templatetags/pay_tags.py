"""Template helpers for pay pages: money in the reader's locale, bar widths for meters."""

from __future__ import annotations

from decimal import Decimal

from django import template

from peerwork.core.money import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return format_money(amount, currency)


@register.filter
def bar_width(percent: int | None) -> int:
    """A percentage clamped to 0–100, for the width of an SVG meter bar."""
    return max(0, min(100, int(percent or 0)))
