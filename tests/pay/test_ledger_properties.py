"""Property tests: the ledger stays consistent under any sequence of payments and reversals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerwork.pay import selectors, services
from peerwork.pay.models import LedgerEntry, LedgerKind, Payout
from peerwork.shifts import hooks as shift_hooks

from ..factories import PeerWorkerFactory, SiteFactory
from .factories import EarningsRuleFactory

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400"), places=2)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), AMOUNTS, st.sampled_from(["cash", "transfer", "voucher"])),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=30), st.just("")),
    ),
    min_size=1,
    max_size=12,
)
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(steps=STEPS)
def test_balances_equal_the_sum_of_entries(org_a, steps):
    # Examples share the test's transaction, so each gets its own peer and site.
    peer = PeerWorkerFactory(organisation=org_a.org)
    site = SiteFactory(organisation=org_a.org)
    box = services.cash_box_open(
        organisation=org_a.org, site=site, opening_float="5000.00", actor=org_a.coordinator
    )
    paid_model = Decimal("0")
    cash_model = Decimal("5000.00")
    entries: list[LedgerEntry] = []
    reversed_ids: set[int] = set()
    for kind, value, method in steps:
        if kind == "pay":
            payout = services.payout_create_manual(
                organisation=org_a.org,
                peer=peer,
                amount=value,
                reason="property",
                earned_on=date(2026, 11, 3),
                site=site,
            )
            entry = services.payout_pay(
                payout=payout, method=method, cash_box=box if method == "cash" else None
            )
            entries.append(entry)
            paid_model += value
            if method == "cash":
                cash_model -= value
        elif entries:
            target = entries[value % len(entries)]
            if target.pk in reversed_ids:
                with pytest.raises(ValidationError):
                    services.ledger_entry_reverse(entry=target, reason="again")
                continue
            reversal = services.ledger_entry_reverse(entry=target, reason="property")
            reversed_ids.add(target.pk)
            entries.append(reversal)
            paid_model += reversal.amount
            if target.cash_box_id:
                cash_model -= reversal.amount
    sums = LedgerEntry.objects.filter(peer=peer, kind__in=[LedgerKind.PAYOUT, LedgerKind.REVERSAL])
    ledger_sum = sum((e.amount for e in sums), Decimal("0"))
    assert selectors.peer_paid_total(peer) == paid_model == ledger_sum
    box_sum = sum(
        (e.amount if e.kind == LedgerKind.FLOAT else -e.amount for e in box.ledger_entries.all()), Decimal(0)
    )
    assert selectors.cash_box_balance(box) == cash_model == box_sum
    # every payout's status agrees with the ledger: paid iff its entries sum to its amount
    for payout in Payout.objects.filter(peer=peer):
        total = sum((e.amount for e in payout.ledger_entries.all()), Decimal(0))
        assert (payout.status == "paid") == (total == payout.amount)
        assert (payout.status == "reversed") == (total == 0)
    services.cash_box_close(box=box, counted=cash_model, actor=org_a.coordinator)


@PROPERTY
@given(offers=st.lists(AMOUNTS, min_size=1, max_size=15), chose=st.booleans())
def test_headroom_never_goes_negative_without_a_recorded_choice(org_a, offers, chose):
    """Work is offered only when the week's headroom allows it (as allocation does)."""
    peer = PeerWorkerFactory(organisation=org_a.org)
    rule = EarningsRuleFactory(organisation=org_a.org, exempt_amount=Decimal("1000"))
    week = date(2026, 11, 2)
    services.peer_rule_assign(peer=peer, rule=rule, starts_on=date(2020, 1, 1), actor=org_a.admin)
    if chose:
        services.over_limit_choice_record(peer=peer, chosen_on=date(2020, 1, 1), actor=org_a.admin)
    for amount in offers:
        left = shift_hooks.earnings_headroom(org_a.org, [peer.pk], week)[peer.pk]
        if left is None or amount <= left:
            services.payout_create_manual(
                organisation=org_a.org, peer=peer, amount=amount, reason="shift", earned_on=week
            )
        headroom = selectors.headroom_for(peer, week)
        assert headroom.left >= 0 or headroom.chose_to_go_over
