"""The replica router: only the rollups are read from the replica; what a page wrote is read back
from the primary (a lagging replica would not have it yet). bench/scaleout.py runs it against a real
streaming replica."""

from datetime import date

from peerwork.core.db_router import ReportReplicaRouter
from peerwork.insights.models import IndicatorValue, ReportRun, RollupRefresh
from peerwork.shifts.models import Shift

router = ReportReplicaRouter()


def test_the_rollups_are_read_from_the_replica():
    assert router.db_for_read(IndicatorValue) == "replica"


def test_runs_a_page_just_asked_for_and_other_rows_are_read_from_the_primary():
    assert router.db_for_read(RollupRefresh) is None
    assert router.db_for_read(ReportRun) is None
    assert router.db_for_read(Shift) is None


def test_an_instance_is_read_back_from_the_database_it_came_from(org_a):
    refresh = RollupRefresh.objects.create(
        organisation=org_a.org, first_day=date(2026, 1, 1), last_day=date(2026, 1, 2)
    )
    assert router.db_for_read(RollupRefresh, instance=refresh) == "default"
    value = IndicatorValue(organisation=org_a.org)
    value._state.db = "default"
    assert router.db_for_read(IndicatorValue, instance=value) == "default"


def test_every_write_goes_to_the_primary_and_only_it_is_migrated():
    assert router.db_for_write(IndicatorValue) == "default"
    assert router.allow_migrate("default", "insights") and not router.allow_migrate("replica", "insights")
