"""Shift reminders by SMS and e-mail: queued once (the log's unique key), sent by a task after commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from peerwork.core.runs import enqueue_after_commit, enqueue_or_wait
from peerwork.core.sms import send_sms

from .models import Assignment, AssignmentStatus, ReminderKind, ReminderLog, ShiftStatus

REQUEUE_UNSENT_AFTER = timedelta(minutes=10)


def reminder_text(assignment: Assignment, kind: str) -> str:
    shift = assignment.shift
    local = timezone.localtime(shift.starts_at, shift.organisation.zone)
    params = {
        "name": assignment.peer.preferred_name,
        "role": shift.role.name,
        "site": shift.site.name,
        "day": f"{local:%a %d %b}",
        "time": f"{local:%H:%M}",
    }
    if kind == ReminderKind.DAY_BEFORE:
        return _("Hi %(name)s, a reminder: %(role)s tomorrow (%(day)s) at %(time)s, %(site)s.") % params
    if kind == ReminderKind.TWO_HOURS:
        return _("Hi %(name)s, %(role)s starts at %(time)s today at %(site)s. See you soon.") % params
    return (
        _(
            "Hi %(name)s, a place opened for you: %(role)s on %(day)s at %(time)s, %(site)s. "
            "If you cannot come, tell the desk or give it back in Peerwork."
        )
        % params
    )


def reminder_queue(*, assignment: Assignment, kind: str) -> list[ReminderLog]:
    """Log and queue the reminder on each channel the peer has; never twice for the same kind."""
    peer = assignment.peer
    if peer.reminders_opt_out:
        return []
    channels = []
    if peer.phone:
        channels.append(("sms", peer.phone))
    if peer.email:
        channels.append(("email", peer.email))
    queued = []
    for channel, to in channels:
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(
                    organisation=assignment.organisation,
                    assignment=assignment,
                    kind=kind,
                    channel=channel,
                    to=to,
                )
        except IntegrityError:
            continue  # already queued or sent
        queued.append(log)
        enqueue_after_commit(send_reminder, log.pk)
    return queued


@task()
def send_reminder(log_id: int) -> None:
    """Send one logged reminder (a task, so a slow provider never blocks a page).

    The reminder is marked sent before it goes, in one UPDATE, so that a second run of the task
    (queued again by the sweep, or run again by RQ after its worker died) never sends a copy. If the
    provider refuses it, the mark is taken back and the task fails, to be tried again.
    """
    log = (
        ReminderLog.objects.select_related(
            "assignment__peer__user", "assignment__shift__role", "assignment__shift__site", "organisation"
        )
        .filter(pk=log_id, sent_at__isnull=True)
        .first()
    )
    if log is None or not ReminderLog.objects.filter(pk=log.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    ):
        return
    assignment = log.assignment
    language = getattr(assignment.peer.user, "language", "") or log.organisation.language
    try:
        with translation.override(language):
            body = reminder_text(assignment, log.kind)
            if log.channel == "sms":
                send_sms(log.to, body)
            else:
                send_mail(_("Your shift"), body, settings.DEFAULT_FROM_EMAIL, [log.to])
    except Exception:
        ReminderLog.objects.filter(pk=log.pk).update(sent_at=None)
        raise


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Queue the day-before and two-hour reminders that are due now; returns how many were queued.

    Reminders logged earlier but never sent (the queue was down when they were logged) are queued
    again while their shift is still ahead.
    """
    now = now or timezone.now()
    unsent = ReminderLog.objects.filter(
        sent_at__isnull=True, queued_at__lt=now - REQUEUE_UNSENT_AFTER, assignment__shift__starts_at__gt=now
    )
    for log_id in unsent.values_list("pk", flat=True):
        enqueue_or_wait(send_reminder, log_id)
    count = 0
    qs = Assignment.objects.filter(
        status=AssignmentStatus.ASSIGNED,
        shift__status=ShiftStatus.PUBLISHED,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + timedelta(hours=24),
        peer__reminders_opt_out=False,
    ).select_related("peer", "shift__organisation")
    for assignment in qs:
        until_start = assignment.shift.starts_at - now
        kind = ReminderKind.TWO_HOURS if until_start <= timedelta(hours=2) else ReminderKind.DAY_BEFORE
        with transaction.atomic():
            count += len(reminder_queue(assignment=assignment, kind=kind))
    return count
