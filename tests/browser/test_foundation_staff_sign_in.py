"""A coordinator signs in through the real forms: password, then a TOTP code; a supervisor enrols."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.personas import PASSWORD

PHONE = {"width": 390, "height": 844}


def _code(key: bytes) -> str:
    return f"{totp(key):06d}"


@pytest.mark.django_db(transaction=True)
def test_coordinator_signs_in_with_password_and_authenticator_code(live_server, page, axe_check, org_a):
    device = TOTPDevice.objects.create(user=org_a.coordinator, name="phone", confirmed=True)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("accounts:sign_in"))
    axe_check(page)
    page.get_by_label("Username").fill(org_a.coordinator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-step/**")
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/foundation-verify-phone.png", full_page=True)
    page.get_by_label("Code").fill(_code(device.bin_key))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url
    expect(page.get_by_role("button", name="Sign out").first).to_be_visible()
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_explained_on_the_page(live_server, page, axe_check, org_a):
    page.goto(live_server.url + reverse("accounts:sign_in"))
    page.get_by_label("Username").fill(org_a.coordinator.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("do not match")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value(org_a.coordinator.username)
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_supervisor_enrols_an_authenticator_by_qr_code(live_server, page, axe_check, org_a):
    page.goto(live_server.url + reverse("accounts:sign_in"))
    page.get_by_label("Username").fill(org_a.supervisor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-step/set-up/**")
    expect(page.locator("figure.qr svg")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/foundation-enrol-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path="/tmp/foundation-enrol-phone.png", full_page=True)
    axe_check(page)
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code", exact=True).fill(_code(key))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Your authenticator app is set up.")).to_be_visible()
    assert TOTPDevice.objects.get(user=org_a.supervisor).confirmed
