"""Demo mentoring: senior peers paired with the newest peers weeks ago, with weekly contacts; one new
peer still waits for a mentor; Peer lead asks for mentoring hours."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from peerwork.core.demo import DemoContext
from peerwork.peers.demo import DEMO_PINS
from peerwork.peers.models import PeerStatus

from ..models import MentoringContact, PeerPosition, Stage
from .services import mentorship_start

NOTES = (
    "first shift together",
    "coffee after the needle walk",
    "went over the sharps log",
    "showed how the kiosk works",
    "",
)


def build(ctx: DemoContext) -> None:
    org, rng = ctx["org"], ctx.rng
    peers = [p for p in ctx["peers"] if p.status == PeerStatus.ACTIVE]
    orders = dict(PeerPosition.objects.filter(peer__in=peers).values_list("peer_id", "stage__order"))
    seniors = [p for p in peers if orders.get(p.pk, 0) >= 4]
    newest = sorted((p for p in peers if orders.get(p.pk, 0) <= 2), key=lambda p: p.joined_on, reverse=True)
    if not seniors or len(newest) < 2:
        ctx.notes.append("Mentoring: skipped (no senior peer or too few new peers).")
        return
    Stage.objects.filter(organisation=org, order=5).update(min_mentoring_hours=Decimal("6"))
    coordinator = ctx["staff"]["coordinator"]
    pairs = []
    # The newest peer is left without a mentor, so the Mentoring page has someone to pair.
    for mentor, mentee in zip(seniors[:3], newest[1:4], strict=False):
        started = max(mentee.joined_on, ctx.today - timedelta(days=42))
        pairing = mentorship_start(
            organisation=org, mentor=mentor, mentee=mentee, by=coordinator, started_on=started
        )
        pairs.append(pairing)
        day, contacts = started + timedelta(days=2), []
        while day < ctx.today:
            contacts.append(
                MentoringContact(
                    organisation=org,
                    mentorship=pairing,
                    happened_on=day,
                    minutes=rng.choice((20, 30, 30, 45, 60)),
                    note=rng.choice(NOTES),
                    recorded_by=mentor.user,
                )
            )
            day += timedelta(days=rng.randint(5, 9))
        MentoringContact.objects.bulk_create(contacts)
    ctx["mentorships"] = pairs
    first = pairs[0]
    pin = DEMO_PINS[ctx["peers"].index(first.mentor) % len(DEMO_PINS)]
    ctx.sign_ins.append(
        f"  Mentoring: {first.mentor.preferred_name} (PIN {pin}) mentors {first.mentee.preferred_name}; "
        "both ask for the same paired Needle recovery shift each week."
    )
    contacts_made = MentoringContact.objects.filter(organisation=org).count()
    ctx.notes.append(
        f"Mentoring: {len(pairs)} pairings, {contacts_made} contacts; Peer lead asks 6 mentoring hours."
    )
