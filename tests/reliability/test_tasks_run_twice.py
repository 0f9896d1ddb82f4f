"""A task that runs twice changes nothing the second time (RQ runs a job again when its worker died).

A run (rollup refresh, report, planner run) is taken by the execution of its task that claims it;
the same execution run again takes it back, while another one, or the page's fallback, leaves a
run someone is doing alone. A reminder is marked sent before it goes, so a second run never sends
a copy, and a refused one is marked unsent again. The nightly rebuild queues the next night once.
"""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from peerwork.core.runs import claim_run
from peerwork.insights.models import IndicatorValue, RollupRefresh
from peerwork.insights.services import rollups_refresh
from peerwork.insights.tasks import refresh_all_rollups_task, schedule_nightly_refresh
from peerwork.shifts.models import Assignment, ReminderLog
from peerwork.shifts.reminders import reminder_queue, reminders_send_due, send_reminder
from tests.shifts.factories import ShiftFactory


def _refresh(org, **fields):  # type: ignore[no-untyped-def]
    today = org.today()
    return RollupRefresh.objects.create(
        organisation=org, first_day=today - timedelta(days=7), last_day=today, **fields
    )


def test_the_same_task_run_again_takes_back_the_run_it_had_started(org_a):
    started = _refresh(org_a.org, status=RollupRefresh.Status.RUNNING, claim="job-1")  # its worker died

    assert not claim_run(RollupRefresh, pk=started.pk, claim="job-2"), "another task took a run being done"
    assert not claim_run(RollupRefresh, pk=started.pk, claim=""), "the page's fallback took a run being done"
    done = rollups_refresh(organisation=org_a.org, refresh=started, claim="job-1")

    assert done.status == RollupRefresh.Status.DONE
    assert done.rows_written > 0
    days = IndicatorValue.objects.filter(organisation=org_a.org).values_list("indicator_id", "day", "site_id")
    assert len(days) == len(set(days)), "rows of the same day written twice"


def test_a_second_execution_of_a_finished_refresh_changes_nothing(org_a):
    refresh = rollups_refresh(organisation=org_a.org, refresh=_refresh(org_a.org), claim="job-1")
    written = list(IndicatorValue.objects.filter(organisation=org_a.org).values_list("pk", flat=True))

    again = rollups_refresh(organisation=org_a.org, refresh=refresh, claim="job-1")

    assert again.status == RollupRefresh.Status.DONE
    assert list(IndicatorValue.objects.filter(organisation=org_a.org).values_list("pk", flat=True)) == written


@pytest.fixture
def reminder(org_a, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.SMS_FILE_PATH = tmp_path / "sms"
    org_a.peer.phone = "4165550101"
    org_a.peer.email = ""
    org_a.peer.save()
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        status="published",
        starts_at=timezone.now() + timedelta(hours=20),
    )
    assignment = Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    (log,) = reminder_queue(assignment=assignment, kind="day_before")  # on_commit never runs here: unsent
    return log


def _texts(tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "sms"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def test_a_reminder_sent_by_two_runs_of_its_task_is_sent_once(reminder, tmp_path):
    send_reminder.call(reminder.pk)
    send_reminder.call(reminder.pk)

    assert [text["to"] for text in _texts(tmp_path)] == ["4165550101"]
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_a_reminder_the_provider_refuses_is_unsent_again_and_sent_by_the_retry(reminder, tmp_path):
    with (
        mock.patch("peerwork.shifts.reminders.send_sms", side_effect=ConnectionError("provider down")),
        pytest.raises(ConnectionError),
    ):
        send_reminder.call(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.sent_at is None
    assert _texts(tmp_path) == []

    send_reminder.call(reminder.pk)  # RQ's retry
    assert len(_texts(tmp_path)) == 1


def test_a_reminder_never_queued_is_queued_again_by_the_sweep(
    reminder, tmp_path, django_capture_on_commit_callbacks
):
    ReminderLog.objects.filter(pk=reminder.pk).update(queued_at=timezone.now() - timedelta(minutes=11))

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send_due()

    assert [text["to"] for text in _texts(tmp_path)] == ["4165550101"]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send_due()
    assert len(_texts(tmp_path)) == 1


def test_the_next_night_is_queued_once_when_the_nightly_run_runs_twice(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    first = schedule_nightly_refresh()
    second = schedule_nightly_refresh()  # the nightly task run again after its worker died

    assert first is not None and first == second
    queued = DBTaskResult.objects.filter(task_path=refresh_all_rollups_task.module_path)
    assert queued.count() == 1
    assert queued.get().run_after == first


@pytest.fixture
def text(org_a, settings, tmp_path):  # type: ignore[no-untyped-def]
    from peerwork.shifts.models import SmsMessage

    settings.SMS_FILE_PATH = tmp_path / "sms"
    return SmsMessage.objects.create(
        organisation=org_a.org,
        peer=org_a.peer,
        direction="out",
        phone="+14165550101",
        body="A place",
        status="waiting",
    )


def test_an_offer_text_sent_by_two_runs_of_its_task_is_sent_once(text, tmp_path):
    from peerwork.shifts.offers import send_text

    assert send_text.call(text.pk) == "sent"
    assert send_text.call(text.pk) == "already sent"

    assert [t["to"] for t in _texts(tmp_path)] == ["+14165550101"]
    text.refresh_from_db()
    assert text.status == "queued"


def test_an_offer_text_the_provider_refuses_waits_for_the_retry(text, tmp_path):
    from peerwork.shifts.offers import send_text

    with (
        mock.patch("peerwork.shifts.offers.send_sms", side_effect=ConnectionError("provider down")),
        pytest.raises(ConnectionError),
    ):
        send_text.call(text.pk)
    text.refresh_from_db()
    assert text.status == "waiting"
    assert send_text.call(text.pk) == "sent"
    assert len(_texts(tmp_path)) == 1
