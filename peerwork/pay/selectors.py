"""Reads for pay: effective rates, what is owed, balances, statements and earnings headroom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate

from peerwork.accounts.sites import within_sites
from peerwork.core.money import quantize
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import PeerPosition
from peerwork.peers.hooks import EarningsFlag
from peerwork.peers.models import PeerWorker
from peerwork.shifts.contracts.models import PayBasis, StandingShift
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift
from peerwork.training.models import SessionAttendance

from .models import (
    BaseAmount,
    CashBox,
    EarningsRule,
    LedgerEntry,
    LedgerKind,
    OverLimitChoice,
    PayMethod,
    Payout,
    PayoutStatus,
    PayRate,
    PeerEarningsRule,
)
from .periods import period_bounds, period_phrase

ZERO = Decimal("0.00")
MONEY_SUM = Coalesce(Sum("amount"), ZERO)


def cents(value: Decimal | None) -> Decimal:
    """A database sum back to exact cents (SQLite sums decimals as floating point)."""
    return quantize(value or ZERO)


# --- rates ---------------------------------------------------------------------------------


def rate_for(role: Role, stage_id: int | None, on: date) -> PayRate | None:
    """The rate in effect on ``on``: the stage's own rate if it has one, else the role's."""
    rates = PayRate.objects.filter(role=role, effective_from__lte=on).order_by("-effective_from", "-id")
    if stage_id is not None:
        staged = rates.filter(stage_id=stage_id).first()
        if staged is not None:
            return staged
    return rates.filter(stage__isnull=True).first()


# --- contracts -----------------------------------------------------------------------------


def covered_by_salary(assignment: Assignment) -> bool:
    """A standing shift of a salaried contract: the salary pays it, not a shift payout."""
    standing = assignment.shift.standing_shift
    return standing is not None and standing.contract.pay_basis == PayBasis.SALARY


def contract_hourly_pay(assignment: Assignment) -> Decimal | None:
    """The hourly rate of the contract whose standing shift this is, when it pays by the hour."""
    standing = assignment.shift.standing_shift
    if standing is None or standing.contract.pay_basis != PayBasis.HOURLY:
        return None
    return standing.contract.hourly_rate


def stage_id_of(peer: PeerWorker) -> int | None:
    return PeerPosition.objects.filter(peer=peer).values_list("stage_id", flat=True).first()


def amount_for(rate: PayRate, hours: Decimal) -> Decimal:
    if rate.kind == "hourly":
        return (rate.amount * hours).quantize(Decimal("0.01"))
    return rate.amount


def shift_earnings(shift: Shift, peer: PeerWorker) -> Decimal:
    """What working ``shift`` would pay ``peer``, as its payout will: a contract's standing shift at the
    contract's hourly rate (nothing when a salary pays it), any other at the rate in effect that day."""
    standing = shift.standing_shift
    if standing is not None and standing.contract.peer_id == peer.pk:
        if standing.contract.pay_basis == PayBasis.SALARY:
            return ZERO
        if standing.contract.hourly_rate:
            return (standing.contract.hourly_rate * shift.hours).quantize(Decimal("0.01"))
    day = shift.starts_at.astimezone(shift.organisation.zone).date()
    rate = rate_for(shift.role, stage_id_of(peer), day)
    if rate is None:
        return ZERO
    return amount_for(rate, shift.hours)


def rates_for(organisation: Organisation) -> QuerySet[PayRate]:
    return PayRate.objects.filter(organisation=organisation).select_related("role", "stage")


# --- payouts and balances ------------------------------------------------------------------


PAYMENT_KINDS = [LedgerKind.PAYOUT, LedgerKind.REVERSAL]


def with_paid_sums(payouts: QuerySet[Payout]) -> QuerySet[Payout]:
    """``payouts``, each annotated with ``paid_so_far`` (payments less reversals) and ``still_owed``."""
    paid = Coalesce(Sum("ledger_entries__amount", filter=Q(ledger_entries__kind__in=PAYMENT_KINDS)), ZERO)
    return payouts.annotate(paid_so_far=paid, still_owed=F("amount") - paid)


