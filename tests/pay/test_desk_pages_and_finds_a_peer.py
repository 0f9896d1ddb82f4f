"""A busy desk shows the 50 longest-waiting payouts a page, finds the peer in front of it by name, and
costs the same few queries however much is owed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.pay import services as pay
from peerwork.peers.services import peer_create
from tests.pay.factories import EarningsRuleFactory

pytestmark = pytest.mark.usefixtures("fixed_day")


@pytest.fixture
def fixed_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 20, 17, 0, tzinfo=UTC), tick=False):
        yield


def _owe(org, name, days_ago=1, amount="40.00", rule=None, timing="after"):  # type: ignore[no-untyped-def]
    peer = peer_create(organisation=org.org, preferred_name=name, sites=[org.site])
    if rule is not None:
        pay.peer_rule_assign(peer=peer, rule=rule, starts_on=date(2026, 1, 1), actor=org.coordinator)
    return pay.payout_create_manual(
        organisation=org.org,
        peer=peer,
        amount=amount,
        reason="outreach",
        earned_on=date(2026, 11, 20) - timedelta(days=days_ago),
        timing=timing,
        site=org.site,
        actor=org.coordinator,
    )


def _desk(client, org, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("pay:desk"), {"site": org.site.pk, **query}).content.decode()


def test_the_longest_waiting_come_first_fifty_to_a_page(org_a, client_for):
    for index in range(55):
        _owe(org_a, f"Peer {index:03d}", days_ago=60 - index)  # Peer 000 has waited longest
    client = client_for(org_a.coordinator)

    first = _desk(client, org_a)
    assert "55 payouts owed here, the longest-waiting first." in first
    assert first.index("Peer 000") < first.index("Peer 001") < first.index("Peer 049")
    assert "Peer 050" not in first
    assert "Page 1 of 2" in first
    assert f'href="?site={org_a.site.pk}&amp;page=2">Next</a>' in first

    second = _desk(client, org_a, page=2)
    assert "Peer 050" in second and "Peer 054" in second and "Peer 049" not in second
    assert "Page 2 of 2" in second and ">Previous</a>" in second


def test_the_peer_in_front_of_the_desk_is_found_by_name(org_a, org_b, client_for):
    for index in range(55):
        _owe(org_a, f"Peer {index:03d}", days_ago=60 - index)
    bea = _owe(org_a, "Bea Long", days_ago=0, amount="30.00", timing="half")
    _owe(org_b, "Bea Other")
    client = client_for(org_a.coordinator)

    page = _desk(client, org_a, q="bea")
    assert "1 payout owed here." in page
    assert "Bea Long" in page and "Peer 000" not in page and "Bea Other" not in page
    assert 'name="q" value="bea"' in page
    # Found, the peer is paid from the same row: one tap, or half now.
    assert f'hx-post="/pay/payouts/{bea.pk}/pay"' in page
    assert "Pay CA$30.00 · Cash" in page and "Pay half now (CA$15.00); the rest after" in page

    nobody = _desk(client, org_a, q="Zed")
    assert "Nobody called “Zed” is owed anything here right now." in nobody
    assert "payout-row" not in nobody


def test_near_or_over_a_limit_counts_every_page(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario", warning_percent=80)
    for index in range(52):
        _owe(org_a, f"Near {index:03d}", days_ago=10, amount="900.00", rule=rule)
    _owe(org_a, "Fine Fay", amount="10.00", rule=rule)
    page = _desk(client_for(org_a.coordinator), org_a, near_limit="on")
    assert "52 payouts owed to peers near or over their limit." in page
    assert page.count("limit-flag") == 50 and "Fine Fay" not in page
    assert "near_limit=on" in page[page.index("Page 1 of 2") :]


def test_the_desk_takes_a_fixed_number_of_queries(org_a, client_for):
    pay.cash_box_open(
        organisation=org_a.org, site=org_a.site, opening_float=Decimal("100.00"), actor=org_a.coordinator
    )
    rule = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario", warning_percent=80)
    for index in range(60):
        _owe(org_a, f"Peer {index:03d}", amount="900.00" if index % 2 else "20.00", rule=rule)
    client = client_for(org_a.coordinator)
    _desk(client, org_a)
    with CaptureQueriesContext(connection) as queries:
        page = _desk(client, org_a)
    assert page.count("limit-flag") == 25  # the odd ones, of the first page's 50
    # Signing in (5), the sites, the box and its balance, a count and a page of what is owed, the
    # limits (4), what was paid today and the salaried contracts.
    assert len(queries.captured_queries) <= 16


def test_the_missing_work_card_follows_the_page(org_a, client_for):
    client = client_for(org_a.coordinator)
    page = _desk(client, org_a)
    url = reverse("pay:payouts_missing")
    assert f'<div id="desk-missing" hx-get="{url}" hx-trigger="load" hx-swap="outerHTML"></div>' in page
    # Without JavaScript, the desk can still add whatever is missing.
    assert "<noscript>" in page and reverse("pay:payouts_collect") in page
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    assert client_for(org_a.peer_user).get(url).status_code in (302, 403, 404)
