"""The pay desk never pays a peer past their benefit limit silently: it warns with the figures in the
rule's own period and currency, and offers to pay the part that fits now or record the peer's choice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from peerwork.pay import services
from peerwork.pay.models import LedgerEntry, OverLimitChoice, Payout, PayoutStatus

from ..factories import PeerWorkerFactory
from .factories import EarningsRuleFactory

TODAY = "2030-03-20 15:00:00+00:00"


@pytest.fixture
def bea(org_a):
    """On ODSP ($1,000 a month): $900 paid this month, and $250 owed for travel."""
    peer = PeerWorkerFactory(organisation=org_a.org, preferred_name="Bea", payment_preference="transfer")
    odsp = EarningsRuleFactory(organisation=org_a.org, short_name="ODSP", currency="CAD")
    services.peer_rule_assign(peer=peer, rule=odsp, starts_on=date(2020, 1, 1), actor=org_a.admin)
    paid = services.payout_create_manual(
        organisation=org_a.org, peer=peer, amount="900.00", reason="outreach", earned_on=date(2030, 3, 4)
    )
    services.payout_pay(payout=paid, method="transfer", actor=org_a.coordinator, paid_on=date(2030, 3, 5))
    return peer


@pytest.fixture
def owed(org_a, bea):
    return services.payout_create_manual(
        organisation=org_a.org,
        peer=bea,
        amount="250.00",
        reason="travel",
        earned_on=date(2030, 3, 19),
        site=org_a.site,
    )


@time_machine.travel(TODAY, tick=False)
def test_the_desk_refuses_a_payout_that_silently_passes_the_limit(org_a, owed):
    with pytest.raises(services.OverLimit, match="past their ODSP limit this month") as refused:
        services.payout_pay(payout=owed, method="transfer", actor=org_a.coordinator)
    assert (refused.value.check.earned, refused.value.check.fits) == (Decimal("900.00"), Decimal("100.00"))
    owed.refresh_from_db()
    assert owed.status == PayoutStatus.PENDING
    assert not LedgerEntry.objects.filter(payout=owed).exists()


@time_machine.travel(TODAY, tick=False)
def test_the_desk_shows_the_figures_and_the_choices(org_a, org_b, owed, client_for):
    assert (
        client_for(org_b.coordinator).post(f"/pay/payouts/{owed.pk}/pay", {"method": "transfer"}).status_code
        == 404
    )
    page = client_for(org_a.coordinator).post(
        f"/pay/payouts/{owed.pk}/pay", {"method": "transfer"}, HTTP_HX_REQUEST="true"
    )
    text = page.content.decode()
    assert "ODSP limit this month: CA$1,000.00" in text
    assert "Earned so far this month: CA$900.00" in text
    assert "Pay CA$100.00 now; the rest stays owed" in text
    assert "Record the peer's choice and pay it all" in text
    assert "for the week" not in text


@time_machine.travel(TODAY, tick=False)
def test_paying_the_part_that_fits_keeps_the_rest_owed(org_a, bea, owed, client_for):
    client_for(org_a.coordinator).post(
        f"/pay/payouts/{owed.pk}/pay", {"method": "transfer", "limit_choice": "part"}, HTTP_HX_REQUEST="true"
    )
    owed.refresh_from_db()
    assert (owed.status, owed.amount) == (PayoutStatus.PAID, Decimal("100.00"))
    rest = Payout.objects.get(peer=bea, status=PayoutStatus.PENDING)
    assert rest.amount == Decimal("150.00")
    assert "earnings limit" in rest.reason


@time_machine.travel(TODAY, tick=False)
def test_the_peers_recorded_choice_pays_it_all_for_that_period_only(org_a, bea, owed):
    with pytest.raises(Exception, match="what the peer said"):
        services.payout_pay(payout=owed, method="transfer", actor=org_a.coordinator, limit_choice="over")
    services.payout_pay(
        payout=owed,
        method="transfer",
        actor=org_a.coordinator,
        limit_choice="over",
        peer_words="I need it now",
    )
    owed.refresh_from_db()
    assert owed.status == PayoutStatus.PAID
    choice = OverLimitChoice.objects.get(peer=bea)
    assert (choice.chosen_on, choice.until, choice.note, choice.recorded_by) == (
        date(2030, 3, 20),
        date(2030, 3, 31),
        "I need it now",
        org_a.coordinator,
    )
