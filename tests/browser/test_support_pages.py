"""The supervisor dashboard and the peer's own support page on a phone, checked with axe."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.support.models import SupervisionSchedule
from peerwork.support.services import debrief_offers_create
from tests.support.factories import (
    StageFactory,
    overdose_response,
    place_peer,
    role_with_duties,
    session_for,
    worked_shift,
)

PHONE = {"width": 390, "height": 844}


def _fill(org):  # type: ignore[no-untyped-def]
    stage = StageFactory(organisation=org.org, name="Peer worker", order=3)
    SupervisionSchedule.objects.create(organisation=org.org, stage=stage, every_days=14)
    place_peer(org.peer, stage, since=org.org.today() - timedelta(days=60))
    session_for([org.peer], org.supervisor, days_ago=20, notes="Talked about a hard week.")
    debrief_offers_create(response=overdose_response(org.org, [org.peer], hours_ago=80))
    debrief_offers_create(response=overdose_response(org.org, [org.peer], hours_ago=5))
    role = role_with_duties(org.org)
    worked_shift(
        org.peer, role, org.site, duties_done=["Hand out supplies"], other_work="Cleaning the drop-in"
    )


@pytest.mark.django_db(transaction=True)
def test_the_supervisor_dashboard_on_a_phone(live_server, page, org_a, sign_in_browser, axe_check):
    _fill(org_a)
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.supervisor)

    page.goto(live_server.url + reverse("support:dashboard"))

    expect(page.get_by_role("heading", name="Support", exact=True)).to_be_visible()
    expect(page.get_by_text("1 overdue", exact=True)).to_be_visible()
    expect(page.get_by_text("Responded to 2 overdoses in the last 7 days.")).to_be_visible()
    expect(page.get_by_text("Cleaning the drop-in").first).to_be_visible()
    page.screenshot(path="/tmp/support-dashboard-phone.png", full_page=True)
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/support-dashboard-desktop.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_peers_own_support_page_on_a_phone(live_server, page, org_a, sign_in_browser, axe_check):
    _fill(org_a)
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.peer_user)

    page.goto(live_server.url + reverse("support:mine"))

    expect(page.get_by_role("heading", name="My support")).to_be_visible()
    expect(page.get_by_text("Talked about a hard week.")).to_be_visible()
    page.screenshot(path="/tmp/support-mine-phone.png", full_page=True)
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_the_other_support_pages_pass_axe_on_a_phone(live_server, page, org_a, sign_in_browser, axe_check):
    _fill(org_a)
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.supervisor)
    offer = org_a.peer.debrief_offers.first()
    for url in (
        reverse("support:role_fit"),
        reverse("support:session_new"),
        reverse("support:peer_support", args=[org_a.peer.pk]),
        reverse("support:debrief_detail", args=[offer.pk]),
        reverse("support:schedules"),
        reverse("support:session_list"),
        reverse("support:debrief_list"),
    ):
        page.goto(live_server.url + url)
        axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_a_peer_does_a_check_in_on_a_phone(live_server, page, org_a, sign_in_browser, axe_check):
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("support:checkin_new"))
    axe_check(page)

    for number in range(1, 6):
        page.get_by_role("group", name=f"{number}.").get_by_label("Often").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Choose an answer to this question.")).to_be_visible()
    axe_check(page)

    page.get_by_role("group", name="6.").get_by_label("Always").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Thank you. Your check-in is saved.")).to_be_visible()
    expect(page.get_by_text("private").first).to_be_visible()
    page.screenshot(path="/tmp/support-after-checkin-phone.png", full_page=True)
