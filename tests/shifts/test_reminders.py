"""Reminders the day before and two hours before land in the file outboxes exactly once."""

from __future__ import annotations

import json
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from peerwork.shifts.models import Assignment, ReminderLog

from .factories import ShiftFactory


def _outbox(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "email"


def _sms(tmp_path):
    folder = tmp_path / "sms"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def _emails(tmp_path):
    folder = tmp_path / "email"
    return list(folder.glob("*")) if folder.exists() else []


def test_day_before_and_two_hours_before_each_sent_once(
    org_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    _outbox(settings, tmp_path)
    org_a.peer.phone = "4165550101"
    org_a.peer.email = "pat@example.org"
    org_a.peer.save()
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        status="published",
        starts_at=timezone.now() + timedelta(hours=20),
    )
    assignment = Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("shifts_send_reminders")
    messages = _sms(tmp_path)
    assert len(messages) == 1
    assert messages[0]["to"] == "4165550101"
    assert "tomorrow" in messages[0]["body"]
    assert len(_emails(tmp_path)) == 1
    shift.starts_at = timezone.now() + timedelta(minutes=90)
    shift.ends_at = shift.starts_at + timedelta(hours=4)
    shift.save()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("shifts_send_reminders")
    messages = _sms(tmp_path)
    assert len(messages) == 2
    assert "today" in messages[1]["body"] or "today" in messages[0]["body"]
    assert ReminderLog.objects.filter(assignment=assignment, sent_at__isnull=False).count() == 4


def test_opted_out_peers_get_nothing(org_a, settings, tmp_path, django_capture_on_commit_callbacks):
    _outbox(settings, tmp_path)
    org_a.peer.phone = "4165550101"
    org_a.peer.reminders_opt_out = True
    org_a.peer.save()
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        status="published",
        starts_at=timezone.now() + timedelta(hours=20),
    )
    Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("shifts_send_reminders")
    assert _sms(tmp_path) == []


def test_a_rolled_back_write_sends_nothing(org_a, settings, tmp_path, django_capture_on_commit_callbacks):
    _outbox(settings, tmp_path)
    org_a.peer.phone = "4165550101"
    org_a.peer.save()
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        status="published",
        starts_at=timezone.now() + timedelta(hours=20),
    )
    Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("shifts_send_reminders")
    assert len(callbacks) == 1
    assert _sms(tmp_path) == []
