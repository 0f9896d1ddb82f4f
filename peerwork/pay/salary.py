"""Salaried contracts' pay: each pay period makes one payout and pays it, writing the ledger entry.

The payouts are ordinary payouts (source "salary"), so statements, the ledger's reversals and the
benefit earnings limits count them like everything else a peer earns; casual work on top is paid
per shift as always. A contract's standing shifts are covered by the salary and make no shift payout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.accounts.sites import within_sites
from peerwork.core.money import format_money, quantize
from peerwork.orgs.models import Organisation
from peerwork.shifts.contracts.models import WEEKS_IN, Contract, ContractStatus, PayBasis

from . import selectors
from .models import PayMethod, Payout, PayoutSource
from .periods import period_bounds, period_phrase
from .services.payouts import OverLimit, payout_pay


@dataclass
class SalaryRun:
    """What one pay-period run did: payouts paid, and payouts left owed because of a benefit limit."""

    paid: list[Payout] = field(default_factory=list)
    held: list[Payout] = field(default_factory=list)


def salary_for_period(contract: Contract, start: date, end: date) -> Decimal:
    """The period's salary, in proportion to the days of the period the contract was in force."""
    assert contract.salary is not None
    last = contract.ended_on or contract.ends_on
    first_day = max(start, contract.starts_on)
    last_day = min(end, last) if last else end
    if last_day < first_day:
        return Decimal("0.00")
    days = (last_day - first_day).days + 1
    return quantize(contract.salary * days / ((end - start).days + 1))


def salaried_contracts(organisation: Organisation, start: date, end: date) -> list[Contract]:
    # A site-limited coordinator pays only the contracts paid from their sites.
    qs = (
        within_sites(Contract.objects.all())
        .filter(
            organisation=organisation,
            pay_basis=PayBasis.SALARY,
            status__in=[ContractStatus.ACTIVE, ContractStatus.ENDED],
            starts_on__lte=end,
            signed_at__isnull=False,
        )
        .select_related("peer", "site", "organisation")
    )
    kept = []
    for c in qs:
        last = c.ended_on or c.ends_on
        if last is None or last >= start:
            kept.append(c)
    return kept


def salary_run(*, organisation: Organisation, on: date, actor: Any = None) -> SalaryRun:
    """Pay every salaried contract for its pay period containing ``on`` (once: a second run adds nothing).

    Each payout is paid by transfer (or the peer's chosen way, when it is not cash) at once; one that
    would take the peer past their benefit limit stays owed, for the desk to settle with the peer.
    """
    run = SalaryRun()
    by_period: dict[str, tuple[date, date]] = {}
    for period in WEEKS_IN:
        by_period[period] = period_bounds(period, on)
    candidates = []
    for period, (start, end) in by_period.items():
        candidates += [
            (c, start, end) for c in salaried_contracts(organisation, start, end) if c.salary_period == period
        ]
    for contract, start, end in candidates:
        if Payout.objects.filter(contract=contract, period_start=start).exists():
            continue
        amount = salary_for_period(contract, start, end)
        if amount <= 0:
            continue
        last = contract.ended_on or contract.ends_on
        with transaction.atomic():
            payout = Payout.objects.create(
                organisation=organisation,
                peer=contract.peer,
                site=contract.site,
                source=PayoutSource.SALARY,
                contract=contract,
                period_start=start,
                amount=amount,
                currency=organisation.currency,
                earned_on=min(end, last) if last else end,
                description=_("Salary %(start)s to %(end)s") % {"start": start, "end": end},
                created_by=actor,
            )
        method = contract.peer.payment_preference
        if method == PayMethod.CASH:
            method = PayMethod.TRANSFER
        try:
            payout_pay(payout=payout, method=method, actor=actor, paid_on=payout.earned_on)
        except OverLimit:
            run.held.append(payout)
        else:
            payout.refresh_from_db()
            run.paid.append(payout)
    return run


def contract_limit_warning(contract: Contract) -> str | None:
    """Say so when a contract's ordinary pay, alone, would take its peer past their benefit limit."""
    on = contract.starts_on
    assigned = selectors.peer_rule(contract.peer, on)
    if assigned is None:
        return None
    rule = assigned.rule
    name = rule.short_name or rule.name
    hours = contract.weekly_hours
    if rule.hours_per_week is not None and hours is not None and hours > rule.hours_per_week:
        return _(
            "%(hours)s hours a week is more than the %(limit)s hours %(rule)s allows. Talk it through "
            "with %(peer)s before signing."
        ) % {
            "hours": f"{hours.normalize():f}",
            "limit": f"{rule.hours_per_week.normalize():f}",
            "rule": name,
            "peer": contract.peer,
        }
    weekly = contract.weekly_pay
    if weekly is None:
        return None
    weeks = {
        "week": Decimal("1"),
        "fortnight": Decimal("2"),
        "month": Decimal("52") / 12,
        "year": Decimal("52"),
    }
    expected = quantize(weekly * weeks[rule.period])
    limit = selectors.rule_amount(rule, on)
    currency = contract.organisation.currency
    if expected <= limit:
        return None
    return _(
        "This contract pays about %(expected)s %(period)s, more than the %(limit)s %(rule)s allows "
        "before benefits are cut. Talk it through with %(peer)s before signing."
    ) % {
        "expected": format_money(expected, currency),
        "period": period_phrase(rule.period),
        "limit": format_money(limit, currency),
        "rule": name,
        "peer": contract.peer,
    }
