"""The coordinator's allocation review page: every reason shown, hand edits, publish; accessible."""

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.shifts import services
from peerwork.shifts.models import AllocationRun
from tests.shifts.factories import ShiftFactory, SignUpFactory


@pytest.mark.django_db(transaction=True)
def test_coordinator_reviews_and_publishes_an_allocation(
    live_server, page, axe_check, sign_in_browser, org_a
):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=1)
    SignUpFactory(shift=shift, peer=org_a.peer)
    SignUpFactory(shift=shift)
    week = timezone.localtime(shift.starts_at, org_a.org.zone).date()
    week = week.fromordinal(week.toordinal() - week.weekday())
    run = services.allocation_run(organisation=org_a.org, week_start=week, by=org_a.coordinator, seed=5)
    sign_in_browser(page, org_a.coordinator)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("shifts:run", args=[run.pk]))
    assert page.get_by_text("Assigned. See you there.").is_visible()
    assert page.get_by_text("1st on the waitlist").is_visible()
    axe_check(page)
    page.screenshot(path="/tmp/shifts-review-test.png", full_page=True)
    page.get_by_label("Why").first.fill("swap agreed with both")
    page.get_by_role("button", name="Move to waitlist").click()
    assert page.get_by_text("Change recorded.").is_visible()
    assert page.get_by_text("swap agreed with both").first.is_visible()
    page.get_by_role("button", name="Publish: tell peers").click()
    assert page.get_by_text("Published. Peers can see").is_visible()
    assert AllocationRun.objects.get(pk=run.pk).status == "published"
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("shifts:week"))
    axe_check(page)
