"""Indicators as data: each one declared once and read by dashboards, alerts and reports alike.

An indicator's compute function turns one organisation's raw records (a ``RollupData``
snapshot) into daily contributions; the rollup service stores them per slice, and
``period_value`` turns a period's daily rows back into one figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .sources import RollupData

ORG, SITE, STAGE, STREAM = "org", "site", "stage", "work_stream"

# Units
COUNT = "count"  # value = numerator (people, shifts, services)
HOURS = "hours"
PERCENT = "percent"  # value = 100 * numerator / denominator
MEAN = "mean"  # value = numerator / denominator (days, places per peer)
INDEX = "index"  # a value computed whole (Gini); no numerator to add up

# How daily rows become a period figure
SUM = "sum"  # flows: add numerators and denominators over the days
LAST = "last"  # states: the last day of the period that has a value

UP, DOWN = "up", "down"


@dataclass(frozen=True)
class Contribution:
    """One additive piece of an indicator on one day, tagged with the slice it belongs to."""

    day: date
    numerator: float
    denominator: float = 0.0
    site: int | None = None
    stage: int | None = None
    work_stream: int | None = None


@dataclass(frozen=True)
class WholeValue:
    """A non-additive value (a Gini, a median) already computed for one slice and day."""

    day: date
    value: float
    numerator: float | None = None
    denominator: float | None = None
    site: int | None = None
    stage: int | None = None
    work_stream: int | None = None


@dataclass(frozen=True)
class Alert:
    """Raise an alert when the period value crosses ``threshold`` in the bad direction."""

    when: str  # "below" or "above"
    threshold: float
    message: str | Promise  # formatted with value, threshold, label

    def fires(self, value: float | None) -> bool:
        if value is None:
            return False
        return value < self.threshold if self.when == "below" else value > self.threshold


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str | Promise
    description: str | Promise
    unit: str
    direction: str
    compute: Callable[[RollupData], Iterable[Contribution | WholeValue]]
    applies_to: tuple[str, ...] = (ORG,)
    aggregation: str = SUM
    goal: float | None = None
    alert: Alert | None = None
    source: str = "shifts"  # the app whose records feed it, for "not available yet" notes
    group: str | Promise = field(default=_("Momentum"))

    @property
    def additive(self) -> bool:
        return self.unit != INDEX

    @property
    def is_count(self) -> bool:
        return self.unit in {COUNT, HOURS}

    def applies(self, dimension: str) -> bool:
        return dimension in self.applies_to

    def value_from(self, numerator: float | None, denominator: float | None) -> float | None:
        """The figure shown for summed numerator and denominator (None when undefined)."""
        num = numerator or 0.0
        if self.unit in {COUNT, HOURS}:
            return num
        if not denominator:
            return None
        if self.unit == PERCENT:
            return 100.0 * num / denominator
        return num / denominator

    def describe_goal(self) -> str:
        if self.goal is None:
            return ""
        word = _("at least") if self.direction == UP else _("at most")
        return f"{word} {format_value(self.goal, self.unit)}"

    def meets_goal(self, value: float | None) -> bool | None:
        if self.goal is None or value is None:
            return None
        return value >= self.goal if self.direction == UP else value <= self.goal


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == PERCENT:
        return f"{value:.0f}%"
    if unit in {COUNT}:
        return f"{value:,.0f}"
    if unit == HOURS:
        return f"{value:,.1f}"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


class IndicatorRegistry:
    def __init__(self) -> None:
        self._items: dict[str, Indicator] = {}

    def register(self, indicator: Indicator) -> Indicator:
        self._items[indicator.id] = indicator
        return indicator

    def get(self, indicator_id: str) -> Indicator:
        return self._items[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._items

    def all(self) -> list[Indicator]:
        return list(self._items.values())

    def ids(self) -> list[str]:
        return list(self._items)

    def choices(self) -> list[tuple[str, Any]]:
        return [(i.id, i.label) for i in self._items.values()]


indicators = IndicatorRegistry()