def payouts_owed(organisation: Organisation, *, site: Site | None = None) -> QuerySet[Payout]:
    """Owed and part-paid payouts (of one site's desk), each with ``paid_so_far`` and ``still_owed``."""
    qs = within_sites(
        Payout.objects.filter(
            organisation=organisation, status__in=[PayoutStatus.PENDING, PayoutStatus.PART_PAID]
        )
    )
    if site is not None:
        qs = qs.filter(site=site)
    return with_paid_sums(qs).select_related("peer").order_by("earned_on", "peer__preferred_name", "id")


# What the desk shows of a payout and its peer (views/desk_rows.py).
DESK_LINE = (
    "id",
    "peer_id",
    "site_id",
    "peer__preferred_name",
    "peer__payment_preference",
    "amount",
    "currency",
    "description",
    "hours",
    "timing",
    "status",
    "paid_so_far",
    "still_owed",
)


def desk_lines(payouts: QuerySet[Payout]) -> QuerySet[Payout, dict[str, Any]]:
    """``payouts`` (annotated as by ``with_paid_sums``) as the desk shows them, in plain dicts: a dict
    costs a fraction of a payout and its peer built as models, row after row."""
    return payouts.values(*DESK_LINE)


def site_owed_first(organisation: Organisation) -> int | None:
    """The site of the payout the desk lists first (the oldest owed), so the desk opens where it is."""
    owed = (
        within_sites(
            Payout.objects.filter(
                organisation=organisation, status__in=[PayoutStatus.PENDING, PayoutStatus.PART_PAID]
            )
        )
        .order_by("earned_on", "peer__preferred_name", "id")
        .values_list("site_id", flat=True)
    )
    # The first of all that is owed (a few hundred at most), not ``.first()``: with LIMIT 1, PostgreSQL
    # walks the organisation's payouts day by day through every one long since paid to reach one owed.
    return next(iter(owed), None)


def payout_paid_sum(payout: Payout) -> Decimal:
    """What has reached the peer for this payout so far: its payments less their reversals."""
    total = LedgerEntry.objects.filter(payout=payout, kind__in=PAYMENT_KINDS).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )["total"]
    return cents(total)


def with_payments(payout: Payout) -> Payout:
    """``payout`` with ``paid_so_far`` and ``still_owed`` set, as ``payouts_owed`` annotates them."""
    paid = payout_paid_sum(payout)
    payout.paid_so_far, payout.still_owed = paid, payout.amount - paid  # type: ignore[attr-defined]
    return payout


def payouts_paid_on(
    organisation: Organisation, day: date, *, site: Site | None = None
) -> QuerySet[LedgerEntry]:
    qs = within_sites(
        LedgerEntry.objects.filter(organisation=organisation, kind=LedgerKind.PAYOUT, occurred_on=day)
    )
    if site is not None:
        qs = qs.filter(payout__site=site)
    return qs.select_related("peer", "payout").order_by("-id")


# How far back the desk looks for work that should be on it and is not: a payout is made at
# check-out, so what is missing is work done before its role had a rate (one set later, from an
# earlier date). Older gaps are corrections, added by hand.
MISSING_PAYOUT_DAYS = 31


