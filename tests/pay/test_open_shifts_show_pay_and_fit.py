"""Open shifts, as the peer reads them: the pay, whether it fits their benefit limit (the one rule
check's answer, in the rule's own period), when places are given out; ranking is folded away."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from peerwork.pay import services
from peerwork.shifts.models import Shift

from .factories import EarningsRuleFactory, PayRateFactory, RoleFactory

BEFORE = datetime(2030, 3, 1, tzinfo=UTC)


@pytest.fixture
def shift(org_a):
    role = RoleFactory(organisation=org_a.org)
    PayRateFactory(role=role, amount=Decimal("25.00"))  # a 4-hour shift pays $100
    starts = datetime(2030, 3, 12, 14, 0, tzinfo=UTC)
    return Shift.objects.create(
        organisation=org_a.org,
        site=org_a.site,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        signup_closes_at=datetime(2030, 3, 8, 17, 0, tzinfo=UTC),
    )


def _on_odsp(org, earned: str) -> None:
    odsp = EarningsRuleFactory(organisation=org.org, short_name="ODSP")
    services.peer_rule_assign(peer=org.peer, rule=odsp, starts_on=date(2020, 1, 1), actor=org.admin)
    if earned:
        services.payout_create_manual(
            organisation=org.org, peer=org.peer, amount=earned, reason="outreach", earned_on=date(2030, 3, 2)
        )


@time_machine.travel(BEFORE, tick=False)
def test_an_open_shift_shows_its_pay_that_it_fits_and_when_places_are_given_out(org_a, shift, client_for):
    _on_odsp(org_a, "")
    page = client_for(org_a.peer_user).get(reverse("shifts:open")).content.decode()
    assert "Pays CA$100.00" in page
    assert "Fits your ODSP limit this month." in page
    assert "Places are given out after sign-up closes" in page
    assert "<summary>Rank your choices (optional)</summary>" in page


@time_machine.travel(BEFORE, tick=False)
def test_a_shift_past_the_limit_says_so_in_the_rules_words(org_a, shift, client_for):
    _on_odsp(org_a, "950.00")
    page = client_for(org_a.peer_user).get(reverse("shifts:open")).content.decode()
    assert "would take your earnings past your ODSP limit this month" in page
    assert "Fits your" not in page


@time_machine.travel(BEFORE, tick=False)
def test_another_organisations_peer_does_not_see_this_shift(org_a, org_b, shift, client_for):
    page = client_for(org_b.peer_user).get(reverse("shifts:open")).content.decode()
    assert "CA$100.00" not in page and shift.role.name not in page
