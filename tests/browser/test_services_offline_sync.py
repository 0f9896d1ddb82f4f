"""Reliability: a peer logs work with no signal; it survives a reload and arrives exactly once."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.services.models import OverdoseResponse, ServiceEntry
from peerwork.services.services import catalogue_ensure
from tests.services.factories import shift_with_peer


def _server_records(org) -> int:  # type: ignore[no-untyped-def]
    return (
        ServiceEntry.objects.filter(organisation=org).count()
        + OverdoseResponse.objects.filter(organisation=org).count()
    )


@pytest.mark.django_db(transaction=True)
def test_entries_made_offline_survive_a_reload_and_sync_exactly_once(
    live_server, page, sign_in_browser, org_a, client_for
):
    catalogue_ensure(organisation=org_a.org)
    shift = shift_with_peer(org_a)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    url = live_server.url + reverse("services:entry", args=[shift.pk])
    page.goto(url)
    root = page.locator("#services-entry")
    root.and_(page.locator("[data-offline-ready='true']")).wait_for(timeout=15000)

    sync_bodies: list[str] = []
    page.on(
        "request",
        lambda request: (
            sync_bodies.append(request.post_data or "")
            if request.url.endswith(reverse("api:services_sync"))
            else None
        ),
    )

    page.context.set_offline(True)
    # three tallies: syringes, water, and contacts
    page.get_by_role("button", name="One more: Syringes").click()
    page.get_by_role("button", name="One more: Syringes").click()
    page.get_by_role("button", name="One more: Sterile water").click()
    page.get_by_role("button", name="One more: Contacts").click()
    page.locator("#tally-form [data-save]").click()
    # one overdose response
    page.get_by_text("Record an overdose response").click()
    page.get_by_label("Park").check()
    page.get_by_role("button", name="Save overdose response").click()

    entries = page.locator("[data-entry-list] li")
    entries.nth(3).wait_for()
    expect(entries).to_have_count(4)
    expect(page.locator("strong[data-unsent]")).to_have_text("4")
    assert _server_records(org_a.org) == 0

    page.screenshot(path="/tmp/services-offline-entries.png", full_page=True)

    response = page.reload()
    assert response is not None and response.from_service_worker, "the service worker serves the page offline"
    page.locator("#services-entry[data-ready='true']").wait_for(timeout=15000)
    expect(
        page.locator("[data-entry-list] li"), message="entries must survive a reload while offline"
    ).to_have_count(4)
    expect(page.locator("strong[data-unsent]")).to_have_text("4")
    expect(page.locator("[data-entry-list] li[data-status='waiting']")).to_have_count(4)
    assert _server_records(org_a.org) == 0

    page.context.set_offline(False)
    page.locator("strong[data-unsent]").filter(has_text="0").wait_for(timeout=15000)
    expect(page.locator("[data-entry-list] li"), message="accepted records leave the queue").to_have_count(0)
    assert _server_records(org_a.org) == 4
    page.screenshot(path="/tmp/services-synced.png", full_page=True)
    assert ServiceEntry.objects.filter(organisation=org_a.org, kind="supplies").count() == 2
    event = OverdoseResponse.objects.get(organisation=org_a.org)
    assert list(event.responders.all()) == [org_a.peer]

    # The response was lost on the way back: the phone sends the same request again.
    assert sync_bodies, "the page sent its records to the sync API"
    replay = client_for(org_a.peer_user).post(
        reverse("api:services_sync"), data=sync_bodies[-1], content_type="application/json"
    )
    assert replay.status_code == 200
    assert all(result["duplicate"] for result in replay.json()["results"])
    assert len(json.loads(sync_bodies[-1])["records"]) == 4
    assert _server_records(org_a.org) == 4
