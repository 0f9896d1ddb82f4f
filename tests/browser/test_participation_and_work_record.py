"""A peer taps into today's activity at the kiosk, and downloads their work record on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.accounts.services import kiosk_pairing_link_create
from peerwork.participation.models import Participation
from peerwork.participation.services import activity_create
from peerwork.peers.services import peer_create
from tests.clock import today_near_now
from tests.foundation.factories import make_kiosk
from tests.workrecord.factories import with_history

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_a_peer_downloads_their_work_record_on_a_phone(live_server, page, axe_check, sign_in_browser, org_a):
    with_history(org_a)
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("peers:my_work"))
    page.get_by_role("main").get_by_role("link", name="My work record").click()
    expect(page.get_by_role("heading", name="My work record", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Neighbourhood clean-up")).to_be_visible()
    expect(page.get_by_text("Showing: discreet record")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/workrecord-mine-phone.png", full_page=True)
    page.get_by_label("Language of the record").select_option("fr")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Rôles et heures")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my work record (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith("-fr.pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"


@pytest.mark.django_db(transaction=True)
def test_a_peer_taps_into_todays_activity_at_the_kiosk(live_server, page, axe_check, org_a):
    starts = today_near_now(org_a.org, minutes=20)
    activity_create(
        organisation=org_a.org,
        site=org_a.site,
        kind="drop_in",
        title="Afternoon drop-in",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    robin = peer_create(organisation=org_a.org, preferred_name="Robin", pin="4817", sites=[org_a.site])
    device, _raw = make_kiosk(org_a, name="Front desk")
    page.set_viewport_size(PHONE)
    page.goto(
        live_server.url
        + reverse("accounts:kiosk_pair", kwargs={"code": kiosk_pairing_link_create(device=device)})
    )
    page.get_by_role("button", name="Make this device the kiosk").click()
    page.wait_for_url("**/accounts/kiosk/")
    page.get_by_role("link", name="Robin").click()
    page.get_by_label("Your PIN").fill("4817")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("participation:today"))
    expect(page.get_by_role("heading", name="Afternoon drop-in")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="I'm here: Afternoon drop-in").click()
    expect(page.get_by_text("You are in for Afternoon drop-in")).to_be_visible()
    expect(page.get_by_text("You are in", exact=True)).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/participation-kiosk-phone.png", full_page=True)
    assert Participation.objects.filter(peer=robin, channel="kiosk").count() == 1
