"""Debrief follow-up and recovery capital change, computed from Support and Assessments records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerwork.assessments.models import Score
from peerwork.insights.selectors import momentum_for
from peerwork.insights.services import rollups_refresh
from peerwork.support.models import DebriefOffer, DebriefStatus
from tests.assessments.factories import enable_clients, finished
from tests.support.factories import overdose_response


def test_debrief_follow_up_counts_held_and_declined_as_reached(org_a):
    org = org_a.org
    event = overdose_response(org, [org_a.peer], site=org_a.site)
    due = timezone.now() - timedelta(days=1)
    statuses = (
        DebriefStatus.HELD_GROUP,
        DebriefStatus.DECLINED,
        DebriefStatus.NOT_REACHED,
        DebriefStatus.OFFERED,
    )
    for i, status in enumerate(statuses):
        peer = (
            org_a.peer
            if i == 0
            else type(org_a.peer).objects.create(organisation=org, preferred_name=f"R{i}")
        )
        DebriefOffer.objects.create(organisation=org, response=event, peer=peer, due_at=due, status=status)
    t = org.today()
    rollups_refresh(organisation=org, first_day=t - timedelta(days=10), last_day=t)
    figure = momentum_for(org, t - timedelta(days=10), t, exact=True).figures["debrief_follow_up"]
    assert figure.value == pytest.approx(50)
    assert "debrief" in figure.alert


def total(response) -> float:  # type: ignore[no-untyped-def]
    return float(Score.objects.get(response=response, target="total").value)


def test_recovery_capital_change_is_the_median_first_to_latest_change(org_a):
    org = org_a.org
    enable_clients(org)
    changes = []
    for code, first, latest in (("F-ABCD-1980", 3, 5), ("M-EFGH-1975", 4, 4)):
        before = finished(org, key="recovery-checkin", client_code=code, value=first)
        after = finished(org, key="recovery-checkin", client_code=code, value=latest)
        changes.append(total(after) - total(before))
    finished(org, key="recovery-checkin", client_code="F-IJKL-1990", value=2)  # one score: no change yet
    t = org.today()
    rollups_refresh(organisation=org, first_day=t - timedelta(days=3), last_day=t)
    figure = momentum_for(org, t - timedelta(days=3), t, exact=True).figures["recovery_capital_change"]
    assert changes[0] > 0 and changes[1] == 0
    assert figure.value == pytest.approx(sum(changes) / 2)
    assert figure.denominator == 2
