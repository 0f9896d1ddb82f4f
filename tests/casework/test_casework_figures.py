"""Sessions count as services: the one-to-one indicators and the funder report, small cells hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerwork.insights.models import ReportTemplate
from peerwork.insights.reports import report_content
from peerwork.insights.services import rollups_refresh
from peerwork.insights.suppression import HIDDEN

from .factories import client_on, second_worker, session_for

pytestmark = pytest.mark.django_db


def _report(org, days=30):  # type: ignore[no-untyped-def]
    today = org.today()
    rollups_refresh(organisation=org, first_day=today - timedelta(days=days), last_day=today)
    template = ReportTemplate.objects.create(
        organisation=org,
        name="Quarter",
        funder="City",
        indicator_ids=["one_to_one_sessions", "one_to_one_hours"],
        period_start=today - timedelta(days=days),
        period_end=today,
    )
    return {s["id"]: s for s in report_content(template)["sections"]}


def test_a_handful_of_sessions_is_a_small_cell_and_is_hidden(org_a):
    client = client_on(org_a.peer)
    for days_ago in (1, 2, 3):
        session_for(client, 60, days_ago=days_ago)
    sessions = _report(org_a.org)["one_to_one_sessions"]
    assert sessions["rows"][0]["total"] == HIDDEN


def test_enough_sessions_are_counted_with_their_hours(org_a):
    robin, _user = second_worker(org_a)
    first, second = client_on(org_a.peer), client_on(robin, "M-WXYZ-1975")
    for days_ago in range(1, 6):
        session_for(first, 60, days_ago=days_ago)
        session_for(second, 30, days_ago=days_ago)
    sections = _report(org_a.org)
    assert sections["one_to_one_sessions"]["rows"][0]["total"] == "10"
    # 7.5 hours, published rounded like every count and hours figure (rule 5 of the suppression rules)
    assert sections["one_to_one_hours"]["rows"][0]["cells"] == ["10.0"]
