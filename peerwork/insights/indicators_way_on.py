"""The way on: of peers who left, the share who moved on to work or study (a staff post here, a job
elsewhere, or education). Counted on the day they left, at their first site."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext_lazy as _

from peerwork.peers.models import MOVED_ON, PeerStatus, PeerWorker

from .indicators import FAIRNESS
from .registry import ORG, PERCENT, SITE, UP, Contribution, Indicator, indicators
from .sources import RollupData


def moved_on(data: RollupData) -> Iterator[Contribution]:
    leavers = (
        PeerWorker.objects.filter(
            organisation=data.organisation,
            status=PeerStatus.LEFT,
            left_on__gte=data.first_day,
            left_on__lte=data.last_day,
        )
        .prefetch_related("sites")
        .order_by("pk")
    )
    totals: dict[tuple[date, int | None], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for peer in leavers:
        assert peer.left_on is not None
        sites = sorted(site.pk for site in peer.sites.all())
        entry = totals[(peer.left_on, sites[0] if sites else None)]
        entry[0] += 1.0 if peer.left_to in MOVED_ON else 0.0
        entry[1] += 1.0
    for (day, site), (numerator, denominator) in totals.items():
        yield Contribution(day=day, numerator=numerator, denominator=denominator, site=site)


indicators.register(
    Indicator(
        id="moved_on",
        label=_("Moved on to work or study"),
        description=_(
            "Of peers who left in the period, the share who went to a staff post here, a job elsewhere "
            "or education. Where someone went is recorded when they leave; "
            "'not known' counts as not moved on."
        ),
        unit=PERCENT,
        direction=UP,
        compute=moved_on,
        applies_to=(ORG, SITE),
        source="peers",
        group=FAIRNESS,
    )
)
