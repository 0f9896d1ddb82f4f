"""The allocation review flags requests of peers near or over their benefit limit (the People list's
flag, in the limit's own period) and can show only them, in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.pay import services as pay
from peerwork.peers.services import peer_create
from peerwork.shifts import services
from tests.pay.factories import EarningsRuleFactory

from .factories import ShiftFactory, SignUpFactory

NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)  # a Friday
NEXT_MONDAY = date(2026, 11, 23)

pytestmark = pytest.mark.usefixtures("fixed_day")


@pytest.fixture
def fixed_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _asking(org, name, shift, rule=None, earned="0"):  # type: ignore[no-untyped-def]
    """A peer on ``rule`` who earned ``earned`` this month and asks for ``shift``."""
    peer = peer_create(organisation=org.org, preferred_name=name)
    peer.sites.add(shift.site)
    if rule is not None:
        pay.peer_rule_assign(peer=peer, rule=rule, starts_on=date(2026, 1, 1), actor=org.coordinator)
    if earned != "0":
        pay.payout_create_manual(
            organisation=org.org,
            peer=peer,
            amount=earned,
            reason="outreach",
            earned_on=date(2026, 11, 3),
            actor=org.coordinator,
        )
    SignUpFactory(shift=shift, peer=peer)
    return peer


def _shift(org, site, day=0):  # type: ignore[no-untyped-def]
    starts = datetime(2026, 11, 24, 15, 0, tzinfo=UTC) + timedelta(days=day)
    return ShiftFactory(organisation=org.org, site=site, starts_at=starts, slots=4)


@pytest.fixture
def run(org_a):  # type: ignore[no-untyped-def]
    rule = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario", warning_percent=80)
    shift = _shift(org_a, org_a.site)
    _asking(org_a, "Near Nia", shift, rule, "850.00")
    _asking(org_a, "Fine Fay", shift, rule, "100.00")
    _asking(org_a, "Free Flo", _shift(org_a, org_a.site, 1))
    run = services.allocation_run(
        organisation=org_a.org, week_start=NEXT_MONDAY, by=org_a.coordinator, seed=3
    )
    run.rule = rule  # type: ignore[attr-defined]
    return run


def _review(client, run, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("shifts:run", args=[run.pk]), query)


def test_the_review_flags_a_peer_near_the_limit_and_not_one_far_below(org_a, client_for, run):
    page = _review(client_for(org_a.coordinator), run).content.decode()
    assert page.count("limit-flag") == 1
    assert "Near the ODSP Ontario limit this month" in page
    row = page[page.index("Fine Fay") : page.index("Fine Fay") + 200]
    assert "limit-flag" not in row
    assert "Free Flo" in page


def test_the_filter_shows_only_the_requests_of_peers_near_or_over(org_a, client_for, run):
    page = _review(client_for(org_a.coordinator), run, near_limit="on").content.decode()
    assert "Near Nia" in page
    assert "Fine Fay" not in page and "Free Flo" not in page
    # The shift Free Flo asked for has no one near a limit: it is left out of the filtered review.
    assert page.count('id="shift-h-') == 1
    assert 'name="near_limit" value="on" checked' in page


def test_the_filter_says_so_when_nobody_near_a_limit_asked(org_a, client_for):
    _asking(org_a, "Free Flo", _shift(org_a, org_a.site))
    run = services.allocation_run(
        organisation=org_a.org, week_start=NEXT_MONDAY, by=org_a.coordinator, seed=3
    )
    page = _review(client_for(org_a.coordinator), run, near_limit="on").content.decode()
    assert "Nobody near or over their earnings limit asked for a shift this week." in page
    assert "Free Flo" not in page


def test_the_flags_cost_the_same_queries_for_1_and_7_flagged_peers(org_a, client_for, run):
    client = client_for(org_a.coordinator)
    _review(client, run)
    with CaptureQueriesContext(connection) as few:
        _review(client, run)
    shift = run.shifts.first()
    for index in range(6):
        peer = _asking(org_a, f"Also near {index}", shift, run.rule, "900.00")
        signup = peer.signups.get()
        run.decisions.create(signup=signup, outcome="waitlisted", reason_code="waitlisted", reason_params={})
    with CaptureQueriesContext(connection) as many:
        page = _review(client, run).content.decode()
    assert page.count("limit-flag") == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_site_limited_coordinator_sees_only_their_sites_requests(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario", warning_percent=80)
    _asking(org_a, "Near Nia", _shift(org_a, org_a.site), rule, "850.00")
    _asking(org_a, "Harbour Hal", _shift(org_a, org_a.other_site), rule, "950.00")
    run = services.allocation_run(
        organisation=org_a.org, week_start=NEXT_MONDAY, by=org_a.coordinator, seed=3
    )
    for membership in Membership.objects.filter(user=org_a.coordinator, organisation=org_a.org):
        membership.sites.set([org_a.other_site])
    page = _review(client_for(org_a.coordinator), run, near_limit="on").content.decode()
    assert "Harbour Hal" in page
    assert "Near Nia" not in page


def test_another_organisation_gets_404_on_the_filtered_review(org_a, org_b, client_for, run):
    response = _review(client_for(org_b.coordinator), run, near_limit="on")
    assert response.status_code == 404
    assert "Near Nia" not in response.content.decode()
