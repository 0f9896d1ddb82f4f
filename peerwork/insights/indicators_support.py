"""Indicators fed by Support and Assessments: debrief follow-up after overdose responses and the
median change in recovery capital. Only data staff may see is used: clients' scores
(by code) and peers' scores the peer chose to share.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from peerwork.assessments.models import Score
from peerwork.assessments.selectors import results_visible_to_staff
from peerwork.support.models import DebriefOffer, DebriefStatus

from .registry import (
    INDEX,
    LAST,
    ORG,
    PERCENT,
    SITE,
    UP,
    Alert,
    Contribution,
    Indicator,
    WholeValue,
    indicators,
)
from .sources import RollupData

REACHED = (DebriefStatus.HELD_INDIVIDUAL, DebriefStatus.HELD_GROUP, DebriefStatus.DECLINED)
# The recovery-capital instruments, most preferred first; the first one with scores is used.
RECOVERY_INSTRUMENTS = ("barc-10", "recovery-checkin", "mirc")
SUPPORT = _("Support and recovery")


def debrief_follow_up(data: RollupData) -> Iterator[Contribution]:
    """Per day an offer fell due: offers, and those where the peer was reached (held or declined)."""
    zone = data.organisation.zone
    lo = datetime.combine(data.first_day, time.min, tzinfo=zone)
    hi = datetime.combine(data.last_day + timedelta(days=1), time.min, tzinfo=zone)
    offers = DebriefOffer.objects.filter(organisation=data.organisation, due_at__gte=lo, due_at__lt=hi)
    totals: dict[tuple[date, int | None], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for due_at, status, site in offers.values_list("due_at", "status", "response__site_id"):
        entry = totals[(due_at.astimezone(zone).date(), site)]
        entry[0] += 1.0 if status in REACHED else 0.0
        entry[1] += 1.0
    for (day, where), (reached, offered) in totals.items():
        yield Contribution(day=day, numerator=reached, denominator=offered, site=where)


def recovery_capital_change(data: RollupData) -> Iterator[WholeValue]:
    """Median change in the recovery-capital total from each person's first to latest score, per day."""
    visible = results_visible_to_staff(data.organisation)
    totals = Score.objects.filter(response__in=visible, target="total", value__isnull=False)
    used = next((k for k in RECOVERY_INSTRUMENTS if totals.filter(instrument_key=k).exists()), None)
    if used is None:
        return
    scores = (
        totals.filter(instrument_key=used)
        .order_by("response__submitted_at", "id")
        .values_list("response__peer_id", "response__client_code", "response__submitted_at", "value")
    )
    zone = data.organisation.zone
    history: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for peer_id, client_code, submitted_at, value in scores:
        if submitted_at is None or value is None:
            continue
        who = f"p{peer_id}" if peer_id else f"c{client_code}"
        history[who].append((submitted_at.astimezone(zone).date(), float(value)))
    if not history:
        return
    for d in data.computed_indices():
        day = data.days[d]
        changes = []
        for items in history.values():
            upto = [v for when, v in items if when <= day]
            if len(upto) >= 2:
                changes.append(upto[-1] - upto[0])
        if changes:
            yield WholeValue(
                day=day, value=float(statistics.median(changes)), denominator=float(len(changes))
            )


for indicator in (
    Indicator(
        id="debrief_follow_up",
        label=_("Debriefs after overdose responses"),
        description=_(
            "Share of debrief offers after an overdose response where the peer was reached: the debrief "
            "was held, or the peer chose to decline it."
        ),
        unit=PERCENT,
        direction=UP,
        goal=90,
        compute=debrief_follow_up,
        applies_to=(ORG, SITE),
        source="support",
        group=SUPPORT,
        alert=Alert(
            "below",
            75,
            _(
                "Only {value} of peers who responded to an overdose were reached for a debrief (below "
                "{threshold}). Overdose responses hurt: offer every responder a debrief."
            ),
        ),
    ),
    Indicator(
        id="recovery_capital_change",
        label=_("Median change in recovery capital"),
        description=_(
            "Median change in the recovery capital total (BARC-10 where it is used, otherwise the recovery "
            "check-in) from each person's first to their latest score. Counts clients' scores and the scores "
            "peers chose to share."
        ),
        unit=INDEX,
        direction=UP,
        goal=0,
        compute=recovery_capital_change,
        applies_to=(ORG,),
        aggregation=LAST,
        source="assessments",
        group=SUPPORT,
    ),
):
    indicators.register(indicator)
