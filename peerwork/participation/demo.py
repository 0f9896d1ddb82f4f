"""Demo participation: a weekly rhythm of activities at both sites, this week included, with who came."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from peerwork.core.demo import DemoContext
from peerwork.peers.models import PeerStatus

from .models import ActivityKind
from .services import activity_create, participation_record

# weekday, start, hours, kind, title, site index
WEEKLY = (
    (0, time(13, 0), 2, ActivityKind.DROP_IN, "Monday drop-in group", 0),
    (2, time(10, 0), 3, ActivityKind.VOLUNTEERING, "Community kitchen volunteers", 1),
    (3, time(15, 0), 2, ActivityKind.PEER_LED, "Peer-led art group", 0),
    (5, time(11, 0), 4, ActivityKind.COMMUNITY, "Park clean-up and barbecue", 1),
)
WEEKS_BACK = 6


def build(ctx: DemoContext) -> None:
    org, sites, rng = ctx["org"], ctx["sites"], ctx.rng
    coordinator = ctx["staff"]["coordinator"]
    zone = org.zone
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    # The newest peers take part most: the ladder starts where people actually start.
    newest = sorted(ctx["peers"], key=lambda p: p.joined_on, reverse=True)
    pool = [p for p in newest if p.status != PeerStatus.LEFT][:18]
    for week in range(-WEEKS_BACK, 2):
        for weekday, start, hours, kind, title, site_index in WEEKLY:
            day = monday + timedelta(days=7 * week + weekday)
            starts = datetime.combine(day, start, tzinfo=zone)
            activity = activity_create(
                organisation=org,
                site=sites[site_index],
                kind=kind,
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                by=coordinator,
            )
            if day >= ctx.today:
                continue  # nobody has come to a future activity yet
            came = [p for p in pool if p.joined_on <= day and rng.random() < 0.35]
            participation_record(activity=activity, peers=came, by=coordinator)
