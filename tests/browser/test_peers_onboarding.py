import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.accounts.models import PeerCredential
from peerwork.peers.models import PeerWorker


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_onboards_a_peer_on_a_phone_in_under_a_minute(
    live_server, page, axe_check, sign_in_browser, org_a
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.coordinator)
    started = time.monotonic()
    page.goto(live_server.url + reverse("peers:onboard"))
    axe_check(page)
    page.get_by_label("Preferred name").fill("Robin")
    page.get_by_label("PIN (optional)").fill("12")
    page.get_by_role("button", name="Add and show the card").click()
    expect(page.get_by_text("A PIN is 4 to 6 digits")).to_be_visible()
    expect(page.get_by_label("Preferred name")).to_have_value("Robin")
    axe_check(page)
    page.get_by_label("PIN (optional)").fill("4826")
    page.get_by_role("button", name="Add and show the card").click()
    page.wait_for_url("**/card/")
    assert time.monotonic() - started < 60
    expect(page.get_by_role("heading", name="Card for Robin")).to_be_visible()
    expect(page.locator(".peer-card svg")).to_be_visible()
    page.screenshot(path="/tmp/peers-onboarding-card.png", full_page=True)
    axe_check(page)
    peer = PeerWorker.objects.get(organisation=org_a.org, preferred_name="Robin")
    assert PeerCredential.objects.get(user=peer.user).check_pin("4826")
