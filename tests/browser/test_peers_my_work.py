import pytest
from django.urls import reverse

from peerwork.pathway.services import peer_position_start


@pytest.mark.django_db(transaction=True)
def test_a_peer_sees_their_stage_and_what_is_still_needed(
    live_server, page, axe_check, sign_in_browser, org_a
):
    peer_position_start(peer=org_a.peer)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("peers:my_work"))
    assert page.get_by_role("heading", name="Your step on the ladder").is_visible()
    assert page.get_by_text("What you still need for Trainee").is_visible()
    assert page.get_by_text("0 of 8 hours worked").is_visible()
    assert page.get_by_role("heading", name="Your trainings").is_visible()
    page.screenshot(path="/tmp/peers-my-work-test.png", full_page=True)
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_the_people_list_and_a_peer_page_are_accessible(live_server, page, axe_check, sign_in_browser, org_a):
    peer_position_start(peer=org_a.peer)
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("peers:list"))
    axe_check(page)
    page.get_by_role("link", name=org_a.peer.preferred_name).click()
    assert page.get_by_role("heading", name="Ladder").is_visible()
    axe_check(page)
