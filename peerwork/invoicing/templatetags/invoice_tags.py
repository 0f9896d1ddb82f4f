"""Money on invoice pages and PDFs, in the reader's (or the PDF's) language."""

from __future__ import annotations

from decimal import Decimal

from django import template

from peerwork.core.money import format_money

register = template.Library()


@register.filter
def invoice_money(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else format_money(amount, currency)
