"""Schedules: baseline then every N months; due lists; reminders queued after commit, sent once."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from peerwork.assessments.models import AssessmentResponse, Reminder
from peerwork.assessments.selectors import due_for_peer, due_list, next_due
from peerwork.assessments.services import reminders_send_due, schedule_create

from .factories import finished, instrument


def test_baseline_is_due_first_then_three_months_after_the_last_check_in(org_a):
    today = org_a.org.today()
    schedule = schedule_create(
        organisation=org_a.org,
        instrument=instrument(org_a.org, "recovery-checkin"),
        peer=org_a.peer,
        starts_on=today,
    )
    assert schedule.every_months == 3
    assert next_due(schedule) == today
    assert [d.schedule for d in due_for_peer(org_a.peer, today)] == [schedule]
    response = finished(org_a.org, peer=org_a.peer)
    AssessmentResponse.objects.filter(pk=response.pk).update(
        submitted_at=timezone.make_aware(timezone.datetime(2026, 1, 15, 12, 0))
    )
    assert next_due(schedule) == max(today, date(2026, 4, 15))


def test_a_second_schedule_for_the_same_person_is_refused(org_a):
    recovery = instrument(org_a.org, "recovery-checkin")
    schedule_create(organisation=org_a.org, instrument=recovery, peer=org_a.peer, starts_on=org_a.org.today())
    with pytest.raises(ValidationError, match="already a schedule"):
        schedule_create(
            organisation=org_a.org, instrument=recovery, peer=org_a.peer, starts_on=org_a.org.today()
        )


def test_the_due_list_shows_overdue_and_soon(org_a):
    today = org_a.org.today()
    recovery = instrument(org_a.org, "recovery-checkin")
    schedule_create(
        organisation=org_a.org, instrument=recovery, peer=org_a.peer, starts_on=today - timedelta(days=3)
    )
    due = due_list(org_a.org, today)
    assert len(due) == 1 and due[0].overdue


def test_reminders_go_by_sms_after_commit_and_only_once(
    org_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_FILE_PATH = tmp_path
    org_a.peer.phone = "+14165550100"
    org_a.peer.save()
    today = org_a.org.today()
    schedule_create(
        organisation=org_a.org,
        instrument=instrument(org_a.org, "recovery-checkin"),
        peer=org_a.peer,
        starts_on=today + timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = reminders_send_due(organisation=org_a.org, today=today)
    assert len(sent) == 1 and list(tmp_path.iterdir()) == []  # nothing sent before commit
    for callback in callbacks:
        callback()
    messages = [json.loads(p.read_text()) for p in tmp_path.iterdir()]
    assert len(messages) == 1 and messages[0]["to"] == "+14165550100"
    assert "check-in" in messages[0]["body"]
    assert Reminder.objects.get().sent_at is not None
    assert reminders_send_due(organisation=org_a.org, today=today) == []


def test_peers_who_opted_out_get_no_reminder(org_a):
    org_a.peer.phone = "+14165550100"
    org_a.peer.reminders_opt_out = True
    org_a.peer.save()
    today = org_a.org.today()
    schedule_create(
        organisation=org_a.org,
        instrument=instrument(org_a.org, "recovery-checkin"),
        peer=org_a.peer,
        starts_on=today,
    )
    assert reminders_send_due(organisation=org_a.org, today=today) == []


def test_the_remind_command_queues_due_reminders(org_a, capsys):
    from django.core.management import call_command

    org_a.peer.phone = "+14165550100"
    org_a.peer.save()
    schedule_create(
        organisation=org_a.org,
        instrument=instrument(org_a.org, "recovery-checkin"),
        peer=org_a.peer,
        starts_on=org_a.org.today(),
    )
    call_command("instruments", "remind", "--org", org_a.org.slug)
    assert "1 reminder(s) queued." in capsys.readouterr().out
    assert Reminder.objects.filter(schedule__peer=org_a.peer).count() == 1