def assignments_without_payout(
    organisation: Organisation, until: date, *, since: date | None = None
) -> QuerySet[Assignment]:
    """Checked-out shifts (from ``since``, when given) that a rate pays and that have no payout yet:
    exactly those ``payout_create_for_assignment`` would pay."""
    _start, after_until = organisation.day_bounds(until)
    qs = within_sites(Assignment.objects.filter(organisation=organisation)).filter(
        ~Exists(Payout.objects.filter(assignment_id=OuterRef("pk"))),
        status=AssignmentStatus.COMPLETED,
        checked_out_at__lt=after_until,  # checked out on or before ``until``, a local day
    )
    if since is not None:
        qs = qs.filter(checked_out_at__gte=organisation.day_bounds(since)[0])
    # The rate ``rate_for`` would find on the shift's local day: the peer's stage's own, or the role's.
    rated = PayRate.objects.filter(
        Q(stage__isnull=True) | Q(stage_id=OuterRef("peer__position__stage_id")),
        role_id=OuterRef("shift__role_id"),
        effective_from__lte=OuterRef("shift_day"),
    )
    # Standing shifts of contracts, as subqueries: joined, they hide how few shifts have one from the
    # planner, which then walks every shift of every year.
    standing = StandingShift.objects.values("pk")
    by_the_hour = standing.filter(contract__pay_basis=PayBasis.HOURLY, contract__hourly_rate__gt=0)
    return (
        qs.alias(shift_day=TruncDate("shift__starts_at", tzinfo=organisation.zone))
        .filter(Q(shift__standing_shift__in=by_the_hour) | Exists(rated))
        # a salaried contract's standing shifts are paid by the salary, never by a shift payout
        .exclude(shift__standing_shift__in=standing.filter(contract__pay_basis=PayBasis.SALARY))
        .select_related("shift", "shift__role", "shift__organisation", "peer")
    )


def attendances_without_payout(
    organisation: Organisation, until: date, *, since: date | None = None
) -> QuerySet[SessionAttendance]:
    """Attended sessions of courses with an honorarium (from ``since``, when given) with no payout yet."""
    qs = within_sites(SessionAttendance.objects.filter(session__organisation=organisation)).filter(
        attended=True,
        payout__isnull=True,
        session__course__honorarium__gt=0,
        session__starts_at__lt=organisation.day_bounds(until)[1],
    )
    if since is not None:
        qs = qs.filter(session__starts_at__gte=organisation.day_bounds(since)[0])
    return qs.select_related("session", "session__course", "peer")


def _box_sums(entries: str = "") -> dict[str, Coalesce]:
    """Cash put in a box (float, count differences) and paid out of it, over its ledger ``entries``."""
    amount = f"{entries}amount"
    cash_in = Q(**{f"{entries}kind__in": [LedgerKind.FLOAT, LedgerKind.VARIANCE]})
    paid = Q(**{f"{entries}kind__in": [LedgerKind.PAYOUT, LedgerKind.REVERSAL]})
    return {
        "cash_in": Coalesce(Sum(amount, filter=cash_in), ZERO),
        "paid_out": Coalesce(Sum(amount, filter=paid), ZERO),
    }


def cash_box_balance(box: CashBox) -> Decimal:
    """Cash that should be in the box: float and count differences in, payments out."""
    totals = LedgerEntry.objects.filter(cash_box=box).aggregate(**_box_sums())
    return cents(totals["cash_in"]) - cents(totals["paid_out"])


def open_cash_box(organisation: Organisation, site: Site) -> CashBox | None:
    return CashBox.objects.filter(organisation=organisation, site=site, closed_at__isnull=True).first()


def open_cash_box_and_balance(
    organisation: Organisation, site: Site
) -> tuple[CashBox | None, Decimal | None]:
    """The site's open cash box and its ``cash_box_balance``, read together (the desk shows both)."""
    box = (
        CashBox.objects.filter(organisation=organisation, site=site, closed_at__isnull=True)
        .annotate(**_box_sums("ledger_entries__"))
        .order_by("pk")
        .first()
    )
    if box is None:
        return None, None
    return box, cents(box.cash_in) - cents(box.paid_out)  # type: ignore[attr-defined]


def cash_boxes_for(organisation: Organisation) -> QuerySet[CashBox]:
    return within_sites(CashBox.objects.filter(organisation=organisation)).select_related(
        "site", "opened_by", "closed_by", "signed_off_by"
    )


def peer_paid_total(peer: PeerWorker, start: date | None = None, end: date | None = None) -> Decimal:
    qs = LedgerEntry.objects.filter(peer=peer, kind__in=[LedgerKind.PAYOUT, LedgerKind.REVERSAL])
    if start is not None:
        qs = qs.filter(occurred_on__gte=start)
    if end is not None:
        qs = qs.filter(occurred_on__lte=end)
    return cents(qs.aggregate(total=MONEY_SUM)["total"])


