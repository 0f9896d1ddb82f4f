"""The coordinator's allocation review page: every reason shown, hand edits, publish; accessible."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.shifts import services
from peerwork.shifts.models import AllocationRun
from tests.shifts.factories import RoleFactory, ShiftFactory, SignUpFactory


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
    expect(page.get_by_text(": assigned.").first).to_be_visible()
    expect(page.get_by_text("1st on the waitlist")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/shifts-review-test.png", full_page=True)
    page.get_by_label("Why").first.fill("swap agreed with both")
    page.get_by_role("button", name="Move to waitlist").click()
    expect(page.get_by_text("Change recorded.")).to_be_visible()
    expect(page.get_by_text("swap agreed with both").first).to_be_visible()
    page.get_by_role("link", name="Publish: tell peers").click()
    # A confirmation first, saying who will be told (the hand edit left the place empty).
    expect(page.get_by_text("2 peers will be told (0 got a place, 2 did not).")).to_be_visible()
    assert AllocationRun.objects.get(pk=run.pk).status == "draft"
    axe_check(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/shifts-publish-confirm-390.png", full_page=True)
    page.get_by_role("button", name="Yes, publish and tell peers").click()
    expect(page.get_by_text("Published. Peers can see")).to_be_visible()
    assert AllocationRun.objects.get(pk=run.pk).status == "published"
    page.goto(live_server.url + reverse("shifts:week") + f"?week={week:%Y-%m-%d}")
    axe_check(page)
    page.screenshot(path="/tmp/shifts-week-390.png", full_page=True)
    # The week's link opens the run form for that week; running it again is refused, with re-open.
    page.get_by_role("link", name="Run the allocation for this week").click()
    page.wait_for_url("**/allocation/?week=*")
    expect(page.get_by_label("Week starting")).to_have_value(f"{week:%Y-%m-%d}")
    page.get_by_role("button", name="Run the allocation").click()
    expect(page.get_by_text("is already published").first).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/shifts-week-published-390.png", full_page=True)
    page.get_by_label("Why re-open this week?").fill("Two shifts were added late")
    page.get_by_role("button", name="Re-open this week").click()
    expect(page.get_by_text("The week is open again.")).to_be_visible()
    assert AllocationRun.objects.get(pk=run.pk).reopen_reason == "Two shifts were added late"


@pytest.mark.django_db(transaction=True)
def test_peer_sees_why_a_request_was_not_given(live_server, page, axe_check, sign_in_browser, org_a):
    role = RoleFactory(organisation=org_a.org, is_paired=True)
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=2, role=role)
    SignUpFactory(shift=shift, peer=org_a.peer)
    week = timezone.localtime(shift.starts_at, org_a.org.zone).date()
    week = week.fromordinal(week.toordinal() - week.weekday())
    run = services.allocation_run(organisation=org_a.org, week_start=week, by=org_a.coordinator, seed=5)
    services.allocation_publish(run=run, by=org_a.coordinator)
    sign_in_browser(page, org_a.peer_user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("shifts:mine"))
    expect(page.get_by_text("Not given to you")).to_be_visible()
    expect(page.get_by_text("no partner could be matched")).to_be_visible()
    expect(page.get_by_text("What you got instead: nothing this week.")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/shifts-mine-declined-390.png", full_page=True)
