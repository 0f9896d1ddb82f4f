"""Stuck peers on the dashboard: counted per stage, never "goal met" while a stage is starved of work."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse

from peerwork.insights.selectors import momentum_for
from peerwork.insights.services import rollups_refresh
from peerwork.shifts.nextstage import role_develops_set

from . import factories as f

NAMES = ("Participant", "Peer worker", "Senior peer", "Peer lead")


def _card(html: str, indicator_id: str) -> str:
    match = re.search(rf'id="indicator-{indicator_id}">(.*?)</div>', html, re.S)
    assert match, indicator_id
    return match.group(1)


def test_senior_peers_without_peer_lead_work_are_stuck_and_the_goal_is_not_met(org_a, client_for):
    org = org_a.org
    stages = f.ladder(org, NAMES)
    t = org.today()
    team_lead = f.role(org, "Team lead", min_stage=stages[1])
    role_develops_set(role=team_lead, develops_stage=stages[3], by=org_a.coordinator)
    outreach = f.role(org, "Outreach")
    for i in range(7):
        worker = f.peer(org, f"Senior {i}", t - timedelta(days=300), org_a.site, stages[2])
        f.worked(f.shift(org, org_a.site, outreach, t - timedelta(days=3 + i)), worker)
    rollups_refresh(organisation=org, first_day=t - timedelta(days=30), last_day=t)

    figure = momentum_for(org, t - timedelta(days=30), t, exact=True).figures["stuck_peers"]
    assert figure.value == 7
    assert dict(figure.by_stage)["Senior peer"] == 7
    assert figure.goal_met is False
    assert "Peer lead" in figure.goal_withheld

    page = client_for(org_a.evaluator).get(reverse("insights:dashboard")).content.decode()
    card = _card(page, "stuck_peers")
    assert "Goal met" not in card
    assert "Goal not met" in card
    assert "Senior peer: 5 peers, 0 Peer lead places in 6 weeks" in page  # 7, published rounded to 5
    assert "Stalled peers" not in page


def test_no_stuck_peers_and_no_empty_stage_is_goal_met(org_a, client_for):
    org = org_a.org
    (s1,) = f.ladder(org, ("Participant",))
    t = org.today()
    entry = f.role(org)
    newcomer = f.peer(org, "Newcomer", t - timedelta(days=10), org_a.site, s1)
    f.worked(f.shift(org, org_a.site, entry, t - timedelta(days=2)), newcomer)
    rollups_refresh(organisation=org, first_day=t - timedelta(days=30), last_day=t)
    page = client_for(org_a.evaluator).get(reverse("insights:dashboard")).content.decode()
    assert "Goal met" in _card(page, "stuck_peers")
