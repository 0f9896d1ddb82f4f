"""Calendar periods of earnings rules: which week, fortnight, month or year a day falls in."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

# Fortnights are counted from a fixed Monday so every peer's fortnight lines up the same way.
FORTNIGHT_ANCHOR = date(2024, 1, 1)


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """First and last day (inclusive) of the ``period`` containing ``day``."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if period == "fortnight":
        offset = (day - FORTNIGHT_ANCHOR).days % 14
        start = day - timedelta(days=offset)
        return start, start + timedelta(days=13)
    if period == "month":
        start = day.replace(day=1)
        return start, start + relativedelta(months=1) - timedelta(days=1)
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    raise ValueError(f"Unknown period {period!r}")


def period_phrase(period: str) -> str:
    """The rule's own period as people say it: "this month", never "for the week" for a monthly rule."""
    phrases = {
        "week": _("this week"),
        "fortnight": _("this fortnight"),
        "month": _("this month"),
        "year": _("this year"),
    }
    return phrases.get(period, period)