def peer_entries(peer: PeerWorker, start: date, end: date) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(
            peer=peer,
            occurred_on__gte=start,
            occurred_on__lte=end,
            kind__in=[LedgerKind.PAYOUT, LedgerKind.REVERSAL],
        )
        .select_related("payout")
        .order_by("occurred_on", "id")
    )


def peer_payouts(peer: PeerWorker) -> QuerySet[Payout]:
    return Payout.objects.filter(peer=peer).order_by("-earned_on", "-id")


@dataclass(frozen=True)
class StatementLine:
    day: date
    description: str
    method: str
    amount: Decimal
    entry_id: int

    @property
    def method_label(self) -> str:
        return str(PayMethod(self.method).label) if self.method in PayMethod.values else self.method


@dataclass(frozen=True)
class Statement:
    peer: PeerWorker
    start: date
    end: date
    currency: str
    lines: list[StatementLine]
    total: Decimal
    hours: Decimal


def statement_for(peer: PeerWorker, start: date, end: date) -> Statement:
    """Everything paid to ``peer`` between ``start`` and ``end`` (reversals included, negative)."""
    rows = (
        LedgerEntry.objects.filter(
            peer=peer,
            occurred_on__gte=start,
            occurred_on__lte=end,
            kind__in=[LedgerKind.PAYOUT, LedgerKind.REVERSAL],
        )
        .order_by("occurred_on", "id")
        .values_list("id", "occurred_on", "payout__description", "method", "amount", "kind", "payout__hours")
    )
    lines: list[StatementLine] = []
    total = ZERO
    hours = ZERO
    for entry_id, day, description, method, amount, kind, payout_hours in rows:
        label = description or ""
        if kind == LedgerKind.REVERSAL:
            label = f"{label} (reversed)" if amount < 0 else f"{label} (re-paid)"
        lines.append(StatementLine(day, label, method, amount, entry_id))
        total += amount
        if payout_hours:
            hours += payout_hours if amount > 0 else -payout_hours
    return Statement(peer, start, end, peer.organisation.currency, lines, total, hours)


# --- earnings limits -----------------------------------------------------------------------


def rules_for(organisation: Organisation) -> QuerySet[EarningsRule]:
    return EarningsRule.objects.filter(organisation=organisation)


def base_amounts_for(organisation: Organisation) -> QuerySet[BaseAmount]:
    return BaseAmount.objects.filter(organisation=organisation)


