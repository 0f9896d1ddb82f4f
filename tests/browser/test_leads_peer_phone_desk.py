"""At 390 px: staff make a pairing link for a peer lead's phone; on the phone the lead pairs it, signs in
with the PIN and runs the check-in desk for their team's shift — by accessible names, axe clean."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.shifts.models import Assignment, AssignmentStatus
from tests.leads.factories import PIN, make_team

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_a_peer_lead_pairs_their_phone_and_runs_the_desk_for_their_team(
    live_server, browser, page, axe_check, sign_in_browser, org_a
):
    team = make_team(org_a, name="Lee Lead", stream_name="Outreach team")
    member = org_a.peer.preferred_name

    # Staff, on their own phone-sized screen, make the one-time link.
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("peers:phone", kwargs={"pk": team.lead.pk}))
    expect(page.get_by_role("heading", name="Phone of Lee Lead")).to_be_visible()
    page.get_by_role("button", name="Create a pairing link").click()
    expect(page.get_by_role("heading", name="One-time pairing link")).to_be_visible()
    expect(page.get_by_role("img", name="Pairing link for the phone of Lee Lead")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/leads-staff-link.png", full_page=True)
    link = page.get_by_test_id("pairing-link").inner_text().strip()

    # The lead's own phone: a separate browser with no session.
    phone_context = browser.new_context(viewport=PHONE)
    phone = phone_context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Pair your phone")).to_be_visible()
    axe_check(phone)
    phone.get_by_role("button", name="Pair this phone").click()
    expect(phone.get_by_role("heading", name="Hello, Lee Lead")).to_be_visible()
    axe_check(phone)
    phone.get_by_label("Your PIN").fill(PIN)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", name="My team")).to_be_visible()
    phone.screenshot(path="/tmp/leads-phone-my-work.png", full_page=True)
    phone.get_by_role("link", name="Check-in desk for my team").click()
    expect(phone.get_by_role("heading", name="Check-in desk for my team")).to_be_visible()
    axe_check(phone)
    phone.get_by_role("button", name=f"Check in {member}").click()
    expect(phone.get_by_text(f"{member} is checked in.")).to_be_visible()
    phone.screenshot(path="/tmp/leads-phone-desk.png", full_page=True)
    phone.get_by_role("link", name=f"Check out {member}").click()
    phone.get_by_label("Hand out supplies").check()
    axe_check(phone)
    phone.get_by_role("button", name="Check out").click()
    expect(phone.get_by_role("heading", name="Check-in desk for my team")).to_be_visible()
    expect(phone.get_by_role("listitem").filter(has_text=member).get_by_text("Worked")).to_be_visible()
    place = Assignment.objects.get(pk=team.member_place.pk)
    assert place.status == AssignmentStatus.COMPLETED
    assert place.checked_in_by == team.lead_user and place.duties_done == ["Hand out supplies"]

    # The same link, opened again (another phone), is refused in plain words.
    second = phone_context.new_page()
    second.goto(link)
    expect(second.get_by_text("This pairing link was already used")).to_be_visible()
    phone_context.close()
