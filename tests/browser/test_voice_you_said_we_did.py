"""Done when: a service user leaves feedback from a phone through the poster link without signing in,
a coordinator tags it, the advisory group decides an action, and "you said, we did" shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.voice.models import FeedbackLink
from peerwork.voice.services import feedback_submit

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_poster_feedback_becomes_a_done_action_on_you_said_we_did(
    live_server, page, axe_check, sign_in_browser, org_a
):
    org_a.org.small_cell_threshold = 1
    org_a.org.save()
    link = FeedbackLink.objects.create(organisation=org_a.org, site=org_a.site, label="Drop-in poster")
    feedback_submit(organisation=org_a.org, site=org_a.site, rating=3, text="Fine overall")

    # A service user on a phone, not signed in.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("voice:feedback_public", kwargs={"token": link.token}))
    expect(page.get_by_role("heading", name="Tell us how it was")).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name="🙁 Bad", exact=True).check()
    page.get_by_role("checkbox", name="Waiting time").check()
    page.get_by_label("Anything else? (optional)").fill("Call 0412 345 678 about the queue")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Please don't include names or numbers").first).to_be_visible()
    page.get_by_label("Anything else? (optional)").fill("The queue at lunch is far too long")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("status").get_by_text("Your feedback is in")).to_be_visible()

    # The coordinator adds a theme and tags it.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("voice:dashboard"))
    page.get_by_label("New theme").fill("Waiting times")
    page.get_by_role("button", name="Add theme").click()
    comment = page.get_by_role("article").filter(has_text="The queue at lunch is far too long")
    comment.get_by_role("checkbox", name="Waiting times").check()
    comment.get_by_role("button", name="Save themes").click()
    expect(page.get_by_text("Themes saved.")).to_be_visible()

    # The advisory group meets, decides, acts.
    page.get_by_role("link", name="Peer advisory group").click()
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_role("checkbox", name=org_a.peer.preferred_name).check()
    page.get_by_label("Where (to count attendance as participation)").select_option(label=org_a.site.name)
    page.get_by_label("From").fill("10:00")
    page.get_by_label("Until").fill("11:30")
    page.get_by_label("Pay each peer who attended").fill("25.00")
    page.get_by_role("button", name="Save meeting").click()
    # Attendance is paid through the same rules as any pay: owed at the site's desk.
    pay = page.get_by_role("region", name="Pay for attending")
    expect(pay).to_contain_text(f"{org_a.peer.preferred_name}: owed at the pay desk")
    axe_check(page)
    page.get_by_label("What was decided").fill("Open the drop-in an hour earlier")
    page.get_by_role("checkbox", name="Waiting times").check()
    page.get_by_role("button", name="Save decision").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action").fill("Change the opening time to nine")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Every action needs an owner")).to_be_visible()
    page.get_by_label("Owner", exact=True).select_option(label=str(org_a.coordinator))
    page.get_by_label("Due date").fill("2026-12-01")
    page.get_by_role("button", name="Save action").click()
    page.get_by_label("What changed").fill("We open at nine now")
    page.get_by_role("button", name="Mark done").click()

    # The peer sees it on "you said, we did", on a phone-sized screen.
    page.context.clear_cookies()
    sign_in_browser(page, org_a.peer_user)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("peers:my_work"))
    page.get_by_role("main").get_by_role("link", name="You said, we did").click()
    waiting = page.get_by_role("region", name="Waiting times")
    expect(waiting.get_by_text("Open the drop-in an hour earlier")).to_be_visible()
    expect(waiting.get_by_text("We open at nine now")).to_be_visible()
    axe_check(page)
