"""Found on the peer's walk: once checked in, the shift's card links straight to that shift's tally
(before, the peer had to find "Log services" in the menu and pick the shift again)."""

from __future__ import annotations

from django.urls import reverse

from peerwork.shifts.models import Assignment, AssignmentStatus
from tests.clock import today_near_now

from .factories import ShiftFactory


def _place(org, status):  # type: ignore[no-untyped-def]
    shift = ShiftFactory(
        organisation=org.org,
        site=org.site,
        status="published",
        starts_at=today_near_now(org.org, minutes=-5),
    )
    return Assignment.objects.create(organisation=org.org, shift=shift, peer=org.peer, status=status)


def test_a_checked_in_peer_gets_a_link_to_the_shifts_tally(org_a, client_for):
    place = _place(org_a, AssignmentStatus.CHECKED_IN)
    page = client_for(org_a.peer_user).get(reverse("shifts:mine")).content.decode()
    link = reverse("services:entry", args=[place.shift_id])
    assert f'href="{link}">Log services</a>' in page


def test_before_check_in_there_is_no_tally_link_on_the_card(org_a, client_for):
    place = _place(org_a, AssignmentStatus.ASSIGNED)
    page = client_for(org_a.peer_user).get(reverse("shifts:mine")).content.decode()
    assert reverse("services:entry", args=[place.shift_id]) not in page


def test_another_organisations_peer_sees_no_link_to_it(org_a, org_b, client_for):
    place = _place(org_a, AssignmentStatus.CHECKED_IN)
    page = client_for(org_b.peer_user).get(reverse("shifts:mine")).content.decode()
    assert reverse("services:entry", args=[place.shift_id]) not in page
    assert (
        client_for(org_b.peer_user).get(reverse("services:entry", args=[place.shift_id])).status_code == 404
    )
