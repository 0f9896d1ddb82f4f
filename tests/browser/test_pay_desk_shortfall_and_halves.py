"""At the desk: the box holds less than is owed (part cash, the rest by transfer); half before, half after."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from peerwork.pay import selectors, services
from peerwork.pay.models import LedgerEntry, Payout, PayoutStatus
from tests.factories import PeerWorkerFactory

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_coordinator_pays_part_cash_and_half_now(live_server, page, axe_check, sign_in_browser, org_a, size):
    page.set_viewport_size(SIZES[size])
    box = services.cash_box_open(
        organisation=org_a.org, site=org_a.site, opening_float=Decimal("40.00"), actor=org_a.coordinator
    )
    peers = {
        name: PeerWorkerFactory(
            organisation=org_a.org, preferred_name=name, payment_timing=timing, payment_preference=how
        )
        for name, timing, how in (("Alex", "after", "cash"), ("Bea", "half", "transfer"))
    }
    for name, amount in (("Alex", "108.00"), ("Bea", "30.00")):
        services.payout_create_manual(
            organisation=org_a.org,
            peer=peers[name],
            amount=amount,
            reason="Outreach with the van",
            earned_on=date(2026, 11, 2),
            actor=org_a.coordinator,
        )

    sign_in_browser(page, org_a.coordinator)
    page.goto(f"{live_server.url}/pay/?site={org_a.site.pk}")
    alex = page.locator(".payout-row", has_text="Alex")
    alex.get_by_role("button", name="Pay CA$108.00 · Cash").click()
    alex = page.locator(".payout-row", has_text="Alex")
    alex.get_by_text("The box holds CA$40.00; CA$108.00 is owed.").wait_for()
    expect(alex.get_by_role("link", name="Pay later: it stays owed")).to_be_visible()
    axe_check(page)
    page.screenshot(path=f"/tmp/pay-desk-shortfall-{size}.png", full_page=True)
    alex.get_by_role("button", name="by bank transfer").click()
    page.locator(".payout-row", has_text="Alex").get_by_text("Paid").first.wait_for()
    expect(page.locator("#box-balance")).to_have_text("CA$0.00")

    bea = page.locator(".payout-row", has_text="Bea")
    bea.get_by_role("button", name="Pay half now (CA$15.00); the rest after").click()
    bea = page.locator(".payout-row", has_text="Bea")
    bea.get_by_text("CA$15.00 paid so far; CA$15.00 still owed.").wait_for()
    axe_check(page)
    page.screenshot(path=f"/tmp/pay-desk-half-{size}.png", full_page=True)

    alex_payout = Payout.objects.get(peer=peers["Alex"])
    assert alex_payout.status == PayoutStatus.PAID
    assert list(LedgerEntry.objects.filter(payout=alex_payout).values_list("method", "amount")) == [
        ("cash", Decimal("40.00")),
        ("transfer", Decimal("68.00")),
    ]
    assert Payout.objects.get(peer=peers["Bea"]).status == PayoutStatus.PART_PAID
    assert selectors.cash_box_balance(box) == Decimal("0.00")
