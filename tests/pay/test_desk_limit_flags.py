"""The payout desk flags peers near or over their benefit limit, in the limit's own period, and can
show only them: the People list's flag (one question, one place), in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.pay import services as pay
from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_create
from tests.pay.factories import EarningsRuleFactory

pytestmark = pytest.mark.usefixtures("fixed_day")


@pytest.fixture
def fixed_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 20, 17, 0, tzinfo=UTC), tick=False):
        yield


def _owed(org, name, amount, rule, site=None, earned_on=date(2026, 11, 3)):  # type: ignore[no-untyped-def]
    """A peer on ``rule`` who is owed ``amount`` (earned this month) on ``site``'s desk."""
    peer = peer_create(organisation=org.org, preferred_name=name)
    peer.sites.add(site or org.site)
    if rule is not None:
        pay.peer_rule_assign(peer=peer, rule=rule, starts_on=date(2026, 1, 1), actor=org.coordinator)
    pay.payout_create_manual(
        organisation=org.org,
        peer=peer,
        amount=amount,
        reason="outreach",
        earned_on=earned_on,
        site=site or org.site,
        actor=org.coordinator,
    )
    return peer


def _desk(client, org, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("pay:desk"), {"site": org.site.pk, **query}).content.decode()


@pytest.fixture
def desk_people(org_a):  # type: ignore[no-untyped-def]
    monthly = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario", warning_percent=80)
    fortnightly = EarningsRuleFactory(
        organisation=org_a.org, name="DSP", period="fortnight", exempt_amount="212.00", warning_percent=80
    )
    _owed(org_a, "Near Nia", "850.00", monthly)
    _owed(org_a, "Over Oli", "250.00", fortnightly, earned_on=date(2026, 11, 19))
    _owed(org_a, "Fine Fay", "100.00", monthly)
    _owed(org_a, "Free Flo", "900.00", None)
    return monthly


def test_the_desk_flags_who_is_near_or_over_in_the_limits_own_period(org_a, client_for, desk_people):
    page = _desk(client_for(org_a.coordinator), org_a)
    assert page.count("limit-flag") == 2
    assert "Near the ODSP Ontario limit this month" in page
    assert "Over the DSP limit this fortnight" in page
    assert "for the week" not in page
    # A peer far below the limit and a peer with no rule are owed, but not flagged.
    fay = page[page.index("Fine Fay") : page.index("Fine Fay") + 300]
    assert "Fine Fay" in page and "limit-flag" not in fay


def test_the_filter_narrows_the_desk_to_peers_near_or_over(org_a, client_for, desk_people):
    page = _desk(client_for(org_a.coordinator), org_a, near_limit="on")
    assert "Near Nia" in page and "Over Oli" in page
    assert "Fine Fay" not in page and "Free Flo" not in page
    assert "2 payouts owed to peers near or over their limit." in page
    assert 'name="near_limit" value="on" checked' in page


def test_the_filter_says_so_when_nobody_near_a_limit_is_owed(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario")
    _owed(org_a, "Fine Fay", "100.00", rule)
    page = _desk(client_for(org_a.coordinator), org_a, near_limit="on")
    assert "Nobody near or over a limit is owed anything here right now." in page
    assert "Fine Fay" not in page


def test_the_flags_cost_the_same_queries_for_2_and_8_flagged_peers(org_a, client_for, desk_people):
    client = client_for(org_a.coordinator)
    _desk(client, org_a)
    with CaptureQueriesContext(connection) as few:
        _desk(client, org_a)
    for index in range(6):
        _owed(org_a, f"Also near {index}", "900.00", desk_people)
    with CaptureQueriesContext(connection) as many:
        page = _desk(client, org_a)
    assert page.count("limit-flag") == 8
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_site_limited_coordinator_sees_only_their_sites_flagged_peers(org_a, client_for, desk_people):
    _owed(org_a, "Harbour Hal", "950.00", desk_people, site=org_a.other_site)
    for membership in Membership.objects.filter(user=org_a.coordinator, organisation=org_a.org):
        membership.sites.set([org_a.other_site])
    client = client_for(org_a.coordinator)
    page = client.get(reverse("pay:desk"), {"near_limit": "on"}).content.decode()
    assert "Harbour Hal" in page
    assert "Near Nia" not in page and "Over Oli" not in page
    # The other site's desk is not theirs to open.
    assert client.get(reverse("pay:desk"), {"site": org_a.site.pk, "near_limit": "on"}).status_code == 404


def test_another_organisation_sees_none_of_the_flagged_peers(org_a, org_b, client_for, desk_people):
    client = client_for(org_b.coordinator)
    page = client.get(reverse("pay:desk"), {"near_limit": "on"}).content.decode()
    assert "Near Nia" not in page and "limit-flag" not in page
    assert client.get(reverse("pay:desk"), {"site": org_a.site.pk, "near_limit": "on"}).status_code == 404


def test_the_desk_opens_on_the_site_where_someone_is_owed(org_a, client_for):
    # "Harbour" comes before "Main street", but only the other site's desk owes anything here.
    rule = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario")
    _owed(org_a, "Owed Olu", "100.00", rule, site=org_a.site)
    page = client_for(org_a.coordinator).get(reverse("pay:desk")).content.decode()
    assert "Owed Olu" in page
    assert f'<option value="{org_a.site.pk}" selected>' in page


def test_the_api_lists_only_the_payouts_of_peers_near_or_over(org_a, org_b, client_for, desk_people):
    url = "/api/v1/pay/payouts"
    body = client_for(org_a.coordinator).get(url, {"status": "pending", "near_limit": "true"}).json()
    assert sorted(item["peer_id"] for item in body["items"]) == sorted(
        p.pk for p in PeerWorker.objects.filter(preferred_name__in=["Near Nia", "Over Oli"])
    )
    everyone = client_for(org_a.coordinator).get(url, {"status": "pending"}).json()
    assert everyone["count"] == 4
    # Another organisation's coordinator gets none of A's payouts.
    other = client_for(org_b.coordinator).get(url, {"near_limit": "true"}).json()
    assert other["items"] == []
