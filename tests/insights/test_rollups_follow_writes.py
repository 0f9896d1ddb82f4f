"""Rollups follow the writes: a committed change refreshes the days it touched, once per transaction,
and a refresh still waiting is widened rather than doubled (insights/follow.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import transaction

from peerwork.insights.models import IndicatorValue, RollupRefresh
from peerwork.insights.services import rollups_refresh
from tests.services.factories import AssignmentFactory, ServiceEntryFactory, ShiftFactory

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def following(settings):  # type: ignore[no-untyped-def]
    settings.PEERWORK_ROLLUPS_FOLLOW_WRITES = True
    return settings


def _at(org, day, hour=12):  # type: ignore[no-untyped-def]
    return datetime.combine(day, time(hour), tzinfo=org.zone)


def _services_on(org, day) -> float | None:  # type: ignore[no-untyped-def]
    row = IndicatorValue.objects.filter(
        organisation=org, indicator_id="services_delivered", day=day, slice_key=""
    ).first()
    return None if row is None else row.numerator


def test_a_service_entry_refreshes_its_day_and_leaves_older_days_alone(
    org_a, settings, django_capture_on_commit_callbacks
):
    org = org_a.org
    today = org.today()
    ServiceEntryFactory(organisation=org, site=org_a.site, occurred_at=_at(org, today - timedelta(days=20)))
    rollups_refresh(organisation=org, first_day=today - timedelta(days=30), last_day=today)
    old_rows = set(
        IndicatorValue.objects.filter(organisation=org, day__lt=today - timedelta(days=3)).values_list(
            "pk", flat=True
        )
    )
    assert _services_on(org, today - timedelta(days=2)) is None

    settings.PEERWORK_ROLLUPS_FOLLOW_WRITES = True
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(3):
            ServiceEntryFactory(
                organisation=org, site=org_a.site, occurred_at=_at(org, today - timedelta(days=2))
            )

    refresh = RollupRefresh.objects.order_by("-pk").first()
    assert refresh.status == RollupRefresh.Status.DONE
    assert today - timedelta(days=3) <= refresh.first_day <= today - timedelta(days=2)
    assert refresh.last_day == today
    assert _services_on(org, today - timedelta(days=2)) == 3
    # The days before the change were not rewritten: the same rows are still there.
    kept = set(
        IndicatorValue.objects.filter(organisation=org, day__lt=today - timedelta(days=3)).values_list(
            "pk", flat=True
        )
    )
    assert old_rows and old_rows == kept


def test_a_burst_of_writes_queues_one_refresh_and_later_ones_widen_it(
    org_a, following, django_capture_on_commit_callbacks
):
    following.TASKS = DUMMY  # nothing runs the queued refresh: it waits, as behind a busy worker
    org = org_a.org
    today = org.today()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for hours in range(50):
            ServiceEntryFactory(
                organisation=org,
                site=org_a.site,
                occurred_at=_at(org, today, 0) + timedelta(minutes=hours),
            )
    assert RollupRefresh.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        shift = ShiftFactory(
            organisation=org, site=org_a.site, starts_at=_at(org, today - timedelta(days=9), 9)
        )
        AssignmentFactory(shift=shift, peer=org_a.peer)  # attendance of a shift nine days back
    (refresh,) = RollupRefresh.objects.all()
    assert refresh.status == RollupRefresh.Status.QUEUED
    assert today - timedelta(days=10) <= refresh.first_day <= today - timedelta(days=9)

    # When it finally runs, it computes the widened days.
    done = rollups_refresh(organisation=org, refresh=refresh)
    assert done.first_day == refresh.first_day and done.status == RollupRefresh.Status.DONE
    assert _services_on(org, today) == 50


def test_a_rolled_back_write_and_a_switched_off_setting_queue_nothing(
    org_a, settings, django_capture_on_commit_callbacks
):
    settings.PEERWORK_ROLLUPS_FOLLOW_WRITES = True
    settings.TASKS = DUMMY
    org = org_a.org
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        ServiceEntryFactory(organisation=org, site=org_a.site)
        raise RuntimeError("the request failed")
    assert not RollupRefresh.objects.exists()

    settings.PEERWORK_ROLLUPS_FOLLOW_WRITES = False
    with django_capture_on_commit_callbacks(execute=True):
        ServiceEntryFactory(organisation=org, site=org_a.site)
    assert not RollupRefresh.objects.exists()


def test_each_organisation_refreshes_only_its_own_rollups(
    org_a, org_b, following, django_capture_on_commit_callbacks
):
    following.TASKS = DUMMY
    with django_capture_on_commit_callbacks(execute=True):
        ServiceEntryFactory(organisation=org_a.org, site=org_a.site)
    assert list(RollupRefresh.objects.values_list("organisation", flat=True)) == [org_a.org.pk]


@pytest.mark.django_db(transaction=True)
def test_a_write_in_autocommit_mode_queues_its_refresh_at_once(org_a, following):
    """Outside a transaction the write is committed as it is saved: nothing waits for a commit."""
    following.TASKS = DUMMY
    ServiceEntryFactory(organisation=org_a.org, site=org_a.site)
    (refresh,) = RollupRefresh.objects.all()
    assert refresh.status == RollupRefresh.Status.QUEUED
    assert refresh.last_day == org_a.org.today()
