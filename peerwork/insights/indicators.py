"""The momentum indicators Peerwork computes, declared once each.

Every compute function reads a ``RollupData`` snapshot and yields daily contributions for the
days being refreshed; ``services.rollups_refresh`` stores them per slice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
from django.utils.translation import gettext_lazy as _

from .registry import (
    COUNT,
    DOWN,
    HOURS,
    INDEX,
    LAST,
    MEAN,
    ORG,
    PERCENT,
    SITE,
    STAGE,
    STREAM,
    SUM,
    UP,
    Alert,
    Contribution,
    Indicator,
    WholeValue,
    indicators,
)
from .sources import NONE, RollupData, by_day_site, group_contributions

ACTIVE_WINDOW = 30
NEW_PEER_DAYS = 90
BREAK_DAYS = 28


def _contributions(
    data: RollupData, groups: list[tuple[dict[str, int | None], float, float]]
) -> Iterator[Contribution]:
    for tags, num, den in groups:
        d = tags.pop("day")
        if d is None or d < data.first_index or d >= data.n_days:
            continue
        yield Contribution(day=data.days[d], numerator=num, denominator=den, **tags)


def _zeros(data: RollupData) -> Iterator[Contribution]:
    """An explicit zero on every day so a state indicator has a row even when nothing is counted."""
    for d in data.computed_indices():
        yield Contribution(day=data.days[d], numerator=0.0, denominator=0.0)


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = everyone equal, 1 = one person has all)."""
    values = np.sort(np.asarray(values, dtype=np.float64))
    n = values.size
    total = values.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * values).sum()) / (n * total) - (n + 1) / n)


# --- people on the ladder ------------------------------------------------------------------------


def active_peers(data: RollupData) -> Iterator[Contribution]:
    yield from _zeros(data)
    worked = data.worked_matrix()
    sites = data.site_matrix()
    for d in data.computed_indices():
        who = np.nonzero(data.window_count(worked, d, ACTIVE_WINDOW) > 0)[0]
        keys = {
            "day": np.full(who.size, d),
            "site": sites[who, d],
            "stage": data.stage_matrix[who, d],
        }
        yield from _contributions(data, group_contributions(keys, np.ones(who.size)))


def new_peers(data: RollupData) -> Iterator[Contribution]:
    keys = {"day": data.joined, "site": data.home_site}
    yield from _contributions(data, group_contributions(keys, np.ones(data.joined.size)))


def referred_peers(data: RollupData) -> Iterator[Contribution]:
    keys = {"day": data.joined, "site": data.home_site}
    counts = data.referred_by_peer.astype(np.float64)
    yield from _contributions(data, group_contributions(keys, counts, np.ones(data.joined.size)))


def referral_chain(data: RollupData) -> Iterator[WholeValue]:
    """The longest chain of peers who brought peers (A brought B, who brought C: 3)."""
    depth = np.ones(len(data.peer_ids), dtype=np.int64)
    order = np.argsort(data.joined, kind="stable")
    # A referrer joins before the people they bring; walking in joining order fills depths.
    for i in order.tolist():
        parent = data.referred_by[i]
        if parent != NONE and parent != i:
            depth[i] = depth[parent] + 1
    for d in data.computed_indices():
        joined = data.joined <= d
        longest = int(depth[joined].max()) if joined.any() else 0
        brought = int(data.referred_by_peer[joined].sum())
        yield WholeValue(day=data.days[d], value=float(longest), numerator=float(brought))


def days_to_first_shift(data: RollupData) -> Iterator[Contribution]:
    started = (data.first_worked < data.n_days) & (data.first_worked >= 0)
    idx = np.nonzero(started)[0]
    waits = np.maximum(0, data.first_worked[idx] - data.joined[idx]).astype(np.float64)
    sites = data.home_site[idx]
    keys = {"day": data.first_worked[idx], "site": sites}
    yield from _contributions(data, group_contributions(keys, waits, np.ones(idx.size)))


def promotions(data: RollupData) -> Iterator[Contribution]:
    if not data.promotions:
        return
    arr = np.array(data.promotions, dtype=np.int64)
    sites = data.site_matrix()[arr[:, 2], arr[:, 0]]
    keys = {"day": arr[:, 0], "stage": arr[:, 1], "site": sites}
    yield from _contributions(data, group_contributions(keys, np.ones(len(arr))))


