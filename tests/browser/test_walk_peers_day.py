"""A peer's day on a 390 px screen at the drop-in's kiosk, walked by clicking only what the screen says:
name then PIN, open shifts (pay and whether it fits the benefit limit), ask for one, come back when
check-in opens and check in, tally what was handed out, check out, and see My pay with the limit
sentence in the limit's own period.

The kiosk is already paired (its cookie is set); its start page is the only typed address. The clock
moves with time-machine: the peer comes back when check-in opens, after the kiosk signed them out.
Every page is axe clean; the steps (taps and fields) are counted and kept within the budget.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.signing import get_cookie_signer
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.accounts.services import kiosk_cookie_salt, peer_credential_set_pin
from peerwork.pathway.services import peer_position_start
from peerwork.pay import services as pay
from peerwork.services.models import ServiceEntry, SupplyItem
from peerwork.services.services import catalogue_ensure
from peerwork.services.stock import stock_receive
from peerwork.shifts.models import Assignment, AssignmentStatus, SignUp
from tests.foundation.factories import PIN, make_kiosk
from tests.pay.factories import EarningsRuleFactory, PayRateFactory
from tests.shifts.factories import RoleFactory, ShiftFactory

from .walk import PHONE, Walk

STEP_BUDGET = 22


def _day(org):  # type: ignore[no-untyped-def]
    """Robin: on ODSP with CA$400 earned this month, a place today that starts in 90 minutes, and an
    open shift later in the week that pays CA$100."""
    organisation = org.org
    user = org.peer_user
    user.display_name = "Robin Day"
    user.save(update_fields=["display_name"])
    peer_credential_set_pin(user=user, pin=PIN)
    peer_position_start(peer=org.peer)
    odsp = EarningsRuleFactory(organisation=organisation, name="ODSP", short_name="ODSP", warning_percent=80)
    pay.peer_rule_assign(peer=org.peer, rule=odsp, starts_on=date(2026, 1, 1), actor=org.coordinator)
    earlier = pay.payout_create_manual(
        organisation=organisation,
        peer=org.peer,
        amount="400.00",
        reason="Outreach earlier this month",
        earned_on=organisation.today(),
        site=org.site,
        actor=org.coordinator,
    )
    pay.payout_pay(payout=earlier, method="transfer", actor=org.coordinator)
    role = RoleFactory(organisation=organisation, name="Supply distribution", duties=["Hand out supplies"])
    PayRateFactory(role=role, amount=Decimal("25.00"))
    later = ShiftFactory(organisation=organisation, site=org.site, role=role)
    now = timezone.now().replace(second=0, microsecond=0)
    today = ShiftFactory(
        organisation=organisation,
        site=org.site,
        role=role,
        status="published",
        starts_at=now + timedelta(minutes=90),
        ends_at=now + timedelta(minutes=90 + 240),
    )
    Assignment.objects.create(organisation=organisation, shift=today, peer=org.peer)
    catalogue_ensure(organisation=organisation)
    syringes = SupplyItem.objects.get(organisation=organisation, name="Syringes")
    stock_receive(organisation=organisation, site=org.site, item=syringes, quantity=20, user=None)
    return later, today


def _sign_in(walk, page) -> None:  # type: ignore[no-untyped-def]
    walk.click(page.get_by_role("link", name="Robin Day"))
    walk.arrived("pin")
    walk.fill(page.get_by_label("Your PIN"), PIN)
    walk.click(page.get_by_role("button", name="Sign in"))


@pytest.mark.django_db(transaction=True)
def test_a_peers_day_at_the_kiosk_by_tapping_only(live_server, page, axe_check, org_a):
    later, today = _day(org_a)
    _device, raw = make_kiosk(org_a, name="Front desk")
    signer = get_cookie_signer(salt=settings.PEERWORK_KIOSK_COOKIE + kiosk_cookie_salt())
    page.context.add_cookies(
        [{"name": settings.PEERWORK_KIOSK_COOKIE, "value": signer.sign(raw), "url": live_server.url}]
    )
    walk = Walk(page, axe_check, "peer-day", size=dict(PHONE))

    # The kiosk: tap your name, type your PIN. The only typed address.
    page.goto(live_server.url + reverse("accounts:kiosk"))
    walk.arrived("kiosk")
    _sign_in(walk, page)
    walk.arrived("my-work")

    # Open shifts: what it pays and whether it fits the limit, then ask for it.
    walk.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Open shifts"))
    expect(page.get_by_text("CA$100.00").first).to_be_visible()
    expect(page.get_by_text("Fits your ODSP limit this month.").first).to_be_visible()
    walk.arrived("open-shifts")
    walk.click(page.get_by_role("button", name="Ask for this shift").first)
    expect(page.get_by_text("You asked for this shift.")).to_be_visible()
    assert SignUp.objects.filter(shift=later, peer=org_a.peer).exists()
    walk.arrived("asked")

    # Today's place: check-in is not open yet, and the card says when it opens.
    walk.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="My shifts"))
    expect(page.get_by_text("Check-in opens")).to_be_visible()
    expect(page.get_by_role("button", name="Check in")).to_have_count(0)
    walk.arrived("my-shifts-before")

    # Fifty minutes later the peer is back; the shared kiosk has signed them out meanwhile.
    with time_machine.travel(timezone.now() + timedelta(minutes=50), tick=True):
        walk.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="My shifts"))
        walk.arrived("kiosk-again")
        _sign_in(walk, page)
        walk.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="My shifts"))
        walk.click(page.get_by_role("button", name="Check in"))
        expect(page.get_by_text("You are checked in. Have a good shift.")).to_be_visible()
        assert Assignment.objects.get(shift=today).status == AssignmentStatus.CHECKED_IN
        walk.arrived("checked-in")

        # Tally what was handed out during the shift.
        # The card of the shift they are on links straight to its tally.
        walk.click(page.get_by_role("main").get_by_role("link", name="Log services"))
        page.locator("#services-entry[data-ready='true']").wait_for()
        walk.arrived("tally")
        walk.click(page.get_by_role("button", name="One more: Syringes"))
        walk.click(page.get_by_role("button", name="One more: Syringes"))
        walk.click(page.get_by_role("button", name="Save (2)"))
        saved = ServiceEntry.objects.filter(shift=today, quantity=2)
        for _ in range(150):
            if saved.exists():
                break
            page.wait_for_timeout(100)
        assert saved.exists()
        page.locator("[data-empty]").wait_for()
        walk.arrived("tallied")

        # Check out, saying what was done.
        walk.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="My shifts"))
        walk.click(page.get_by_role("link", name="Check out"))
        walk.arrived("check-out")
        walk.check(page.get_by_label("Hand out supplies"))
        walk.click(page.get_by_role("button", name="Check out"))
        expect(page.get_by_text("Checked out. Thank you for your work today.")).to_be_visible()
        assert Assignment.objects.get(shift=today).status == AssignmentStatus.COMPLETED
        walk.arrived("checked-out")

        # My pay: the limit in its own period, and today's pay owed.
        walk.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="My pay"))
        expect(page.get_by_text("ODSP: you can earn")).to_be_visible()
        expect(page.get_by_text("more this month")).to_be_visible()
        assert "for the week" not in page.content()
        walk.arrived("my-pay")

    print(f"peer's day: {walk.steps} steps over {len(walk.pages)} pages")
    assert walk.steps <= STEP_BUDGET, f"{walk.steps} steps: more than the budget of {STEP_BUDGET}"
