"""Reads for voice: feedback grouped safely for staff, and "you said, we did" for everyone."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import segno
from django.db.models import Prefetch, QuerySet

from peerwork.accounts.sites import within_sites
from peerwork.core.smallcells import published_count
from peerwork.orgs.models import Organisation
from peerwork.pay.models import Payout, PayoutSource
from peerwork.peers.models import PeerWorker
from peerwork.shifts.rules import may_be_paid

from .models import Action, Decision, Feedback, FeedbackLink, Meeting, Status, Theme


def hide_small(count: int, threshold: int) -> int | None:
    """Small-cell rule, as everywhere in Peerwork: counts 1..threshold hidden, others rounded to 5."""
    return published_count(count, threshold)


@dataclass(frozen=True)
class Group:
    label: str
    count: int | None  # None: a small group, hidden
    average: float | None


def published_feedback(organisation: Organisation) -> QuerySet[Feedback]:
    return (
        within_sites(Feedback.objects.filter(organisation=organisation, status=Status.PUBLISHED))
        .select_related("site")
        .prefetch_related("themes")
    )


def held_feedback(organisation: Organisation) -> QuerySet[Feedback]:
    return within_sites(
        Feedback.objects.filter(organisation=organisation, status=Status.HELD)
    ).select_related("site")


def feedback_groups(organisation: Organisation) -> dict[str, list[Group]]:
    """Published feedback counted by theme, by site and by month; small groups are hidden."""
    threshold = organisation.small_cell_threshold
    ratings: dict[str, dict[str, list[int]]] = {"theme": {}, "site": {}, "month": {}}
    for item in published_feedback(organisation):
        keys = {
            "theme": [theme.name for theme in item.themes.all()] or [""],
            "site": [item.site.name if item.site else ""],
            "month": [item.received_on.strftime("%Y-%m")],
        }
        for axis, labels in keys.items():
            for label in labels:
                ratings[axis].setdefault(label, []).append(item.rating)
    groups: dict[str, list[Group]] = {}
    for axis, by_label in ratings.items():
        rows = []
        for label, values in sorted(by_label.items()):
            shown = hide_small(len(values), threshold)
            average = round(sum(values) / len(values), 1) if shown is not None else None
            rows.append(Group(label=label, count=shown, average=average))
        groups[axis] = rows
    return groups


def readable_feedback(organisation: Organisation) -> list[Feedback]:
    """Published feedback with text, for roles that may read it: only from groups (site, month)
    large enough that a single comment cannot point at its author."""
    items = list(published_feedback(organisation).exclude(text=""))
    sizes = Counter(
        (f.site_id, f.received_on.strftime("%Y-%m"))
        for f in published_feedback(organisation).only("site", "received_on")
    )
    threshold = organisation.small_cell_threshold
    return [
        f
        for f in items
        if hide_small(sizes[(f.site_id, f.received_on.strftime("%Y-%m"))], threshold) is not None
    ]


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def active_link(token: str) -> FeedbackLink | None:
    """The card or poster link in use with this token (anything not token-shaped is simply no link).

    The token is the whole permission, as on the printed poster: anyone who holds it may leave
    feedback, whether signed out or signed in to any organisation (a peer of one agency is often a
    service user of another). The page shows nothing of the visitor's own organisation, and what they
    leave through it is anonymous.
    """
    if not _TOKEN.match(token or ""):
        return None
    return (
        FeedbackLink.objects.select_related("organisation", "site")
        .filter(token=token, is_active=True)
        .first()
    )


def themes_for(organisation: Organisation) -> QuerySet[Theme]:
    return Theme.objects.filter(organisation=organisation)


def links_for(organisation: Organisation) -> QuerySet[FeedbackLink]:
    return FeedbackLink.objects.filter(organisation=organisation).select_related("site")


def meetings_for(organisation: Organisation) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(organisation=organisation)
        .select_related("activity__site")
        .prefetch_related(
            "attendees",
            Prefetch(
                "decisions",
                queryset=Decision.objects.prefetch_related(
                    "themes", Prefetch("actions", queryset=Action.objects.select_related("role_action__role"))
                ),
            ),
        )
    )


def last_pay_each(organisation: Organisation) -> Decimal | None:
    """What the last paid meeting paid each attendee: the form starts from it."""
    return (
        Meeting.objects.filter(organisation=organisation, pay_each__isnull=False)
        .order_by("-held_on", "-pk")
        .values_list("pay_each", flat=True)
        .first()
    )


@dataclass(frozen=True)
class AttendeePay:
    peer: PeerWorker
    payout: Payout | None
    why_not: str  # the rule's reason, when nothing is owed


def meeting_pay(meeting: Meeting) -> list[AttendeePay]:
    """Per attendee of a paid meeting: the payout owed or made, or why there is none (asked again now)."""
    if meeting.pay_each is None:
        return []
    attendees = list(meeting.attendees.all())
    payouts = {
        p.reference: p
        for p in Payout.objects.filter(
            organisation=meeting.organisation,
            source=PayoutSource.ADVISORY,
            reference__in=[meeting.payout_reference(peer) for peer in attendees],
        )
    }
    lines = []
    for peer in attendees:
        payout = payouts.get(meeting.payout_reference(peer))
        why_not = (
            "" if payout else may_be_paid(peer, meeting.pay_each, meeting.held_on).text(peer.preferred_name)
        )
        lines.append(AttendeePay(peer=peer, payout=payout, why_not=why_not))
    return lines


@dataclass(frozen=True)
class YouSaid:
    theme: str
    raised: int | None
    decisions: list[Decision]
    actions: list[Action]


def you_said_we_did(organisation: Organisation) -> list[YouSaid]:
    """Per theme: how often it was raised (small counts hidden), what was decided and what changed."""
    threshold = organisation.small_cell_threshold
    counts: Counter[int] = Counter()
    for theme_ids in Feedback.themes.through.objects.filter(
        feedback__organisation=organisation, feedback__status=Status.PUBLISHED
    ).values_list("theme_id", flat=True):
        counts[theme_ids] += 1
    decisions = Decision.objects.filter(organisation=organisation).prefetch_related("themes", "actions")
    by_theme: dict[int, list[Decision]] = {}
    for decision in decisions:
        for theme in decision.themes.all():
            by_theme.setdefault(theme.pk, []).append(decision)
    rows = []
    for theme in themes_for(organisation):
        if theme.pk not in by_theme and not counts[theme.pk]:
            continue
        theme_decisions = by_theme.get(theme.pk, [])
        rows.append(
            YouSaid(
                theme=theme.name,
                raised=hide_small(counts[theme.pk], threshold),
                decisions=theme_decisions,
                actions=[a for d in theme_decisions for a in d.actions.all()],
            )
        )
    return rows


def actions_on_time_share(organisation: Organisation, today: date) -> tuple[int, int]:
    """(done on or before their due date, actions due by today)."""
    due = Action.objects.filter(organisation=organisation, due_on__lte=today)
    on_time = sum(1 for a in due if a.done_on is not None and a.done_on <= a.due_on)
    return on_time, due.count()


def link_qr_svg(url: str, *, scale: int = 4) -> str:
    """The link as a QR code: an SVG to put in the page or print (no styles, so the strict CSP holds)."""
    return str(
        segno.make(url, error="m").svg_inline(scale=scale, title=url, svgclass="qr-code", omitsize=True)
    )
