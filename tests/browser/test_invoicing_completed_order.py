"""A coordinator invoices a mailing order that reached its target, by accessible names: from Work
orders to Invoices, ticks the order, sends the invoice and sees it numbered; axe clean."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.invoicing.factories import business_line, finished_order


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_invoices_the_completed_mailing_order(
    live_server, page, org_a, sign_in_browser, axe_check
):
    line = business_line(org_a.org, "MP-")
    line.trading_name = "Mail and Print"
    line.save()
    finished_order(line, customer="City Housing Office", quantity=5000, price="0.45")
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("shifts:work_orders"))
    expect(page.get_by_role("cell", name="target reached")).to_be_visible()
    page.get_by_role("link", name="Invoices").first.click()
    page.get_by_label("Mail and Print: City Housing Office: Fold and mail letters").check()
    axe_check(page)
    page.get_by_role("button", name="Make and send the invoice").click()
    expect(page.get_by_role("heading", name="Invoice MP-1")).to_be_visible()
    expect(page.get_by_text("Invoice MP-1 sent.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="All invoices").click()
    expect(page.get_by_role("link", name="MP-1")).to_be_visible()
