"""Cross-organisation matrix for pay: every page and API route with an id, and seeds for list pages."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from peerwork.pay import selectors, services
from peerwork.pay.defaults import earnings_rules_seed
from peerwork.pay.models import CashBox, EarningsRule, LedgerEntry, Payout

from ..personas import LEAK_MARKER, OrgPersonas
from .factories import PayRateFactory, RoleFactory, ShiftFactory, WorkedAssignmentFactory

_ROLE_NUMBERS = itertools.count(1)


def _open_box(p: OrgPersonas) -> CashBox:
    return selectors.open_cash_box(p.org, p.site) or services.cash_box_open(
        organisation=p.org, site=p.site, opening_float=Decimal("500.00"), actor=p.coordinator
    )


def _payout(p: OrgPersonas) -> Payout:
    role = RoleFactory(organisation=p.org, name=f"{LEAK_MARKER} pay role {next(_ROLE_NUMBERS)}")
    PayRateFactory(role=role)
    shift = ShiftFactory(organisation=p.org, site=p.site, role=role)
    assignment = WorkedAssignmentFactory(shift=shift, peer=p.peer)
    payout = services.payout_create_for_assignment(assignment=assignment)
    assert payout is not None
    return payout


def _paid(p: OrgPersonas) -> LedgerEntry:
    payout = _payout(p)
    return services.payout_pay(payout=payout, method="transfer", actor=p.coordinator)


def _closed_box(p: OrgPersonas) -> CashBox:
    box = _open_box(p)
    return services.cash_box_close(box=box, counted="500.00", actor=p.coordinator)


def _rule(p: OrgPersonas) -> EarningsRule:
    return EarningsRule.objects.create(
        organisation=p.org,
        jurisdiction=f"{LEAK_MARKER} land",
        name=f"{LEAK_MARKER} rule",
        period="month",
        exempt_amount=Decimal("100"),
        effective_from="2020-01-01",
    )


ROUTES: dict[str, Any] = {
    "pay:payout_detail": lambda p: {"pk": _payout(p).pk},
    "pay:payout_pay": lambda p: {"pk": _payout(p).pk, "__post__": {"method": "transfer"}},
    "pay:receipt": lambda p: {"pk": _paid(p).payout_id},
    "pay:entry_reverse": lambda p: {"pk": _paid(p).pk, "__post__": {"reason": "x"}},
    "pay:cash_box_detail": lambda p: {"pk": _open_box(p).pk},
    "pay:cash_box_sign_off": lambda p: {"pk": _closed_box(p).pk},
    "pay:peer_pay": lambda p: {"pk": p.peer.pk},
    "pay:peer_rule": lambda p: {"pk": p.peer.pk, "__post__": {"rule": "", "starts_on": "2026-01-01"}},
    "pay:peer_choice": lambda p: {"pk": p.peer.pk, "__post__": {"chosen_on": "2026-01-01"}},
    "pay:peer_statement": lambda p: {"pk": _paid(p).peer_id, "fmt": "csv"},
    "pay:rule_edit": lambda p: {"pk": _rule(p).pk},
    "api:pay_payout_get": lambda p: {"payout_id": _payout(p).pk},
    "api:pay_payout_pay": lambda p: {
        "payout_id": _payout(p).pk,
        "__post__": {"method": "transfer"},
        "__json__": True,
    },
    "api:pay_entry_reverse": lambda p: {
        "entry_id": _paid(p).pk,
        "__post__": {"reason": "x"},
        "__json__": True,
    },
    "api:pay_cash_box_get": lambda p: {"box_id": _open_box(p).pk},
    "api:pay_cash_box_close": lambda p: {
        "box_id": _open_box(p).pk,
        "__post__": {"counted": "500.00"},
        "__json__": True,
    },
    "api:pay_statement": lambda p: {"peer_id": _paid(p).peer_id},
    "api:pay_headroom": lambda p: {"peer_id": p.peer.pk},
}


def seed_pay(p: OrgPersonas) -> None:
    """Organisation A: an owed payout, a paid one, an open cash box, rules and a rate, all marked."""
    earnings_rules_seed(organisation=p.org)
    _rule(p)
    _open_box(p)
    _payout(p)
    _paid(p)
    services.payout_create_manual(
        organisation=p.org,
        peer=p.peer,
        amount="12.00",
        reason=f"{LEAK_MARKER} bus fare",
        earned_on=p.org.today(),
        site=p.site,
    )


SEED = [seed_pay]
