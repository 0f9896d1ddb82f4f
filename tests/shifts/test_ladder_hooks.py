"""Shifts feed the ladder: hours worked, last shift dates, opportunities at the next stage."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from peerwork.pathway import hooks as ladder
from peerwork.pathway.models import Stage
from peerwork.shifts.models import Assignment, AssignmentStatus, SignUp

from .factories import RoleFactory, ShiftFactory


def test_hours_and_last_shift_come_from_completed_assignments(org_a):
    start = timezone.now() - timedelta(days=3)
    shift = ShiftFactory(
        organisation=org_a.org, site=org_a.site, starts_at=start, ends_at=start + timedelta(hours=4)
    )
    Assignment.objects.create(
        organisation=org_a.org,
        shift=shift,
        peer=org_a.peer,
        status=AssignmentStatus.COMPLETED,
        checked_in_at=start,
        checked_out_at=start + timedelta(hours=3, minutes=30),
    )
    missed = ShiftFactory(organisation=org_a.org, site=org_a.site, starts_at=start + timedelta(days=1))
    Assignment.objects.create(
        organisation=org_a.org, shift=missed, peer=org_a.peer, status=AssignmentStatus.MISSED
    )
    today = org_a.org.today()
    assert ladder.hours_worked(org_a.peer, today) == Decimal("3.50")
    assert ladder.hours_worked_many(org_a.org, [org_a.peer], today) == {org_a.peer.pk: Decimal("3.50")}
    assert ladder.last_shift_dates(org_a.org, [org_a.peer.pk]) == {
        org_a.peer.pk: timezone.localtime(start, org_a.org.zone).date()
    }


def test_next_stage_opportunities_count_asks_and_work_at_that_stage(org_a):
    stage = Stage.objects.create(organisation=org_a.org, name="Senior", order=3)
    role = RoleFactory(organisation=org_a.org, min_stage=stage)
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role)
    SignUp.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    since = org_a.org.today() - timedelta(days=30)
    assert ladder.next_stage_opportunities(org_a.peer, stage, since) == 1
