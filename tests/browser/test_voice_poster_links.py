"""A coordinator makes a poster link for a site, prints it with its QR code, and switches it off."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_makes_prints_and_switches_off_a_poster_link(
    live_server, page, axe_check, sign_in_browser, org_a
):
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("voice:dashboard"))
    page.get_by_role("link", name="Make, print and switch off links").click()
    expect(page.get_by_role("heading", name="Card and poster links", level=1)).to_be_visible()
    page.get_by_label("Where the card or poster goes").fill("Harbour drop-in door")
    page.get_by_label("Site").select_option(label=org_a.site.name)
    page.get_by_role("button", name="Make a link").click()
    card = page.get_by_role("region", name="Harbour drop-in door")
    expect(card.locator("svg.qr-code")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/voice-links.png", full_page=True)

    card.get_by_role("link", name="Print the poster").click()
    expect(page.get_by_role("heading", name="Tell us how we are doing")).to_be_visible()
    expect(page.locator(".poster svg.qr-code")).to_be_visible()
    axe_check(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="/tmp/voice-poster-phone.png", full_page=True)
    page.emulate_media(media="print")
    expect(page.get_by_text("Use your browser's Print to print this page.")).to_be_hidden()
    page.emulate_media(media="screen")

    page.go_back()
    card = page.get_by_role("region", name="Harbour drop-in door")
    card.get_by_role("button", name="Switch this link off").click()
    expect(page.get_by_text("The link is switched off: it now leads nowhere.")).to_be_visible()
    expect(page.get_by_role("region", name="Harbour drop-in door switched off")).to_be_visible()