def rule_amount(rule: EarningsRule, on: date) -> Decimal:
    """The money the rule lets a peer earn in one period, on ``on`` (multiples of a base resolved)."""
    if rule.exempt_amount is not None:
        return rule.exempt_amount
    base = (
        BaseAmount.objects.filter(
            organisation_id=rule.organisation_id, code=rule.base_code, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )
    if base is None or rule.base_multiple is None:
        return ZERO
    return (base.amount * rule.base_multiple).quantize(Decimal("0.01"))


def _rule_in_force(on: date) -> Q:
    """The peer's rule assignment and the rule itself both cover ``on``."""
    return (
        Q(starts_on__lte=on, rule__effective_from__lte=on)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        & (Q(rule__effective_until__isnull=True) | Q(rule__effective_until__gte=on))
    )


def _rules_in_force(peer: PeerWorker, on: date) -> QuerySet[PeerEarningsRule]:
    return (
        PeerEarningsRule.objects.filter(_rule_in_force(on), peer=peer)
        .select_related("rule")
        .order_by("-starts_on", "-id")
    )


def peer_rule(peer: PeerWorker, on: date) -> PeerEarningsRule | None:
    return _rules_in_force(peer, on).first()


def _over_limit_choices(peer_id: int, on: date) -> QuerySet[OverLimitChoice]:
    return OverLimitChoice.objects.filter(peer_id=peer_id, chosen_on__lte=on).filter(
        Q(until__isnull=True) | Q(until__gte=on)
    )


def has_over_limit_choice(peer_id: int, on: date) -> bool:
    return _over_limit_choices(peer_id, on).exists()


@dataclass(frozen=True)
class Headroom:
    """A peer's earnings in the rule's period around one day, and what is left."""

    rule: EarningsRule
    period_start: date
    period_end: date
    limit: Decimal
    earned: Decimal
    left: Decimal
    percent: int
    warning: bool
    over: bool
    chose_to_go_over: bool
    hours_per_week: Decimal | None
    currency: str


# Past this many peers one scan of the organisation's period beats an index probe per peer.
MANY_PEERS = 200


def _earned_by_peer(
    organisation_id: int, peer_ids: Iterable[int], start: date, end: date
) -> dict[int, Decimal]:
    """Paid (ledger) plus still owed per peer in [start, end].

    Still owed is a pending payout's amount, and the unpaid rest of a part-paid one (paid half before
    the shift, half after): its paid part is already in the ledger, its rest will be.
    """
    ids = list(peer_ids)
    earned: dict[int, Decimal] = dict.fromkeys(ids, ZERO)
    if not ids:
        return earned
    paid = LedgerEntry.objects.filter(
        organisation_id=organisation_id,
        occurred_on__gte=start,
        occurred_on__lte=end,
        kind__in=[LedgerKind.PAYOUT, LedgerKind.REVERSAL],
    )
    owed = Payout.objects.filter(
        organisation_id=organisation_id, status=PayoutStatus.PENDING, earned_on__gte=start, earned_on__lte=end
    )
    part_paid = Payout.objects.filter(
        organisation_id=organisation_id,
        status=PayoutStatus.PART_PAID,
        earned_on__gte=start,
        earned_on__lte=end,
    )
    if len(ids) <= MANY_PEERS:
        paid = paid.filter(peer_id__in=ids)
        owed, part_paid = owed.filter(peer_id__in=ids), part_paid.filter(peer_id__in=ids)
    for qs in (paid, owed):
        for peer_id, total in (
            qs.values("peer_id").annotate(total=Sum("amount")).values_list("peer_id", "total")
        ):
            if peer_id in earned:
                earned[peer_id] += cents(total)
    for peer_id, still_owed in with_paid_sums(part_paid).values_list("peer_id", "still_owed"):  # type: ignore[misc]
        if peer_id in earned:
            earned[peer_id] += cents(still_owed)
    return earned


def _headroom(
    rule: EarningsRule, limit: Decimal, earned: Decimal, start: date, end: date, chose: bool, currency: str
) -> Headroom:
    left = limit - earned
    percent = int(earned * 100 / limit) if limit > 0 else 100
    return Headroom(
        rule=rule,
        period_start=start,
        period_end=end,
        limit=limit,
        earned=earned,
        left=left,
        percent=percent,
        warning=percent >= rule.warning_percent,
        over=left < 0,
        chose_to_go_over=chose,
        hours_per_week=rule.hours_per_week,
        currency=currency,
    )


def headroom_for(peer: PeerWorker, on: date) -> Headroom | None:
    """Earnings so far in the rule's period containing ``on`` and the headroom left; None without a rule."""
    # The rule and whether the peer chose to earn past it, in one read.
    assigned = _rules_in_force(peer, on).annotate(chose=Exists(_over_limit_choices(peer.pk, on))).first()
    if assigned is None:
        return None
    rule = assigned.rule
    start, end = period_bounds(rule.period, on)
    earned = _earned_by_peer(peer.organisation_id, [peer.pk], start, end)[peer.pk]
    return _headroom(
        rule,
        rule_amount(rule, on),
        earned,
        start,
        end,
        assigned.chose,
        rule.currency or peer.organisation.currency,
    )


@dataclass(frozen=True)
class LimitCheck:
    """A payout that would take a peer past their benefit limit in the rule's period of the pay day.

    Figures are in the rule's currency; when the payout is in another one they cannot be compared
    (``comparable`` is False) and only the warning stands.
    """

    rule: EarningsRule
    period_start: date
    period_end: date
    limit: Decimal
    earned: Decimal  # in the period, paid and owed, without this payout
    fits: Decimal  # the part of the payout that still fits under the limit
    amount: Decimal
    currency: str
    comparable: bool


def payout_limit_check(payout: Payout, on: date) -> LimitCheck | None:
    """None when paying ``payout`` on ``on`` keeps the peer within their limit (or they chose to go over)."""
    assigned = peer_rule(payout.peer, on)
    if assigned is None or has_over_limit_choice(payout.peer_id, on):
        return None
    rule = assigned.rule
    start, end = period_bounds(rule.period, on)
    limit = rule_amount(rule, on)
    currency = rule.currency or payout.currency
    if currency != payout.currency:
        return LimitCheck(rule, start, end, limit, ZERO, ZERO, payout.amount, currency, comparable=False)
    earned = _earned_by_peer(payout.organisation_id, [payout.peer_id], start, end)[payout.peer_id]
    if payout.status == PayoutStatus.PENDING and start <= payout.earned_on <= end:
        earned -= payout.amount  # owed already counts as earned: leave this payout out
    if earned + payout.amount <= limit:
        return None
    fits = max(ZERO, limit - earned)
    return LimitCheck(rule, start, end, limit, earned, fits, payout.amount, currency, comparable=True)


def _week_rules(
    organisation: Organisation, ids: list[int], week_start: date
) -> tuple[dict[int, EarningsRule], set[int]]:
    """The benefit rule in force for each peer during the week, and who chose to go over their limit."""
    week_end = week_start + timedelta(days=6)
    wanted = set(ids)
    assignments = (
        PeerEarningsRule.objects.filter(
            organisation=organisation, starts_on__lte=week_end, rule__effective_from__lte=week_end
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=week_start))
        .filter(Q(rule__effective_until__isnull=True) | Q(rule__effective_until__gte=week_start))
        .order_by("peer_id", "-starts_on", "-id")
        .values_list("peer_id", "rule_id")
    )
    rule_id_of: dict[int, int] = {}
    for peer_id, rule_id in assignments:
        if peer_id in wanted:
            rule_id_of.setdefault(peer_id, rule_id)
    if not rule_id_of:
        return {}, set()
    rule_by_id = EarningsRule.objects.in_bulk(set(rule_id_of.values()))
    choosers = set(
        OverLimitChoice.objects.filter(organisation=organisation, chosen_on__lte=week_end)
        .filter(Q(until__isnull=True) | Q(until__gte=week_start))
        .values_list("peer_id", flat=True)
    )
    return {peer_id: rule_by_id[rule_id] for peer_id, rule_id in rule_id_of.items()}, choosers


