"""A senior peer mentors a new peer: the coordinator pairs them, the allocation puts both on a paired
shift, and the mentor records the contact from their own pages at the kiosk, at 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.accounts.services import kiosk_pairing_link_create
from peerwork.pathway.models import MentoringContact, Stage
from peerwork.pathway.services import ladder_seed_default, peer_promote
from peerwork.peers.services import peer_create
from peerwork.shifts import services
from peerwork.shifts.models import Assignment
from tests.foundation.factories import PIN, make_kiosk
from tests.shifts.factories import RoleFactory, ShiftFactory, SignUpFactory

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_a_senior_peer_mentors_a_new_peer_on_a_paired_shift_and_records_it(
    live_server, page, axe_check, sign_in_browser, org_a
):
    org = org_a.org
    ladder_seed_default(organisation=org)
    mentor = peer_create(
        organisation=org,
        preferred_name="Morgan",
        pin=PIN,
        sites=[org_a.site],
        joined_on=org.today() - timedelta(days=700),
    )
    peer_promote(
        peer=mentor, by=None, to_stage=Stage.objects.get(organisation=org, order=4), override_reason="years"
    )
    mentee = peer_create(organisation=org, preferred_name="Nico", sites=[org_a.site])
    other = peer_create(organisation=org, preferred_name="Ola", sites=[org_a.site])
    role = RoleFactory(organisation=org, name="Needle walk", is_paired=True)
    shift = ShiftFactory(organisation=org, site=org_a.site, role=role, slots=2)
    for peer in (other, mentor, mentee):
        SignUpFactory(shift=shift, peer=peer)

    # The coordinator pairs them on the Mentoring page, on a phone.
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("pathway:mentoring"))
    expect(page.get_by_role("heading", name="New peers without a mentor")).to_be_visible()
    page.get_by_role("combobox", name="Mentor").select_option(label="Nico")
    page.get_by_role("combobox", name="New peer").select_option(label="Morgan")
    page.get_by_role("button", name="Pair them").click()
    expect(page.get_by_text("A mentor must be at a higher stage than the peer they mentor")).to_be_visible()
    axe_check(page)
    page.get_by_role("combobox", name="Mentor").select_option(label="Morgan")
    page.get_by_role("combobox", name="New peer").select_option(label="Nico")
    page.get_by_role("button", name="Pair them").click()
    expect(page.get_by_text("Morgan now mentors Nico.")).to_be_visible()
    expect(page.get_by_role("button", name="End pairing with Nico")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/mentoring-staff-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/mentoring-staff-1280.png", full_page=True)
    page.get_by_role("link", name="Nico").first.click()
    expect(page.get_by_text("Mentored by Morgan")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/mentoring-peer-page-1280.png", full_page=True)
    page.set_viewport_size(PHONE)

    # The week's allocation puts the two of them on the paired shift, and says why.
    day = timezone.localtime(shift.starts_at, org.zone).date()
    run = services.allocation_run(
        organisation=org, week_start=day - timedelta(days=day.weekday()), by=org_a.coordinator, seed=7
    )
    page.goto(live_server.url + reverse("shifts:run", args=[run.pk]))
    # The coordinator's review speaks about each peer, not to them.
    expect(page.get_by_text("Nico: assigned, paired with their mentor.")).to_be_visible()
    expect(page.get_by_text("Morgan: assigned, paired with the new peer they mentor.")).to_be_visible()
    services.allocation_publish(run=run, by=org_a.coordinator)
    assert set(Assignment.objects.filter(shift=shift).values_list("peer__preferred_name", flat=True)) == {
        "Morgan",
        "Nico",
    }

    # Morgan signs in at the kiosk with the PIN and records the contact from their own pages.
    page.context.clear_cookies()
    device, _raw = make_kiosk(org_a, name="Front desk")
    page.goto(
        live_server.url
        + reverse("accounts:kiosk_pair", kwargs={"code": kiosk_pairing_link_create(device=device)})
    )
    page.get_by_role("button", name="Make this device the kiosk").click()
    page.get_by_role("link", name="Morgan").click()
    page.get_by_label("Your PIN").fill(PIN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("shifts:mine"))
    expect(page.get_by_role("heading", name="Needle walk")).to_be_visible()
    page.goto(live_server.url + reverse("peers:my_work"))
    expect(page.get_by_role("heading", name="Mentoring")).to_be_visible()
    expect(page.get_by_text("You mentor:")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Record a mentoring contact").click()
    page.get_by_role("combobox", name="Who you met").select_option(label="Nico")
    page.get_by_role("spinbutton", name="Minutes").fill("2")
    page.get_by_role("textbox", name="Note (optional)").fill("first shift together")
    page.get_by_role("button", name="Save the contact").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 5.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Note (optional)")).to_have_value("first shift together")
    axe_check(page)
    page.screenshot(path="/tmp/mentoring-contact-error-390.png", full_page=True)
    page.get_by_role("spinbutton", name="Minutes").fill("40")
    page.get_by_role("button", name="Save the contact").click()
    expect(page.get_by_text("Saved. Thank you for mentoring.")).to_be_visible()
    expect(page.get_by_text("Nico, 40 minutes: first shift together")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/mentoring-my-work-390.png", full_page=True)
    contact = MentoringContact.objects.get()
    assert (contact.mentorship.mentor, contact.minutes, contact.recorded_by) == (mentor, 40, mentor.user)