def retention(data: RollupData) -> Iterator[Contribution]:
    """Of peers who worked 31–120 days ago, the share who also worked in the last 30 days."""
    yield from _zeros(data)
    worked = data.worked_matrix()
    sites = data.site_matrix()
    for d in data.computed_indices():
        before = data.window_count(worked, d - ACTIVE_WINDOW, 90) > 0
        who = np.nonzero(before)[0]
        stayed = (data.window_count(worked, d, ACTIVE_WINDOW)[who] > 0).astype(np.float64)
        keys = {"day": np.full(who.size, d), "site": sites[who, d - ACTIVE_WINDOW]}
        yield from _contributions(data, group_contributions(keys, stayed, np.ones(who.size)))


def returns_after_break(data: RollupData) -> Iterator[Contribution]:
    worked = data.worked_matrix()
    n_days = worked.shape[1]
    last = np.where(worked, np.arange(n_days)[None, :], -(10**6))
    np.maximum.accumulate(last, axis=1, out=last)
    previous = np.full_like(last, -(10**6))
    previous[:, 1:] = last[:, :-1]
    back = worked & (np.arange(n_days)[None, :] - previous >= BREAK_DAYS) & (previous >= 0)
    peers, days = np.nonzero(back)
    keys = {"day": days, "site": data.site_matrix()[peers, days], "stage": data.stage_matrix[peers, days]}
    yield from _contributions(data, group_contributions(keys, np.ones(peers.size)))


def hours_gini(data: RollupData) -> Iterator[WholeValue]:
    """Gini of hours worked in the last 30 days among peers who worked in the last 90."""
    hours = data.hours_matrix()
    worked = data.worked_matrix()
    sites = data.site_matrix()
    for d in data.computed_indices():
        recent = data.window_count(worked, d, 90) > 0
        window = data.window_count(hours, d, ACTIVE_WINDOW)
        yield WholeValue(day=data.days[d], value=gini(window[recent]), denominator=float(recent.sum()))
        for site in np.unique(sites[recent, d]).tolist():
            if site == NONE:
                continue
            here = recent & (sites[:, d] == site)
            yield WholeValue(
                day=data.days[d], value=gini(window[here]), denominator=float(here.sum()), site=int(site)
            )


# --- opportunities ----------------------------------------------------------------------------------


def _shift_keys(data: RollupData) -> dict[str, np.ndarray]:
    return {
        "day": data.shift_day,
        "site": data.shift_site,
        "stage": data.shift_stage,
        "work_stream": data.shift_stream,
    }


def places_offered(data: RollupData) -> Iterator[Contribution]:
    yield from _contributions(data, group_contributions(_shift_keys(data), data.shift_slots))


def peers_wanting(data: RollupData) -> Iterator[Contribution]:
    yield from _contributions(data, group_contributions(_shift_keys(data), data.shift_wanting))


def places_per_request(data: RollupData) -> Iterator[Contribution]:
    keys = _shift_keys(data)
    yield from _contributions(data, group_contributions(keys, data.shift_slots, data.shift_wanting))


def _worked_keys(data: RollupData) -> dict[str, np.ndarray]:
    d = np.clip(data.worked_day, 0, data.n_days - 1)
    return {
        "day": data.worked_day,
        "site": data.worked_site,
        "stage": data.stage_matrix[data.worked_peer, d] if data.worked_peer.size else data.worked_peer,
        "work_stream": data.worked_stream,
    }


def shifts_worked(data: RollupData) -> Iterator[Contribution]:
    yield from _contributions(data, group_contributions(_worked_keys(data), np.ones(data.worked_peer.size)))


def hours_worked(data: RollupData) -> Iterator[Contribution]:
    yield from _contributions(data, group_contributions(_worked_keys(data), data.worked_hours))


def new_peer_share(data: RollupData) -> Iterator[Contribution]:
    age = data.worked_day - data.joined[data.worked_peer] if data.worked_peer.size else data.worked_day
    is_new = (age < NEW_PEER_DAYS).astype(np.float64)
    keys = _worked_keys(data)
    del keys["stage"]
    yield from _contributions(data, group_contributions(keys, is_new, np.ones(is_new.size)))


