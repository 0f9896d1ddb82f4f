"""A small history for planner tests: a three-stage ladder and eight months of weekly shifts."""

from __future__ import annotations

from datetime import timedelta

from tests.insights import factories as f


def eight_months(personas, peers: int = 12):  # type: ignore[no-untyped-def]
    org = personas.org
    s1, s2, _s3 = f.ladder(org)
    entry = f.role(org, "Outreach")
    senior = f.role(org, "Lead outreach", min_stage=s2)
    t = org.today()
    people = [
        f.peer(org, f"Peer {i}", t - timedelta(days=240 - 15 * i), personas.site, s1) for i in range(peers)
    ]
    for week in range(34, 0, -1):
        day = t - timedelta(weeks=week)
        work = f.shift(org, personas.site, entry, day, slots=8)
        lead = f.shift(org, personas.site, senior, day + timedelta(days=1), slots=2)
        for i, person in enumerate(people):
            if person.joined_on <= day and (week + i) % 3 != 0:
                f.worked(work if i % 4 else lead, person)
    f.promote(people[0], s2, t - timedelta(weeks=10))
    return org
