"""A supervisor sets a placement plan on a phone; the peer records their mid-way review from My work.
Both by accessible names, axe clean; the competence chart is screenshotted to be looked at."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.growth.models import PlanReview, Rater
from peerwork.pathway.services import peer_position_start
from tests.growth.factories import competence, rate

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_a_supervisor_sets_a_plan_and_the_peer_reviews_it_mid_way(
    live_server, page, org_a, sign_in_browser, axe_check
):
    peer_position_start(peer=org_a.peer)
    comp = competence(org_a.org)
    today = org_a.org.today()
    for days_ago, own, theirs in ((90, 1, 1), (45, 2, 1), (10, 3, 2)):
        rate(org_a.peer, comp, own, org_a.peer_user, rater=Rater.PEER, on=today - timedelta(days=days_ago))
        rate(org_a.peer, comp, theirs, org_a.supervisor, on=today - timedelta(days=days_ago))
    page.set_viewport_size(PHONE)

    sign_in_browser(page, org_a.supervisor)
    page.goto(live_server.url + reverse("growth:plan_add") + f"?peer={org_a.peer.pk}")
    page.get_by_label("Stretch of work").fill("Bicycle repair stretch")
    page.get_by_label("Starts on").fill((today - timedelta(days=30)).isoformat())
    page.get_by_label("Ends on").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Supervisor").select_option(label=str(org_a.supervisor))
    page.get_by_label("Goal 1: from the competence list").select_option(label=comp.name)
    page.get_by_label("Goal 2: in your own words").fill("Fix a puncture alone")
    axe_check(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Placement plan saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Bicycle repair stretch")).to_be_visible()
    axe_check(page)

    page.context.clear_cookies()
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("peers:my_work"))
    expect(page.get_by_role("heading", name="My growth")).to_be_visible()
    expect(
        page.get_by_role("img", name="Sharing lived experience: your rating and your supervisor's over time")
    ).to_be_visible()
    page.screenshot(path="/tmp/growth-browser-mywork-390.png", full_page=True)
    page.get_by_role("link", name="Do my mid-way review").click()
    page.get_by_role("group", name="Sharing lived experience").get_by_label("On the way").check()
    page.get_by_role("group", name="Fix a puncture alone").get_by_label("Achieved").check()
    axe_check(page)
    page.get_by_role("button", name="Save my review").click()
    expect(page.get_by_text("Review saved. Thank you.")).to_be_visible()
    expect(page.get_by_role("link", name="Do my mid-way review")).to_have_count(0)
    axe_check(page)
    page.screenshot(path="/tmp/growth-browser-mine-390.png", full_page=True)
    review = PlanReview.objects.get()
    assert (review.rater, review.moment) == ("peer", "midway")
    assert sorted(review.standings.values_list("standing", flat=True)) == ["achieved", "on_the_way"]