def week_hours_limit(
    organisation: Organisation, peer_ids: Iterable[int], week_start: date
) -> dict[int, Decimal | None]:
    """Per peer, the most hours their benefit rule allows in a week (e.g. DSP's 30); None for no limit.

    A peer who recorded their choice to go over their limit has none, as for earnings.
    """
    ids = list(peer_ids)
    result: dict[int, Decimal | None] = dict.fromkeys(ids)
    rule_of, choosers = _week_rules(organisation, ids, week_start)
    for peer_id, rule in rule_of.items():
        if peer_id not in choosers and rule.hours_per_week is not None:
            result[peer_id] = rule.hours_per_week
    return result


def week_limit_rules(
    organisation: Organisation, peer_ids: Iterable[int], week_start: date
) -> dict[int, dict[str, str]]:
    """Per peer whose benefit rule limits the week, its short name and period, for reasons.

    Peers who chose to go over their limit are left out, as their limit is lifted.
    """
    rule_of, choosers = _week_rules(organisation, list(peer_ids), week_start)
    return {
        peer_id: {"rule": rule.short_name or rule.name, "period": rule.period}
        for peer_id, rule in rule_of.items()
        if peer_id not in choosers
    }


def week_headroom(
    organisation: Organisation, peer_ids: Iterable[int], week_start: date
) -> dict[int, Decimal | None]:
    """Per peer, what they may still earn in the week from ``week_start``; None when nothing limits it.

    It is the smaller of the headroom in the rule's period(s) the week touches (a week can
    straddle two months) and never below zero. A peer who chose to go over has no limit.
    """
    ids = list(peer_ids)
    result: dict[int, Decimal | None] = dict.fromkeys(ids)
    week_end = week_start + timedelta(days=6)
    rule_of, choosers = _week_rules(organisation, ids, week_start)
    if not rule_of:
        return result
    # Group peers by (rule, period) so each period is summed once for all its peers.
    groups: dict[tuple[int, date, date], set[int]] = {}
    rules: dict[int, EarningsRule] = {}
    spans: dict[str, set[tuple[date, date]]] = {}
    for peer_id, rule in rule_of.items():
        if peer_id in choosers:
            continue
        rules[rule.pk] = rule
        if rule.period not in spans:
            spans[rule.period] = {period_bounds(rule.period, day) for day in (week_start, week_end)}
        for start, end in spans[rule.period]:
            groups.setdefault((rule.pk, start, end), set()).add(peer_id)
    by_period: dict[tuple[date, date], set[int]] = {}
    limits: dict[tuple[int, date, date], Decimal] = {}
    for (rule_id, start, end), members in groups.items():
        limits[(rule_id, start, end)] = rule_amount(rules[rule_id], start)
        by_period.setdefault((start, end), set()).update(members)
    earned = {span: _earned_by_peer(organisation.pk, members, *span) for span, members in by_period.items()}
    for (rule_id, start, end), members in groups.items():
        limit = limits[(rule_id, start, end)]
        for peer_id in members:
            left = max(ZERO, limit - earned[(start, end)][peer_id])
            current = result[peer_id]
            result[peer_id] = left if current is None else min(current, left)
    return result


