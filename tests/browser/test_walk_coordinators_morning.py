"""The coordinator's morning, walked as a new coordinator would: sign in with the second step, run and
publish next week's allocation, check a peer in, open the cash box, find the dashboard's alert, find the
peers near their benefit limit, see the debrief status after an overdose response and tally a service.

Only the first page is typed as an address; everything after is reached by clicking what the screen
says (roles, labels, visible text). Every page is axe clean. The steps (clicks and fields) are counted
and must stay within the budget: a new step on the way is friction someone has to justify.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from peerwork.insights.services import rollups_refresh
from peerwork.pay import services as pay
from peerwork.pay.models import CashBox
from peerwork.services.models import ServiceEntry, SupplyItem
from peerwork.services.services import catalogue_ensure
from peerwork.services.stock import stock_receive
from peerwork.shifts.models import AllocationRun, Assignment, AssignmentStatus, SignUp
from peerwork.shifts.selectors import monday_of
from peerwork.support.models import DebriefOffer
from peerwork.support.services import debrief_offers_create
from tests.clock import today_near_now
from tests.factories import PeerWorkerFactory
from tests.pay.factories import EarningsRuleFactory, PayRateFactory, WorkedAssignmentFactory
from tests.personas import PASSWORD
from tests.planner.factories import eight_months
from tests.shifts.factories import RoleFactory, ShiftFactory
from tests.support.factories import overdose_response

from .walk import Walk

STEP_BUDGET = 32


def _morning(org):  # type: ignore[no-untyped-def]
    """A drop-in's Friday: next week's shifts asked for, a place today, pay owed, an overdose response."""
    organisation = org.org
    now = timezone.now().replace(second=0, microsecond=0)
    role = RoleFactory(organisation=organisation, name="Needle recovery", duties=["Recover sharps"])
    PayRateFactory(role=role, amount=Decimal("25.00"))
    names = ["Alex", "Bea", "Carlos", "Dana", "Eli"]
    peers = {name: PeerWorkerFactory(organisation=organisation, preferred_name=name) for name in names}
    for peer in peers.values():
        peer.sites.add(org.site)
    # Bea is on ODSP and has earned most of this month's exempt amount: she is near her limit.
    odsp = EarningsRuleFactory(organisation=organisation, name="ODSP", warning_percent=80)
    pay.peer_rule_assign(peer=peers["Bea"], rule=odsp, starts_on=organisation.today(), actor=org.coordinator)
    pay.payout_create_manual(
        organisation=organisation,
        peer=peers["Bea"],
        amount="850.00",
        reason="Outreach this month",
        earned_on=organisation.today(),
        site=org.site,
        actor=org.coordinator,
    )
    # Carlos worked yesterday and is owed for it.
    yesterday = ShiftFactory(
        organisation=organisation, site=org.site, role=role, starts_at=now - timedelta(days=1, hours=2)
    )
    worked = WorkedAssignmentFactory(shift=yesterday, peer=peers["Carlos"])
    pay.payout_create_for_assignment(assignment=worked)
    # Today: Alex has a place on a shift that starts in half an hour (check-in is open); after 23:30
    # it started half an hour ago instead, so that it is still today's.
    starts = today_near_now(organisation)
    today = ShiftFactory(
        organisation=organisation,
        site=org.site,
        role=role,
        status="published",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
    )
    Assignment.objects.create(organisation=organisation, shift=today, peer=peers["Alex"])
    # Next week: two open shifts, more asks than places.
    monday = monday_of(organisation.today()) + timedelta(days=7)
    for day, askers in ((1, ["Bea", "Dana", "Eli"]), (3, ["Bea", "Carlos"])):
        start = timezone.make_aware(
            timezone.datetime.combine(monday + timedelta(days=day), timezone.datetime.min.time()),
            organisation.zone,
        ) + timedelta(hours=10)
        shift = ShiftFactory(organisation=organisation, site=org.site, role=role, starts_at=start, slots=1)
        for name in askers:
            SignUp.objects.create(organisation=organisation, shift=shift, peer=peers[name])
    # An overdose response three days ago: Dana's debrief is overdue, Eli's was held.
    response = overdose_response(organisation, [peers["Dana"], peers["Eli"]], hours_ago=80, site=org.site)
    debrief_offers_create(response=response)
    DebriefOffer.objects.filter(response=response).update(supervisor=org.supervisor)
    DebriefOffer.objects.filter(response=response, peer=peers["Eli"]).update(
        status="held_group", outcome_on=organisation.today()
    )
    catalogue_ensure(organisation=organisation)
    syringes = SupplyItem.objects.get(organisation=organisation, name="Syringes")
    stock_receive(organisation=organisation, site=org.site, item=syringes, quantity=50, user=None)
    return peers, today


@pytest.mark.django_db(transaction=True)
def test_the_coordinators_morning_by_clicking_only(live_server, page, axe_check, org_a):
    # Eight months of a programme behind the morning, so the dashboard has figures and an alert.
    eight_months(org_a)
    _peers, today = _morning(org_a)
    now = org_a.org.today()
    rollups_refresh(organisation=org_a.org, first_day=now - timedelta(days=120), last_day=now)
    device = TOTPDevice.objects.create(user=org_a.coordinator, name="phone", confirmed=True)
    walk = Walk(page, axe_check, "morning")

    # Sign in: password, then the authenticator's code. The only typed address.
    page.goto(live_server.url + reverse("accounts:sign_in"))
    walk.arrived("sign-in")
    walk.fill(page.get_by_label("Username"), org_a.coordinator.username)
    walk.fill(page.get_by_label("Password"), PASSWORD)
    walk.click(page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    walk.arrived("second-step")
    walk.fill(page.get_by_label("Code"), f"{totp(device.bin_key):06d}")
    walk.click(page.get_by_role("button", name="Continue"))
    walk.arrived("landing")

    # Run next week's allocation: the form already offers the week open for sign-up.
    main = page.get_by_role("navigation", name="Main")
    walk.click(main.get_by_role("link", name="Shifts"))
    walk.arrived("shifts-week")
    walk.click(page.get_by_role("navigation", name="Shifts").get_by_role("link", name="Allocation"))
    walk.arrived("allocation-form")
    walk.click(page.get_by_role("button", name="Run the allocation"))
    expect(page.get_by_text("Allocation done. Review it, then publish.")).to_be_visible()
    walk.arrived("review")
    # Who among the askers is near a limit: the filter on the review.
    walk.check(page.get_by_label("Near or over a limit"))
    walk.click(page.get_by_role("button", name="Show"))
    expect(page.get_by_text("Near the ODSP limit this month").first).to_be_visible()
    walk.arrived("review-near-limit")
    walk.click(page.get_by_role("link", name="Publish: tell peers"))
    expect(page.get_by_text("peers will be told")).to_be_visible()
    walk.arrived("publish-confirm")
    walk.click(page.get_by_role("button", name="Yes, publish and tell peers"))
    expect(page.get_by_text("Published. Peers can see")).to_be_visible()
    assert AllocationRun.objects.get().status == "published"
    walk.arrived("published")

    # The check-in desk: Alex arrives for today's shift.
    walk.click(page.get_by_role("navigation", name="Shifts").get_by_role("link", name="Check-in desk"))
    walk.arrived("check-in-desk")
    walk.click(page.get_by_role("row", name="Alex").get_by_role("button", name="Check in"))
    expect(page.get_by_role("row", name="Alex").get_by_role("link", name="Check out")).to_be_visible()
    assert Assignment.objects.get(shift=today).status == AssignmentStatus.CHECKED_IN
    walk.arrived("checked-in")

    # Pay: open the cash box, then find who is near their limit before paying them.
    walk.click(main.get_by_role("link", name="Pay"))
    walk.arrived("payouts")
    walk.click(page.get_by_role("link", name="Open a cash box"))
    walk.arrived("cash-box-open")
    walk.fill(page.get_by_label("Float counted into the box"), "300.00")
    walk.fill(page.get_by_label("20 ×"), "15")
    walk.click(page.get_by_role("button", name="Open the cash box"))
    expect(page.locator("#box-balance")).to_have_text("CA$300.00")
    assert CashBox.objects.filter(closed_at__isnull=True).count() == 1
    walk.arrived("payouts-box-open")
    carlos = page.get_by_role("listitem").filter(has_text="Carlos")
    walk.click(carlos.get_by_role("button", name=re.compile(r"^Pay CA\$100\.00")))
    expect(carlos.get_by_text("Paid", exact=True)).to_be_visible()
    expect(page.locator("#box-balance")).to_have_text("CA$200.00")
    walk.check(page.get_by_label("Near or over a limit"))
    walk.click(page.get_by_role("button", name="Show"))
    expect(page.get_by_text("1 payout owed to a peer near or over their limit.")).to_be_visible()
    expect(page.get_by_text("Near the ODSP limit this month")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Carlos")).to_have_count(0)
    walk.arrived("payouts-near-limit")

    # The dashboard's warning: a stage of the ladder is starved of next-stage work.
    walk.click(main.get_by_role("link", name="Insights"))
    walk.arrived("insights")
    expect(page.get_by_role("heading", name="Alerts")).to_be_visible()
    expect(page.get_by_text("Not met while these stages are starved of work: Lead peer.")).to_be_visible()

    # The overdose response: who was debriefed, who is overdue, who follows up.
    walk.click(main.get_by_role("link", name="Services"))
    walk.arrived("services")
    walk.click(page.get_by_role("navigation", name="Services").get_by_role("link", name="Overdose responses"))
    expect(page.get_by_text("Debrief overdue")).to_be_visible()
    expect(page.get_by_text("Debrief held")).to_be_visible()
    walk.arrived("overdoses")

    # A tally on today's shift.
    walk.click(page.get_by_role("navigation", name="Services").get_by_role("link", name="Log services"))
    walk.arrived("log-services")
    starts = timezone.localtime(today.starts_at, org_a.org.zone)
    walk.click(page.get_by_role("link", name=f"Open Needle recovery {starts:%H:%M}"))
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
    walk.arrived("tally-saved")

    print(f"coordinator's morning: {walk.steps} steps over {len(walk.pages)} pages")
    assert walk.steps <= STEP_BUDGET, f"{walk.steps} steps: more than the budget of {STEP_BUDGET}"
