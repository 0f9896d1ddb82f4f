"""The sectioned menu on a phone: keyboard only, no overflow, no serious axe findings."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_the_coordinator_moves_between_sections_by_keyboard_on_a_phone(
    live_server, page, org_a, sign_in_browser, axe_check
):
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("shifts:week"))
    main = page.get_by_role("navigation", name="Main")
    expect(main.get_by_role("link", name="Shifts")).to_have_attribute("aria-current", "true")
    expect(
        page.get_by_role("navigation", name="Shifts").get_by_role("link", name="Check-in desk")
    ).to_be_visible()

    main.get_by_role("link", name="Pay").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('pay:desk')}")
    pay = page.get_by_role("navigation", name="Pay")
    expect(pay.get_by_role("link", name="Payouts")).to_have_attribute("aria-current", "page")
    expect(pay.get_by_role("link", name="Cash boxes")).to_be_visible()
    # Nothing in the header is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if os.environ.get("PEERWORK_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PEERWORK_SCREENSHOTS"], "nav-pay-390.png"))
    axe_check(page)