def peers_with_rules(organisation: Organisation, on: date) -> QuerySet[PeerEarningsRule]:
    return PeerEarningsRule.objects.filter(_rule_in_force(on), organisation=organisation).select_related(
        "peer", "rule"
    )


def earnings_flags(
    organisation: Organisation, on: date, peer_ids: Iterable[int] | None = None
) -> dict[int, EarningsFlag]:
    """Every peer (of ``peer_ids``, when given) near (past the rule's warning threshold) or over their
    earnings limit on ``on``.

    One pass: a query for the rules in force, then one sum per distinct period, however many peers
    there are.
    """
    assigned: dict[int, EarningsRule] = {}
    in_force = PeerEarningsRule.objects.filter(_rule_in_force(on), organisation=organisation)
    if peer_ids is not None:
        in_force = in_force.filter(peer_id__in=list(peer_ids))
    for row in in_force.select_related("rule").order_by("peer_id", "-starts_on", "-id"):
        assigned.setdefault(row.peer_id, row.rule)
    # A few rules and periods are shared by thousands of peers: each is worked out once.
    bounds = {period: period_bounds(period, on) for period in {rule.period for rule in assigned.values()}}
    members: dict[tuple[date, date], set[int]] = {}
    for peer_id, rule in assigned.items():
        members.setdefault(bounds[rule.period], set()).add(peer_id)
    earned: dict[int, Decimal] = {}
    for (start, end), ids in members.items():
        earned.update(_earned_by_peer(organisation.pk, ids, start, end))
    limits: dict[int, Decimal] = {}
    flags: dict[int, EarningsFlag] = {}
    for peer_id, rule in assigned.items():
        if rule.pk not in limits:
            limits[rule.pk] = rule_amount(rule, on)
        start, end = bounds[rule.period]
        room = _headroom(rule, limits[rule.pk], earned[peer_id], start, end, False, organisation.currency)
        if room.over or room.warning:
            flags[peer_id] = EarningsFlag(room.over, rule.name, period_phrase(rule.period))
    return flags