# --- services -----------------------------------------------------------------------------------------


def _service_total(kind: str | None, value: str) -> Callable[[RollupData], Iterator[Contribution]]:
    def compute(data: RollupData) -> Iterator[Contribution]:
        rows = [r for r in data.services if kind is None or r["kind"] == kind]
        for (d, site), total in by_day_site(rows, value).items():
            if d >= data.first_index:
                yield Contribution(day=data.days[d], numerator=total, site=site)

    return compute


def overdose_responses(data: RollupData) -> Iterator[Contribution]:
    for (d, site), total in by_day_site(data.overdoses, "events").items():
        if d >= data.first_index:
            yield Contribution(day=data.days[d], numerator=total, site=site)


MOMENTUM = _("Momentum")
FAIRNESS = _("Fairness and retention")
SERVICES = _("Services")

for indicator in (
    Indicator(
        id="active_peers",
        label=_("Active peers"),
        description=_("Peers who worked at least one shift in the 30 days up to the day."),
        unit=COUNT,
        direction=UP,
        compute=active_peers,
        applies_to=(ORG, SITE, STAGE),
        aggregation=LAST,
    ),
    Indicator(
        id="new_peers",
        label=_("New peers"),
        description=_("Peers who joined the programme."),
        unit=COUNT,
        direction=UP,
        compute=new_peers,
        applies_to=(ORG, SITE),
        source="peers",
    ),
    Indicator(
        id="days_to_first_shift",
        label=_("Days from joining to first shift"),
        description=_("Average days new peers waited between joining and their first worked shift."),
        unit=MEAN,
        direction=DOWN,
        goal=14,
        compute=days_to_first_shift,
        applies_to=(ORG, SITE),
        alert=Alert(
            "above",
            21,
            _(
                "New peers waited {value} days on average for a first shift (more than {threshold}). "
                "People who wait long often do not come back: offer more entry shifts."
            ),
        ),
    ),
    Indicator(
        id="places_offered",
        label=_("Places offered"),
        description=_("Places on published shifts, by the lowest stage the role needs."),
        unit=COUNT,
        direction=UP,
        compute=places_offered,
        applies_to=(ORG, SITE, STAGE, STREAM),
    ),
    Indicator(
        id="peers_wanting",
        label=_("Sign-ups"),
        description=_("Sign-ups for those shifts: how many times peers asked for a place."),
        unit=COUNT,
        direction=UP,
        compute=peers_wanting,
        applies_to=(ORG, SITE, STAGE, STREAM),
    ),
    Indicator(
        id="places_per_request",
        label=_("Places per sign-up"),
        description=_("Places offered for every sign-up; below 1 means more asks than places."),
        unit=MEAN,
        direction=UP,
        goal=0.8,
        compute=places_per_request,
        applies_to=(ORG, SITE, STAGE, STREAM),
        alert=Alert(
            "below",
            0.5,
            _(
                "There were only {value} places for every sign-up (below {threshold}). "
                "Peers are asking for more work than the programme offers."
            ),
        ),
    ),
    Indicator(
        id="new_peer_share",
        label=_("Shifts to peers in their first 90 days"),
        description=_("Share of worked shifts that went to peers who joined less than 90 days before."),
        unit=PERCENT,
        direction=UP,
        goal=20,
        compute=new_peer_share,
        applies_to=(ORG, SITE, STREAM),
        alert=Alert(
            "below",
            10,
            _(
                "Only {value} of shifts went to peers in their first 90 days (goal {threshold} or more). "
                "New peers are not getting a start, so the programme will lose momentum."
            ),
        ),
    ),
    Indicator(
        id="promotions",
        label=_("Promotions"),
        description=_("Peers who moved up a stage on the ladder, by the stage they reached."),
        unit=COUNT,
        direction=UP,
        compute=promotions,
        applies_to=(ORG, SITE, STAGE),
        source="pathway",
    ),
    Indicator(
        id="shifts_worked",
        label=_("Shifts worked"),
        description=_("Shifts peers checked in to or completed."),
        unit=COUNT,
        direction=UP,
        compute=shifts_worked,
        applies_to=(ORG, SITE, STAGE, STREAM),
    ),
    Indicator(
        id="hours_worked",
        label=_("Hours worked"),
        description=_("Hours peers worked on those shifts."),
        unit=HOURS,
        direction=UP,
        compute=hours_worked,
        applies_to=(ORG, SITE, STAGE, STREAM),
    ),
    Indicator(
        id="retention",
        label=_("Retention"),
        description=_(
            "Of peers who worked 31 to 120 days before, the share who also worked in the last 30 days."
        ),
        unit=PERCENT,
        direction=UP,
        goal=70,
        compute=retention,
        applies_to=(ORG, SITE),
        aggregation=LAST,
        group=FAIRNESS,
        alert=Alert(
            "below",
            50,
            _(
                "Only {value} of peers who worked earlier came back in the last 30 days (below {threshold}). "
                "Check in with the people who stopped coming: without blame."
            ),
        ),
    ),
    Indicator(
        id="returns_after_break",
        label=_("Returns after a break"),
        description=_("Peers who worked again after 28 days or more without a shift."),
        unit=COUNT,
        direction=UP,
        compute=returns_after_break,
        applies_to=(ORG, SITE, STAGE),
        group=FAIRNESS,
    ),
    Indicator(
        id="hours_gini",
        label=_("Hours inequality (Gini)"),
        description=_(
            "How unevenly the last 30 days' hours were spread among peers who worked in the last 90 "
            "(0 = evenly, 1 = one person had all)."
        ),
        unit=INDEX,
        direction=DOWN,
        goal=0.4,
        compute=hours_gini,
        applies_to=(ORG, SITE),
        aggregation=LAST,
        group=FAIRNESS,
        alert=Alert(
            "above",
            0.5,
            _(
                "Hours are spread unevenly (Gini {value}, above {threshold}): a few peers get most of "
                "the work. Fair allocation can spread it."
            ),
        ),
    ),
    Indicator(
        id="referred_peers",
        label=_("New peers brought by a peer"),
        description=_("New peers who came through another peer: the programme's social growth."),
        unit=PERCENT,
        direction=UP,
        compute=referred_peers,
        applies_to=(ORG, SITE),
        source="peers",
    ),
    Indicator(
        id="referral_chain",
        label=_("Longest referral chain"),
        description=_("The longest line of peers who brought peers (A brought B, who brought C: 3)."),
        unit=INDEX,
        direction=UP,
        compute=referral_chain,
        applies_to=(ORG,),
        aggregation=LAST,
        source="peers",
    ),
    Indicator(
        id="services_delivered",
        label=_("Service records"),
        description=_("Service records of every kind made during shifts."),
        unit=COUNT,
        direction=UP,
        compute=_service_total(None, "entries"),
        applies_to=(ORG, SITE),
        source="services",
        group=SERVICES,
    ),
    Indicator(
        id="supplies_given",
        label=_("Supplies given"),
        description=_("Harm-reduction supplies handed out (items)."),
        unit=COUNT,
        direction=UP,
        compute=_service_total("supplies", "quantity"),
        applies_to=(ORG, SITE),
        source="services",
        group=SERVICES,
    ),
    Indicator(
        id="sharps_recovered",
        label=_("Sharps recovered"),
        description=_("Used needles and sharps picked up and disposed of safely."),
        unit=COUNT,
        direction=UP,
        compute=_service_total("sharps", "quantity"),
        applies_to=(ORG, SITE),
        source="services",
        group=SERVICES,
    ),
    Indicator(
        id="referrals_made",
        label=_("Referrals made"),
        description=_("People referred to housing, treatment, health and other services."),
        unit=COUNT,
        direction=UP,
        compute=_service_total("referral", "quantity"),
        applies_to=(ORG, SITE),
        source="services",
        group=SERVICES,
    ),
    Indicator(
        id="overdose_responses",
        label=_("Overdose responses"),
        description=_("Overdoses peers responded to (one per event)."),
        unit=COUNT,
        direction=DOWN,
        compute=overdose_responses,
        applies_to=(ORG, SITE),
        source="services",
        group=SERVICES,
    ),
):
    indicators.register(indicator)

__all__ = ["MEAN", "SUM", "gini", "indicators"]
