import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.pathway.services import peer_position_start


@pytest.mark.django_db(transaction=True)
def test_a_peer_sees_their_stage_and_what_is_still_needed(
    live_server, page, axe_check, sign_in_browser, org_a
):
    peer_position_start(peer=org_a.peer)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("peers:my_work"))
    expect(page.get_by_role("heading", name="Your step on the ladder")).to_be_visible()
    expect(page.get_by_text("What you still need for Trainee")).to_be_visible()
    expect(page.get_by_text("0 of 8 hours worked")).to_be_visible()
    expect(page.get_by_role("heading", name="Your trainings")).to_be_visible()
    page.screenshot(path="/tmp/peers-my-work-test.png", full_page=True)
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_the_people_list_and_a_peer_page_are_accessible(live_server, page, axe_check, sign_in_browser, org_a):
    peer_position_start(peer=org_a.peer)
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("peers:list"))
    axe_check(page)
    page.get_by_role("link", name=org_a.peer.preferred_name).click()
    expect(page.get_by_role("heading", name="Ladder")).to_be_visible()
    axe_check(page)
