"""A coordinator pays a morning's peers in cash from a cash box and closes it (phone and desktop)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.pay import services
from peerwork.pay.models import CashBox, Payout, PayoutStatus
from tests.factories import PeerWorkerFactory
from tests.pay.factories import PayRateFactory, RoleFactory, ShiftFactory, WorkedAssignmentFactory

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_coordinator_pays_the_morning_in_cash_and_closes_the_box(
    live_server, page, axe_check, sign_in_browser, org_a, size
):
    page.set_viewport_size(SIZES[size])
    role = RoleFactory(organisation=org_a.org, name="Needle recovery")
    PayRateFactory(role=role, amount=Decimal("25.00"))
    start = timezone.now().replace(hour=13, minute=0, second=0, microsecond=0) - timedelta(days=1)
    names = ["Alex", "Bea", "Carlos"]
    for name in names:
        peer = PeerWorkerFactory(organisation=org_a.org, preferred_name=name)
        shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role, starts_at=start)
        services.payout_create_for_assignment(assignment=WorkedAssignmentFactory(shift=shift, peer=peer))

    sign_in_browser(page, org_a.coordinator)
    page.goto(f"{live_server.url}/pay/cash-boxes/open?site={org_a.site.pk}")
    page.get_by_label("Float counted into the box").fill("400.00")
    page.get_by_label("20 ×").fill("20")
    axe_check(page)
    page.get_by_role("button", name="Open the cash box").click()
    page.wait_for_url("**/pay/?site=*")
    expect(page.locator("#box-balance")).to_have_text("CA$400.00")
    axe_check(page)

    for name in names:
        row = page.locator(".payout-row", has_text=name)
        row.get_by_role("button", name="Pay CA$100.00 · Cash").click()
        row.get_by_text("Paid").first.wait_for()
    expect(page.locator("#box-balance")).to_have_text("CA$100.00")
    expect(page.locator("#paid-today tbody tr")).to_have_count(3)
    page.screenshot(path=f"/tmp/pay-browser-desk-{size}.png", full_page=True)
    assert Payout.objects.filter(status=PayoutStatus.PAID).count() == 3

    page.get_by_role("link", name="Count and close the cash box").click()
    page.get_by_label("Cash counted now").fill("95.00")
    page.get_by_role("button", name="Close the cash box").click()
    expect(page.get_by_text("explain why")).to_be_visible()
    expect(page.get_by_label("Cash counted now")).to_have_value("95.00")
    page.get_by_label("If the count is different, why?").fill("A $5 note went out as change twice")
    page.get_by_role("button", name="Close the cash box").click()
    page.get_by_text("Cash box closed.").wait_for()
    axe_check(page)
    page.screenshot(path=f"/tmp/pay-browser-closed-{size}.png", full_page=True)
    box = CashBox.objects.get()
    assert box.variance == Decimal("-5.00") and not box.is_open
