"""Two-way SMS through the development simulator: a coordinator gives back a place, the first YES
takes it, a later YES is told kindly."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.peers.services import peer_sms_consent
from peerwork.shifts.models import Assignment, ShiftPolicy, SmsOffer
from tests.factories import PeerWorkerFactory
from tests.shifts.factories import AssignmentFactory, ShiftFactory, SignUpFactory


@pytest.mark.django_db(transaction=True)
def test_coordinator_frees_a_place_and_the_simulator_takes_the_replies(
    live_server, page, axe_check, sign_in_browser, org_a, settings, tmp_path
):
    settings.SMS_SIMULATOR = True
    settings.SMS_FILE_PATH = tmp_path / "sms"
    org_a.org.country = "CA"
    org_a.org.save()
    ShiftPolicy.objects.update_or_create(
        organisation=org_a.org, defaults={"sms_offers": True, "sms_wave_size": 2}
    )
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, status="published", slots=1)
    holder = PeerWorkerFactory(organisation=org_a.org, preferred_name="Robin")
    AssignmentFactory(shift=shift, peer=holder, organisation=org_a.org)
    waiting = []
    for position in (1, 2):
        peer = PeerWorkerFactory(organisation=org_a.org)
        peer.sites.add(org_a.site)
        peer_sms_consent(peer=peer, phone=f"416555011{position}", consent=True, by=org_a.coordinator)
        SignUpFactory(shift=shift, peer=peer, organisation=org_a.org, waitlist_position=position)
        waiting.append(peer)
    sign_in_browser(page, org_a.coordinator)

    page.goto(live_server.url + reverse("shifts:shift", args=[shift.pk]))
    page.get_by_role("button", name="Give back the place of Robin").click()
    expect(page.get_by_text("goes to the waitlist")).to_be_visible()
    expect(page.get_by_role("heading", name="Places offered by text")).to_be_visible()

    first, second = SmsOffer.objects.filter(shift=shift).order_by("id")
    page.goto(live_server.url + reverse("shifts:sms_simulator"))
    expect(page.get_by_text(f"Reply YES {first.code}")).to_be_visible()
    axe_check(page)
    page.get_by_label("From phone").fill(first.peer.phone)
    page.get_by_label("Reply").fill(f"yes {first.code}")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("It's yours").first).to_be_visible()
    page.get_by_label("From phone").fill(second.peer.phone)
    page.get_by_label("Reply").fill(f"YES {second.code}")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Sorry, it's taken").first).to_be_visible()
    assert [a.peer for a in Assignment.objects.filter(shift=shift, status="assigned")] == [first.peer]


@pytest.mark.django_db(transaction=True)
def test_a_text_that_is_no_keyword_waits_for_a_coordinator_until_dealt_with(
    live_server, page, axe_check, sign_in_browser, org_a, settings, tmp_path
):
    settings.SMS_SIMULATOR = True
    settings.SMS_FILE_PATH = tmp_path / "sms"
    org_a.org.country = "CA"
    org_a.org.save()
    peer = PeerWorkerFactory(organisation=org_a.org, preferred_name="Sam")
    peer_sms_consent(peer=peer, phone="4165550131", consent=True, by=org_a.coordinator)
    sign_in_browser(page, org_a.coordinator)

    page.goto(live_server.url + reverse("shifts:sms_simulator"))
    page.get_by_label("From phone").fill(peer.phone)
    page.get_by_label("Reply").fill("Running late, bus broke down")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("a coordinator will read this").first).to_be_visible()

    page.goto(live_server.url + reverse("shifts:week"))
    page.get_by_text("1 text waits for a coordinator").click()
    expect(page.get_by_role("heading", name="Texts for a coordinator")).to_be_visible()
    expect(page.get_by_text("Running late, bus broke down")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Dealt with · Sam").click()
    expect(page.get_by_text("Marked as dealt with.")).to_be_visible()
    expect(page.get_by_text("No texts are waiting.")).to_be_visible()
