"""People near or over a benefit earnings limit are flagged on the list, with a filter for them."""

from __future__ import annotations

from datetime import UTC, date, datetime

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


def _peer_earning(org, name, amount, rule):  # type: ignore[no-untyped-def]
    peer = peer_create(organisation=org.org, preferred_name=name)
    pay.peer_rule_assign(peer=peer, rule=rule, starts_on=date(2026, 1, 1), actor=org.coordinator)
    if amount:
        pay.payout_create_manual(
            organisation=org.org,
            peer=peer,
            amount=amount,
            reason="outreach",
            earned_on=date(2026, 11, 3),
            actor=org.coordinator,
        )
    return peer


def _people(org_a):  # type: ignore[no-untyped-def]
    rule = EarningsRuleFactory(organisation=org_a.org, name="ODSP Ontario", warning_percent=80)
    _peer_earning(org_a, "Near Nia", "850.00", rule)
    _peer_earning(org_a, "Over Oli", "1100.00", rule)
    _peer_earning(org_a, "Fine Fay", "100.00", rule)
    peer_create(organisation=org_a.org, preferred_name="Free Flo")
    return rule


def test_the_coordinator_sees_who_is_near_or_over_and_which_limit(org_a, client_for):
    _people(org_a)
    page = client_for(org_a.coordinator).get(reverse("peers:list")).content.decode()
    assert page.count("limit-flag") == 2
    assert "Near the ODSP Ontario limit" in page and "Over the ODSP Ontario limit" in page


def test_without_the_sensitive_fields_capability_the_benefit_is_not_named(org_a, client_for):
    _people(org_a)
    page = client_for(org_a.supervisor).get(reverse("peers:list")).content.decode()
    assert "Near earnings limit" in page and "Over earnings limit" in page
    assert "ODSP" not in page


def test_the_filter_shows_only_people_near_or_over_a_limit(org_a, client_for):
    _people(org_a)
    page = client_for(org_a.coordinator).get(reverse("peers:list"), {"near_limit": "on"}).content.decode()
    assert "Near Nia" in page and "Over Oli" in page
    assert "Fine Fay" not in page and "Free Flo" not in page
    assert "Near or over a limit" in page


def test_the_flags_cost_the_same_queries_for_2_and_8_flagged_people(org_a, client_for):
    rule = _people(org_a)
    client = client_for(org_a.coordinator)
    url = reverse("peers:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(6):
        _peer_earning(org_a, f"Also near {index}", "900.00", rule)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("limit-flag") == 8
    assert len(many.captured_queries) == len(few.captured_queries)


def test_another_organisation_sees_none_of_the_flagged_people(org_a, org_b, client_for):
    _people(org_a)
    page = client_for(org_b.coordinator).get(reverse("peers:list"), {"near_limit": "on"}).content.decode()
    assert "Near Nia" not in page and "limit-flag" not in page
