"""A place not checked into after the grace period is recorded as missed, without penalty, and offered on."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from peerwork.shifts import services
from peerwork.shifts.models import Assignment, AssignmentSource, AssignmentStatus, ReminderLog

from .factories import ShiftFactory, SignUpFactory


def test_missed_after_grace_and_the_place_goes_to_the_waitlist(org_a, django_capture_on_commit_callbacks):
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        slots=1,
        status="published",
        starts_at=timezone.now() - timedelta(minutes=45),
    )
    holder = Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    waiting = SignUpFactory(shift=shift, waitlist_position=1)
    waiting.peer.phone = "4165550199"
    waiting.peer.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("shifts_mark_missed")
    holder.refresh_from_db()
    assert holder.status == AssignmentStatus.MISSED
    assert holder.missed_at is not None
    offered = Assignment.objects.get(shift=shift, peer=waiting.peer)
    assert offered.source == AssignmentSource.WAITLIST
    assert ReminderLog.objects.filter(assignment=offered, kind="place_opened").count() == 1
    # No penalty: the peer can still ask for the next shift.
    later = ShiftFactory(organisation=org_a.org, site=org_a.site)
    assert services.signup_create(shift=later, peer=org_a.peer).pk


def test_within_the_grace_period_nothing_is_marked(org_a):
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        status="published",
        starts_at=timezone.now() - timedelta(minutes=10),
    )
    holder = Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    assert services.assignments_mark_missed() == 0
    holder.refresh_from_db()
    assert holder.status == AssignmentStatus.ASSIGNED


def test_a_missed_peer_who_turns_up_late_can_still_check_in(org_a):
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        status="published",
        starts_at=timezone.now() - timedelta(minutes=50),
    )
    holder = Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    services.assignments_mark_missed()
    services.assignment_check_in(assignment=holder, site=org_a.site, channel="desk", by=org_a.coordinator)
    holder.refresh_from_db()
    assert holder.status == AssignmentStatus.CHECKED_IN
    assert holder.minutes_late == 50
