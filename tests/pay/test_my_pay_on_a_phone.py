"""My pay names the limit with its period ("ODSP: you can earn CA$120.00 more this month") and lists
payments one line each (date, what for, amount, status), readable on a phone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse

from peerwork.pay import services

from .factories import EarningsRuleFactory

NOW = datetime(2030, 3, 20, 17, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_my_pay_names_the_limit_and_lists_payments(org_a, client_for):
    odsp = EarningsRuleFactory(organisation=org_a.org, short_name="ODSP", exempt_amount="1000.00")
    services.peer_rule_assign(peer=org_a.peer, rule=odsp, starts_on=date(2020, 1, 1), actor=org_a.admin)
    services.payout_create_manual(
        organisation=org_a.org,
        peer=org_a.peer,
        amount="880.00",
        reason="outreach",
        earned_on=date(2030, 3, 2),
    )
    page = client_for(org_a.peer_user).get(reverse("pay:my_pay")).content.decode()
    assert "ODSP: you can earn CA$120.00 more this month." in page
    assert '<ul class="pay-list">' in page and "<table" not in page
    assert "March 2, 2030" in page and "outreach" in page and "$880.00" in page


def test_another_organisations_peer_does_not_see_this_pay(org_a, org_b, client_for):
    services.payout_create_manual(
        organisation=org_a.org, peer=org_a.peer, amount="77.00", reason="outreach", earned_on=date(2030, 3, 2)
    )
    page = client_for(org_b.peer_user).get(reverse("pay:my_pay")).content.decode()
    assert "$77.00" not in page
