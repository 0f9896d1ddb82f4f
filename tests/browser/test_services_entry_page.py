"""The phone entry page: accessible at 390x844, and a rejected entry shows its reason."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.services.models import SupplyItem
from peerwork.services.services import catalogue_ensure
from peerwork.services.stock import stock_receive
from tests.services.factories import shift_with_peer


@pytest.mark.django_db(transaction=True)
def test_the_entry_page_is_accessible_on_a_phone(live_server, page, sign_in_browser, org_a, axe_check):
    catalogue_ensure(organisation=org_a.org)
    shift = shift_with_peer(org_a)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("services:entry", args=[shift.pk]))
    page.locator("#services-entry[data-ready='true']").wait_for()
    page.screenshot(path="/tmp/services-entry-390.png")
    axe_check(page)
    page.get_by_text("Record an overdose response").click()
    axe_check(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px wide)"
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.django_db(transaction=True)
def test_a_rejected_entry_stays_on_the_phone_with_its_reason(live_server, page, sign_in_browser, org_a):
    catalogue_ensure(organisation=org_a.org)
    syringes = SupplyItem.objects.get(organisation=org_a.org, name="Syringes")
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=1, user=None)
    shift = shift_with_peer(org_a)
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("services:entry", args=[shift.pk]))
    page.locator("#services-entry[data-ready='true']").wait_for()
    page.get_by_role("button", name="One more: Syringes").click()
    page.get_by_role("button", name="One more: Syringes").click()
    page.locator("#tally-form [data-save]").click()
    rejected = page.locator("[data-entry-list] li[data-status='rejected']")
    rejected.wait_for()
    expect(rejected).to_contain_text("Only 1 Syringes left in stock")
    page.reload()
    page.locator("#services-entry[data-ready='true']").wait_for()
    expect(page.locator("[data-entry-list] li[data-status='rejected']")).to_have_count(1)


@pytest.mark.django_db(transaction=True)
def test_a_malformed_client_code_is_explained_before_saving(live_server, page, sign_in_browser, org_a):
    catalogue_ensure(organisation=org_a.org)
    shift = shift_with_peer(org_a)
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("services:entry", args=[shift.pk]))
    page.locator("#services-entry[data-ready='true']").wait_for()
    page.get_by_role("button", name="One more: Syringes").click()
    page.locator("#tally-form summary").click()
    page.locator("#tallies-client-code").fill("Jane")
    page.locator("#tally-form [data-save]").click()
    expect(page.locator("#tally-form [data-form-error]")).to_contain_text("gender letter")
    expect(page.locator("[data-entry-list] li")).to_have_count(0)
    expect(
        page.locator(f"#item-{SupplyItem.objects.get(organisation=org_a.org, name='Syringes').pk}")
    ).to_have_value("1")
