"""The small-cell rule for one published count, shared by every app that shows counts of people.

A count from 1 to the organisation's threshold is hidden; any other count is rounded to the nearest
multiple of 5, so that two figures a user can ask for (all sites and one site, a period and the same
period less a day, one cut-off and the next) cannot be subtracted to give back one person. Tables
and reports add complementary suppression on top (insights/suppression.py); docs/small-cells.md has
the whole rule and why.
"""

from __future__ import annotations

import math

ROUNDING_BASE = 5


def small(value: float | None, threshold: int) -> bool:
    """Whether a single published count (or a rate's numerator or denominator) must be hidden."""
    return value is not None and 0 < round(value) <= threshold


def rounded(value: float) -> int:
    """``value`` to the nearest multiple of ``ROUNDING_BASE``, halves up."""
    return ROUNDING_BASE * math.floor(value / ROUNDING_BASE + 0.5)


def published_count(value: float | None, threshold: int) -> int | None:
    """A count as it may be shown anywhere: 0, None (hidden: 1..threshold) or rounded to 5.

    A count that is not zero never shows as 0 (with a threshold under 3, 1 or 2 shows as 5).
    """
    if value is None:
        return None
    count = round(value)
    if count <= 0:
        return 0
    if count <= threshold:
        return None
    return max(ROUNDING_BASE, rounded(count))


def published_percent(part: int, whole: int, threshold: int) -> int | None:
    """``part`` of ``whole`` in whole percent, or None when either side of it is a small count.

    Only the rate is shown, never its numerator beside it: with the numerator a rate gives the
    denominator back.
    """
    if not whole or small(part, threshold) or small(whole - part, threshold):
        return None
    return round(100 * part / whole)
