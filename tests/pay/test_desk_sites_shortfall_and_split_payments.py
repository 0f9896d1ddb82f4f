"""The pay desk: every payout on one site's desk, a box that holds too little, payments in parts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.pay import selectors, services
from peerwork.pay.models import LedgerEntry, LedgerKind, PayoutStatus

from .factories import PayRateFactory, RoleFactory, ShiftFactory, WorkedAssignmentFactory


def _hand_payout(org, amount="108.00", site=None, timing="after"):
    return services.payout_create_manual(
        organisation=org.org,
        peer=org.peer,
        amount=amount,
        reason="Travel to the harbour site",
        earned_on=date(2026, 11, 2),
        timing=timing,
        site=site,
        actor=org.coordinator,
    )


def _open_box(org, amount, site=None):
    return services.cash_box_open(
        organisation=org.org, site=site or org.site, opening_float=amount, actor=org.coordinator
    )


# --- every payout belongs to a site ---------------------------------------------------------


def test_a_shift_payout_belongs_to_the_shifts_site(org_a, worked):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    assert payout.site == org_a.site


def test_a_hand_payout_without_a_site_belongs_to_the_organisations_first_site(org_a):
    assert _hand_payout(org_a).site == org_a.site
    assert _hand_payout(org_a, site=org_a.other_site).site == org_a.other_site


def test_a_hand_payout_cannot_belong_to_another_organisations_site(org_a, org_b):
    with pytest.raises(ValidationError, match="Choose the site"):
        _hand_payout(org_a, site=org_b.site)


def test_the_hand_payout_form_asks_for_the_site(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    page = client.get(f"/pay/payouts/new?site={org_a.other_site.pk}")
    assert b'name="site"' in page.content
    assert f'<option value="{org_a.other_site.pk}" selected'.encode() in page.content
    form = {
        "peer": org_a.peer.pk,
        "amount": "20.00",
        "reason": "Bus fare",
        "earned_on": "2026-11-02",
        "timing": "after",
    }
    refused = client.post("/pay/payouts/new", form)
    assert refused.status_code == 200 and b"This field is required" in refused.content
    client.post("/pay/payouts/new", {**form, "site": org_b.site.pk})
    assert not org_a.org.payouts.exists()
    client.post("/pay/payouts/new", {**form, "site": org_a.other_site.pk})
    assert org_a.org.payouts.get().site == org_a.other_site


def test_a_work_order_shift_payout_shows_on_its_sites_desk_only(org_a, client_for):
    role = RoleFactory(organisation=org_a.org, name="Harbour sweep")
    PayRateFactory(role=role, amount=Decimal("20.00"))
    shift = ShiftFactory(organisation=org_a.org, site=org_a.other_site, role=role)
    harbour = services.payout_create_for_assignment(
        assignment=WorkedAssignmentFactory(shift=shift, peer=org_a.peer)
    )
    main = _hand_payout(org_a, amount="12.00")
    client = client_for(org_a.coordinator)
    at_main = client.get(f"/pay/?site={org_a.site.pk}").content.decode()
    at_harbour = client.get(f"/pay/?site={org_a.other_site.pk}").content.decode()
    assert f'id="payout-{main.pk}"' in at_main and f'id="payout-{harbour.pk}"' not in at_main
    assert f'id="payout-{harbour.pk}"' in at_harbour and f'id="payout-{main.pk}"' not in at_harbour


# --- the box holds less than what is owed ---------------------------------------------------


def test_the_desk_says_what_the_box_holds_and_offers_part_cash_or_later(org_a, client_for):
    box = _open_box(org_a, "40.00")
    payout = _hand_payout(org_a)
    client = client_for(org_a.coordinator)
    row = client.post(f"/pay/payouts/{payout.pk}/pay", {"method": "cash"}, HTTP_HX_REQUEST="true")
    text = row.content.decode()
    assert "The box holds CA$40.00; CA$108.00 is owed." in text
    assert "Pay CA$40.00 in cash now and the rest:" in text
    assert 'name="rest_method" value="transfer"' in text
    assert "Pay later: it stays owed" in text
    # The full cash payment the box cannot hold is not offered again beside the shortfall.
    assert "Pay CA$108.00 · Cash" not in text
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING
    assert not LedgerEntry.objects.filter(payout=payout).exists()
    assert selectors.cash_box_balance(box) == Decimal("40.00")


def test_without_an_open_box_the_desk_says_so_and_offers_to_pay_later(org_a, client_for):
    payout = _hand_payout(org_a)
    row = client_for(org_a.coordinator).post(
        f"/pay/payouts/{payout.pk}/pay", {"method": "cash"}, HTTP_HX_REQUEST="true"
    )
    text = row.content.decode()
    assert "No cash box is open at this site; CA$108.00 is owed." in text
    assert "in cash now" not in text and "Pay later: it stays owed" in text


def test_cash_now_and_the_rest_by_transfer_makes_two_payments(org_a, org_b, client_for):
    box = _open_box(org_a, "40.00")
    payout = _hand_payout(org_a)
    form = {"method": "cash", "amount": "40.00", "rest_method": "transfer"}
    assert client_for(org_b.coordinator).post(f"/pay/payouts/{payout.pk}/pay", form).status_code == 404
    row = client_for(org_a.coordinator).post(f"/pay/payouts/{payout.pk}/pay", form, HTTP_HX_REQUEST="true")
    assert "Paid" in row.content.decode()
    payments = list(LedgerEntry.objects.filter(payout=payout).order_by("id"))
    assert [(e.kind, e.method, e.amount, e.cash_box_id) for e in payments] == [
        (LedgerKind.PAYOUT, "cash", Decimal("40.00"), box.pk),
        (LedgerKind.PAYOUT, "transfer", Decimal("68.00"), None),
    ]
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID
    assert selectors.cash_box_balance(box) == Decimal("0.00")


def test_no_payment_takes_the_box_below_zero(org_a):
    box = _open_box(org_a, "40.00")
    payout = _hand_payout(org_a)
    with pytest.raises(services.CashShortfall) as caught:
        services.payout_pay(payout=payout, method="cash", amount="40.01", actor=org_a.coordinator)
    assert (caught.value.held, caught.value.owed) == (Decimal("40.00"), Decimal("40.01"))
    with pytest.raises(services.CashShortfall):
        services.payout_pay_cash_then_rest(
            payout=payout, cash="50.00", rest_method="transfer", actor=org_a.coordinator
        )
    assert not LedgerEntry.objects.filter(payout=payout).exists()
    assert selectors.cash_box_balance(box) == Decimal("40.00")


# --- half before, half after ----------------------------------------------------------------


def test_half_before_half_after_is_two_payments_on_the_ledger_and_the_receipt(org_a, org_b, client_for):
    _open_box(org_a, "300.00")
    payout = _hand_payout(org_a, amount="100.00", timing="half")
    client = client_for(org_a.coordinator)
    desk = client.get(f"/pay/?site={org_a.site.pk}").content.decode()
    assert "Pay half now (CA$50.00); the rest after" in desk
    assert (
        client_for(org_b.coordinator)
        .post(f"/pay/payouts/{payout.pk}/pay", {"method": "cash", "amount": "50.00"})
        .status_code
        == 404
    )
    client.post(f"/pay/payouts/{payout.pk}/pay", {"method": "cash", "amount": "50.00"})
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PART_PAID
    desk = client.get(f"/pay/?site={org_a.site.pk}").content.decode()
    assert "Part paid" in desk and "CA$50.00 paid so far; CA$50.00 still owed." in desk
    assert "Pay CA$50.00 · Cash" in desk
    client.post(f"/pay/payouts/{payout.pk}/pay", {"method": "transfer"})
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID
    amounts = list(
        LedgerEntry.objects.filter(payout=payout, kind=LedgerKind.PAYOUT)
        .order_by("id")
        .values_list("method", "amount")
    )
    assert amounts == [("cash", Decimal("50.00")), ("transfer", Decimal("50.00"))]
    receipt = client.get(f"/pay/payouts/{payout.pk}/receipt?discreet=1").content.decode()
    assert receipt.count("CA$50.00") == 2 and "Cash" in receipt and "Bank transfer" in receipt
    assert client_for(org_b.coordinator).get(f"/pay/payouts/{payout.pk}/receipt").status_code == 404


def test_a_payout_is_never_paid_more_than_its_amount(org_a):
    payout = _hand_payout(org_a, amount="100.00")
    services.payout_pay(payout=payout, method="transfer", amount="60.00", actor=org_a.coordinator)
    with pytest.raises(ValidationError, match=r"Only CA\$40\.00 is still owed"):
        services.payout_pay(payout=payout, method="transfer", amount="60.00", actor=org_a.coordinator)
    services.payout_pay(payout=payout, method="transfer", actor=org_a.coordinator)
    with pytest.raises(ValidationError, match="cannot be paid twice"):
        services.payout_pay(payout=payout, method="transfer", actor=org_a.coordinator)
    assert selectors.payout_paid_sum(payout) == Decimal("100.00")


def test_reversing_one_of_two_payments_leaves_the_payout_part_paid(org_a):
    payout = _hand_payout(org_a, amount="100.00")
    first = services.payout_pay(payout=payout, method="transfer", amount="50.00", actor=org_a.coordinator)
    services.payout_pay(payout=payout, method="voucher", actor=org_a.coordinator)
    services.ledger_entry_reverse(entry=first, reason="Transfer bounced", actor=org_a.coordinator)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PART_PAID
    assert selectors.payout_paid_sum(payout) == Decimal("50.00")
    services.payout_pay(payout=payout, method="transfer", actor=org_a.coordinator)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID


def test_the_unpaid_half_of_a_part_paid_payout_still_counts_against_the_limit(org_a, org_b):
    """Half paid before the shift, half owed: headroom counts both halves, never just the paid one."""
    from .factories import EarningsRuleFactory

    rule = EarningsRuleFactory(organisation=org_a.org, exempt_amount=Decimal("1000.00"))
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2023, 1, 1), actor=org_a.coordinator)
    today = org_a.org.today()
    payout = services.payout_create_manual(
        organisation=org_a.org,
        peer=org_a.peer,
        amount="300.00",
        reason="Mailing day",
        earned_on=today,
        timing="half",
        actor=org_a.coordinator,
    )
    services.payout_pay(payout=payout, method="transfer", amount="150.00", actor=org_a.coordinator)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PART_PAID
    headroom = selectors.headroom_for(org_a.peer, today)
    assert headroom is not None
    assert (headroom.earned, headroom.left) == (Decimal("300.00"), Decimal("700.00"))
    assert selectors.headroom_for(org_b.peer, today) is None  # another organisation's peer: untouched
