"""The "stuck peers" indicator: peers at a stage who asked for next-stage work and had none in the
policy's weeks, or whose stage has too few next-stage places per peer (``shifts.nextstage``).
Judged on the last day of each rebuild: it is a state of today. It replaces the old count of
peers with a supervisor's sign-off, which said "goal met" while a whole stage had no work.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from peerwork.shifts.nextstage import ladder_work

from .registry import COUNT, DOWN, LAST, ORG, STAGE, Contribution, Indicator, indicators
from .sources import RollupData


def stuck_peers(data: RollupData) -> Iterator[Contribution]:
    day = data.last_day
    yield Contribution(day=day, numerator=0.0)  # a row even when nobody is stuck
    for row in ladder_work(data.organisation, day).stages:
        if row.stuck:
            yield Contribution(day=day, numerator=float(row.stuck), stage=row.stage.pk)


indicators.register(
    Indicator(
        id="stuck_peers",
        label=_("Stuck peers"),
        description=_(
            "Peers who asked for next-stage work and had none in the policy's weeks, or whose stage has "
            "too few next-stage places per peer (as of the last rebuild), by their stage."
        ),
        unit=COUNT,
        direction=DOWN,
        goal=0,
        compute=stuck_peers,
        applies_to=(ORG, STAGE),
        aggregation=LAST,
        source="shifts",
    )
)
