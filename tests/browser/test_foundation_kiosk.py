"""A tablet becomes a kiosk by a one-time link; a peer taps their name and types their PIN."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.accounts.services import kiosk_pairing_link_create
from tests.foundation.factories import PIN, make_kiosk, make_peer_login

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_peer_signs_in_on_the_kiosk_with_a_pin(live_server, page, axe_check, org_a):
    device, _raw = make_kiosk(org_a, name="Front desk")
    make_peer_login(org_a, "Robin")
    code = kiosk_pairing_link_create(device=device)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("accounts:kiosk_pair", kwargs={"code": code}))
    axe_check(page)
    page.get_by_role("button", name="Make this device the kiosk").click()
    page.wait_for_url("**/accounts/kiosk/")
    expect(page.get_by_role("link", name="Robin")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/foundation-kiosk-phone.png", full_page=True)
    page.get_by_role("link", name="Robin").click()
    pin = page.get_by_label("Your PIN")
    expect(pin).to_have_attribute("inputmode", "numeric")
    axe_check(page)
    pin.fill("0000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That PIN is not right")).to_be_visible()
    axe_check(page)
    page.get_by_label("Your PIN").fill(PIN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    sign_out = page.locator("form.kiosk-sign-out button")
    expect(sign_out).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/foundation-kiosk-signed-in-phone.png", full_page=True)
    sign_out.click()
    page.wait_for_url("**/accounts/kiosk/")
    expect(page.get_by_text("You are signed out")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_browser_that_is_not_a_kiosk_is_told_plainly(live_server, page, axe_check):
    page.goto(live_server.url + reverse("accounts:kiosk"))
    expect(page.get_by_role("heading", name="This device is not a kiosk")).to_be_visible()
    axe_check(page)
