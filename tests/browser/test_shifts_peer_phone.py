"""On a phone: a peer asks for an open shift, then checks in and out of today's shift."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.shifts.models import Assignment, AssignmentStatus, SignUp
from tests.clock import today_near_now
from tests.shifts.factories import RoleFactory, ShiftFactory


@pytest.mark.django_db(transaction=True)
def test_a_peer_signs_up_and_checks_in_and_out_on_a_phone(
    live_server, page, axe_check, sign_in_browser, org_a
):
    role = RoleFactory(
        organisation=org_a.org, name="Supply distribution", duties=["Hand out supplies", "Restock"]
    )
    later = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role)
    today = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=role,
        status="published",
        starts_at=today_near_now(org_a.org, minutes=-3),
    )
    Assignment.objects.create(organisation=org_a.org, shift=today, peer=org_a.peer)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)

    page.goto(live_server.url + reverse("shifts:open"))
    expect(page.get_by_role("heading", name="Open shifts")).to_be_visible()
    page.screenshot(path="/tmp/shifts-peer-open-test.png", full_page=True)
    axe_check(page)
    page.get_by_text("Rank your choices (optional)").first.click()
    page.get_by_label("Your preference (optional)").first.fill("1")
    page.get_by_role("button", name="Ask for this shift").first.click()
    expect(page.get_by_text("You asked for this shift.")).to_be_visible()
    assert SignUp.objects.filter(shift=later, peer=org_a.peer, rank=1).exists()

    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("You are checked in.")).to_be_visible()
    page.screenshot(path="/tmp/shifts-peer-mine-test.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Hand out supplies").check()
    page.get_by_label("Other (say what)").fill("helped with a housing form")
    axe_check(page)
    page.get_by_role("button", name="Check out").click()
    expect(page.get_by_text("Checked out. Thank you")).to_be_visible()
    done = Assignment.objects.get(shift=today)
    assert done.status == AssignmentStatus.COMPLETED
    assert done.duties_done == ["Hand out supplies"]
    assert done.other_work == "helped with a housing form"
