"""The peer's card shows "Check in" only inside the check-in window and, at a kiosk, at the shift's
site; otherwise it says when check-in opens or where to check in, and the server refuses the same way."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from peerwork.shifts.models import Assignment, AssignmentStatus

from .factories import RoleFactory, ShiftFactory
from .test_kiosk_check_in_and_out import _kiosk_session

NOW = datetime(2026, 12, 10, 16, 0, tzinfo=UTC)


def _shift_at(org, site, local_hour, local_minute=0):
    start = datetime(2026, 12, 10, local_hour, local_minute, tzinfo=org.org.zone)
    role = RoleFactory(organisation=org.org)
    shift = ShiftFactory(
        organisation=org.org,
        site=site,
        role=role,
        starts_at=start,
        ends_at=start.replace(hour=local_hour + 3),
    )
    return Assignment.objects.create(organisation=org.org, shift=shift, peer=org.peer)


def _local_now(org):
    return NOW.astimezone(org.org.zone)


@time_machine.travel(NOW, tick=False)
def test_before_the_window_the_card_says_when_check_in_opens_and_the_server_refuses(org_a, client_for):
    here = _local_now(org_a)
    assignment = _shift_at(org_a, org_a.site, here.hour + 2, 45)
    client = client_for(org_a.peer_user)
    page = client.get(reverse("shifts:mine")).content.decode()
    opens = f"Check-in opens at {here.hour + 1 - 12 if here.hour + 1 > 12 else here.hour + 1}:45"
    assert opens in page
    assert ">Check in</button>" not in page
    response = client.post(reverse("shifts:check_in", args=[assignment.pk]), follow=True)
    assert opens in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED


@time_machine.travel(NOW, tick=False)
def test_inside_the_window_the_card_shows_check_in(org_a, client_for):
    here = _local_now(org_a)
    assignment = _shift_at(org_a, org_a.site, here.hour, 30)
    client = client_for(org_a.peer_user)
    page = client.get(reverse("shifts:mine")).content.decode()
    assert ">Check in</button>" in page
    assert "Check-in opens" not in page
    client.post(reverse("shifts:check_in", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CHECKED_IN


@time_machine.travel(NOW, tick=False)
def test_at_a_kiosk_of_another_site_the_card_says_where_to_check_in(org_a):
    here = _local_now(org_a)
    _shift_at(org_a, org_a.site, here.hour, 30)
    client = _kiosk_session(org_a, org_a.other_site)
    page = client.get(reverse("shifts:mine")).content.decode()
    assert f"Check in at {org_a.site.name}" in page.replace("&#x27;", "'")
    assert ">Check in</button>" not in page


@time_machine.travel(NOW, tick=False)
def test_another_organisations_peer_cannot_check_in_to_a_shift_in_the_window(org_a, org_b, client_for):
    here = _local_now(org_a)
    assignment = _shift_at(org_a, org_a.site, here.hour, 30)
    response = client_for(org_b.peer_user).post(reverse("shifts:check_in", args=[assignment.pk]))
    assert response.status_code == 404
