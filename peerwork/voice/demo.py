"""Demo voice: a poster link at the drop-in, three months of feedback tagged with the organisation's
themes, and an advisory group meeting whose decision became an action that is done. Nothing here
draws from the demo's random stream, so the other builders' data stays the same.
"""

from __future__ import annotations

from datetime import timedelta

from peerwork.core.demo import DEMO_SLUG, DemoContext
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.support.models import RoleAction

from .models import Feedback, FeedbackLink
from .services import (
    action_done,
    action_record,
    decision_record,
    feedback_submit,
    feedback_tag,
    meeting_record,
    theme_create,
)

POSTER_TOKEN = "riverside-drop-in"  # noqa: S105 - the printed poster's link, public on purpose
THEMES = ["Waiting times", "Feeling welcome", "Opening hours"]
# (days ago, rating, what mattered, text, theme index or None)
FEEDBACK = [
    (80, 2, ["waiting"], "The queue at lunch was very long.", 0),
    (76, 3, ["waiting"], "Waited an hour to see someone.", 0),
    (70, 5, ["welcome", "listened"], "Everyone was kind to me.", 1),
    (66, 2, ["waiting"], "", 0),
    (60, 4, ["welcome"], "", 1),
    (52, 2, ["waiting", "help"], "Too long a wait in the morning.", 0),
    (45, 3, ["place"], "It would help to open earlier.", 2),
    (40, 4, ["listened"], "", 1),
    (33, 2, ["waiting"], "Long wait again.", 0),
    (27, 5, ["welcome"], "", 1),
    (20, 4, ["help"], "Got help with my forms.", None),
    (12, 4, ["waiting"], "The wait was shorter this week.", 0),
    (6, 5, ["welcome", "listened"], "", 1),
    (2, 4, ["place"], "Opening at nine works for me.", 2),
]


def build(ctx: DemoContext) -> None:
    organisation = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if organisation is None:
        ctx.notes.append("Voice demo skipped: no demo organisation.")
        return
    if FeedbackLink.objects.filter(token=POSTER_TOKEN).exists():
        return
    site = organisation.sites.order_by("id").first()
    FeedbackLink.objects.create(
        organisation=organisation, site=site, label="Drop-in poster", token=POSTER_TOKEN
    )
    themes = [theme_create(organisation=organisation, name=name) for name in THEMES]
    for days_ago, rating, mattered, text, theme in FEEDBACK:
        item = feedback_submit(
            organisation=organisation, site=site, rating=rating, mattered=mattered, text=text
        )
        Feedback.objects.filter(pk=item.pk).update(received_on=ctx.today - timedelta(days=days_ago))
        if theme is not None:
            feedback_tag(feedback=item, themes=[themes[theme]])
    peers = list(
        PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE).order_by("id")[:4]
    )
    meeting = meeting_record(
        organisation=organisation,
        held_on=ctx.today - timedelta(days=30),
        agenda="Waiting times at the drop-in; opening hours.",
        attendees=peers,
    )
    decision = decision_record(
        meeting=meeting, text="Open the drop-in an hour earlier on weekdays.", themes=[themes[0], themes[2]]
    )
    action = action_record(
        decision=decision,
        description="Change the weekday opening time to 9:00 and update the posters.",
        owner="Coordinator",
        due_on=ctx.today - timedelta(days=14),
    )
    action_done(
        action=action,
        what_changed="The drop-in now opens at 9:00 on weekdays.",
        done_on=ctx.today - timedelta(days=16),
    )
    action_record(
        decision=decision,
        description="Ask people after a month whether the wait is shorter.",
        owner="Peer advisory group",
        due_on=ctx.today + timedelta(days=14),
    )
    host_change = RoleAction.objects.filter(
        organisation=organisation, role__name="Drop-in host", closed_on__isnull=True
    ).first()
    if host_change is not None:
        hosting = decision_record(
            meeting=meeting, text="Handing out supplies is part of hosting the drop-in: say so in the role."
        )
        action_record(
            decision=hosting,
            description="Add supplies to the Drop-in host description and brief the team.",
            owner="Coordinator",
            due_on=ctx.today + timedelta(days=7),
            role_action=host_change,
        )
    ctx.notes.append(f"Feedback poster link (no sign-in): /voice/f/{POSTER_TOKEN}/")
