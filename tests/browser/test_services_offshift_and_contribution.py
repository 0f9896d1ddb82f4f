"""A peer records an overdose response made on the way home, by accessible names; their supervisor
sees the debrief offer. A peer opens their own contribution page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.services.models import EntryKind, OverdoseResponse, ServiceEntry


@pytest.mark.django_db(transaction=True)
def test_a_peer_records_an_off_shift_overdose_response_and_the_supervisor_sees_the_debrief_offer(
    live_server, page, axe_check, sign_in_browser, org_a
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("services:home"))
    page.get_by_role("link", name="Record off shift").click()
    axe_check(page)
    form = page.get_by_role("region", name="An overdose response")
    when = timezone.localtime(timezone.now() - timedelta(hours=1), org_a.org.zone)
    form.get_by_label("When it happened").fill(when.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Area (site)").select_option(label=org_a.site.name)
    form.get_by_label("Type of place").select_option(label="Street or alley")
    form.get_by_label("Place", exact=True).fill("Bus shelter on Queen")
    form.get_by_label("Naloxone used").select_option(label="Nasal naloxone")
    form.get_by_label("Doses given").fill("2")
    form.get_by_label("Emergency services called").check()
    form.get_by_label("Did the person survive?").select_option(label="Survived")
    form.get_by_role("button", name="Save the overdose response").click()
    expect(page.get_by_text("Saved: the overdose response.")).to_be_visible()
    event = OverdoseResponse.objects.get()
    assert event.shift is None and event.place_name == "Bus shelter on Queen"

    sign_in_browser(page, org_a.supervisor)
    page.goto(live_server.url + reverse("support:dashboard"))
    offers = page.get_by_role("region", name="Your debrief offers")
    expect(offers.get_by_role("link", name=org_a.peer.preferred_name)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_peer_opens_their_contribution_page(live_server, page, axe_check, sign_in_browser, org_a):
    ServiceEntry.objects.create(
        organisation=org_a.org,
        site=org_a.site,
        peer=org_a.peer,
        kind=EntryKind.SHARPS,
        quantity=14,
        place_name="Moss Park",
        occurred_at=timezone.now() - timedelta(days=20),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("peers:my_work"))
    expect(page.get_by_role("heading", name="What you have done")).to_be_visible()
    page.get_by_role("link", name="My contribution").click()
    expect(page.get_by_role("heading", name="My contribution", level=1)).to_be_visible()
    page.get_by_label("Last 12 months").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("14 needles recovered")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    axe_check(page)
