"""`peerwork rollups_refresh`: rebuilds every organisation's rollups, refuses bad input, schedules."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from peerwork.insights.models import IndicatorValue
from peerwork.insights.tasks import next_night


def test_the_command_rebuilds_each_organisation(org_a, org_b):
    out = StringIO()
    call_command("rollups_refresh", "--days", "10", stdout=out)
    assert "a: " in out.getvalue() and "b: " in out.getvalue()
    assert IndicatorValue.objects.filter(organisation=org_a.org, indicator_id="active_peers").exists()


def test_an_unknown_organisation_or_negative_days_are_refused(org_a):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("rollups_refresh", "--org", "nowhere")
    with pytest.raises(CommandError, match="0 or more"):
        call_command("rollups_refresh", "--days", "-1")


def test_scheduling_needs_a_backend_that_can_wait(org_a):
    # The test backend runs tasks at once and cannot run them later: the command says so.
    with pytest.raises(CommandError, match="cron"):
        call_command("rollups_refresh", "--days", "1", "--schedule", stdout=StringIO())


def test_the_next_night_is_always_ahead():
    evening = datetime(2026, 11, 29, 22, 0, tzinfo=UTC)
    early = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    assert next_night(evening) == datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    assert next_night(early) == datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
