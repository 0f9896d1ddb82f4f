"""Stalled peers: eligible for the next stage (pathway) yet no next-stage shift for 8 weeks."""

from __future__ import annotations

from datetime import timedelta

from peerwork.insights.selectors import momentum_for
from peerwork.insights.services import org_today, rollups_refresh

from . import factories as f


def test_only_eligible_peers_without_a_next_stage_shift_count_as_stalled(org_a):
    org = org_a.org
    s1, s2, _s3 = f.ladder(org)  # moving up to s2 needs 10 hours worked
    entry, lead = f.role(org, "Outreach"), f.role(org, "Lead outreach", min_stage=s2)
    t = org_today(org)
    stuck = f.peer(org, "Stuck", t - timedelta(days=100), org_a.site, s1)
    offered = f.peer(org, "Offered", t - timedelta(days=100), org_a.site, s1)
    early = f.peer(org, "Early", t - timedelta(days=100), org_a.site, s1)
    for n in (30, 20, 10):
        work = f.shift(org, org_a.site, entry, t - timedelta(days=n), slots=3)
        f.worked(work, stuck)
        f.worked(work, offered)
    f.worked(f.shift(org, org_a.site, entry, t - timedelta(days=5)), early)  # 4 hours: not yet eligible
    f.worked(f.shift(org, org_a.site, lead, t - timedelta(days=3)), offered)  # had a next-stage shift
    rollups_refresh(organisation=org, first_day=t - timedelta(days=7), last_day=t)
    figure = momentum_for(org, t - timedelta(days=7), t).figures["stalled_peers"]
    assert figure.value == 1
    assert dict(figure.by_stage)["Participant"] == 1
