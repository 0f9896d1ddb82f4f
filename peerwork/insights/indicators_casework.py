"""Indicators fed by one-to-one peer support (casework): sessions held and their hours, counted like the
services recorded on shifts, so funder reports show them with small cells suppressed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext_lazy as _

from peerwork.casework.models import CaseSession

from .registry import COUNT, HOURS, ORG, UP, Contribution, Indicator, indicators
from .sources import RollupData

SERVICES = _("Services")


def _per_day(data: RollupData) -> dict[date, list[float]]:
    """{day: [sessions, hours]} for the days being refreshed, read once per refresh."""
    if "casework_per_day" not in data.extras:
        totals: dict[date, list[float]] = defaultdict(lambda: [0.0, 0.0])
        sessions = CaseSession.objects.filter(
            organisation=data.organisation, held_on__gte=data.first_day, held_on__lte=data.last_day
        ).values_list("held_on", "minutes")
        for day, minutes in sessions:
            totals[day][0] += 1.0
            totals[day][1] += minutes / 60.0
        data.extras["casework_per_day"] = dict(totals)
    return data.extras["casework_per_day"]


def one_to_one_sessions(data: RollupData) -> Iterator[Contribution]:
    for day, (count, _hours) in _per_day(data).items():
        yield Contribution(day=day, numerator=count)


def one_to_one_hours(data: RollupData) -> Iterator[Contribution]:
    for day, (_count, hours) in _per_day(data).items():
        yield Contribution(day=day, numerator=hours)


for indicator in (
    Indicator(
        id="one_to_one_sessions",
        label=_("One-to-one sessions"),
        description=_("Sessions peer support workers held with people on their caseloads."),
        unit=COUNT,
        direction=UP,
        compute=one_to_one_sessions,
        applies_to=(ORG,),
        source="casework",
        group=SERVICES,
    ),
    Indicator(
        id="one_to_one_hours",
        label=_("Hours of one-to-one support"),
        description=_("Time peer support workers spent in sessions with people on their caseloads."),
        unit=HOURS,
        direction=UP,
        compute=one_to_one_hours,
        applies_to=(ORG,),
        source="casework",
        group=SERVICES,
    ),
):
    indicators.register(indicator)
