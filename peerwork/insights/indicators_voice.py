"""Indicators fed by Voice: how much feedback arrives, whether the advisory group's actions are done on
time, and how long a theme raised in feedback waits for the group to act on it.

Only published feedback counts (held feedback is not yet known to be genuine). Counts go into funder
reports like every count, with the small-cell rule applied there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext_lazy as _

from peerwork.voice.models import Action, Decision, Feedback, Status

from .registry import COUNT, DOWN, MEAN, ORG, PERCENT, SITE, UP, Alert, Contribution, Indicator, indicators
from .sources import RollupData

VOICE = _("Voice")


def feedback_received(data: RollupData) -> Iterator[Contribution]:
    """Per day and site: published feedback received (through a card or poster, or from a peer)."""
    rows = Feedback.objects.filter(
        organisation=data.organisation,
        status=Status.PUBLISHED,
        received_on__gte=data.first_day,
        received_on__lte=data.last_day,
    ).values_list("received_on", "site_id")
    for (day, site), count in Counter(rows).items():
        yield Contribution(day=day, numerator=float(count), site=site)


def actions_on_time(data: RollupData) -> Iterator[Contribution]:
    """Per due date: actions that fell due (done, or still open once the date has passed), and those
    done by their due date. An action due today and not yet done is not counted until tomorrow."""
    today = data.organisation.today()
    due = Action.objects.filter(
        organisation=data.organisation, due_on__gte=data.first_day, due_on__lte=data.last_day
    ).values_list("due_on", "done_on")
    totals: dict[date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for due_on, done_on in due:
        if done_on is None and due_on >= today:
            continue
        entry = totals[due_on]
        entry[0] += 1.0 if done_on is not None and done_on <= due_on else 0.0
        entry[1] += 1.0
    for day, (on_time, fell_due) in totals.items():
        yield Contribution(day=day, numerator=on_time, denominator=fell_due)


def days_theme_to_action(data: RollupData) -> Iterator[Contribution]:
    """Per meeting day: for each theme of a decision that set at least one action, the days from the
    theme being raised to that meeting. A theme counts as raised on the first feedback tagged with it
    since the group last decided on it (or ever), so a theme the group acts on twice is timed twice."""
    organisation = data.organisation
    decisions = (
        Decision.objects.filter(organisation=organisation, actions__isnull=False)
        .distinct()
        .order_by("meeting__held_on", "pk")
        .values_list("pk", "meeting__held_on")
    )
    decision_themes: dict[int, list[int]] = defaultdict(list)
    for decision_id, theme_id in Decision.themes.through.objects.filter(
        decision__organisation=organisation
    ).values_list("decision_id", "theme_id"):
        decision_themes[decision_id].append(theme_id)
    raised: dict[int, list[date]] = defaultdict(list)
    for theme_id, received_on in (
        Feedback.themes.through.objects.filter(
            feedback__organisation=organisation, feedback__status=Status.PUBLISHED
        )
        .order_by("feedback__received_on")
        .values_list("theme_id", "feedback__received_on")
    ):
        raised[theme_id].append(received_on)
    last_decided: dict[int, date] = {}
    waits: dict[date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for decision_id, held_on in decisions:
        for theme_id in decision_themes.get(decision_id, ()):
            since = last_decided.get(theme_id)
            first = next(
                (day for day in raised[theme_id] if day <= held_on and (since is None or day > since)),
                None,
            )
            last_decided[theme_id] = held_on
            if first is None or not (data.first_day <= held_on <= data.last_day):
                continue
            entry = waits[held_on]
            entry[0] += float((held_on - first).days)
            entry[1] += 1.0
    for day, (total, count) in waits.items():
        yield Contribution(day=day, numerator=total, denominator=count)


for indicator in (
    Indicator(
        id="feedback_received",
        label=_("Feedback received"),
        description=_(
            "Feedback left through a card or poster link or by a peer, not counting what is held for review."
        ),
        unit=COUNT,
        direction=UP,
        compute=feedback_received,
        applies_to=(ORG, SITE),
        source="voice",
        group=VOICE,
    ),
    Indicator(
        id="advisory_actions_on_time",
        label=_("Advisory group actions done on time"),
        description=_(
            "Of the peer advisory group's actions that fell due, the share done by their due date. "
            "An open action counts once its due date has passed."
        ),
        unit=PERCENT,
        direction=UP,
        goal=80,
        compute=actions_on_time,
        applies_to=(ORG,),
        source="voice",
        group=VOICE,
        alert=Alert(
            "below",
            50,
            _(
                "Only {value} of the advisory group's actions were done on time (below {threshold}). "
                "Peers stop speaking up when nothing follows: look at the open actions."
            ),
        ),
    ),
    Indicator(
        id="days_theme_to_action",
        label=_("Days from a theme raised to an action"),
        description=_(
            "Average days from the first feedback on a theme to the advisory group meeting that decided an "
            "action on it."
        ),
        unit=MEAN,
        direction=DOWN,
        goal=60,
        compute=days_theme_to_action,
        applies_to=(ORG,),
        source="voice",
        group=VOICE,
    ),
):
    indicators.register(indicator)
