"""What the business lines earn and what their work costs: figures per line, revenue beside the pay cost
of the shifts worked on orders per month, and the cost per outcome funders ask for.

Counts and hours follow the small-cell rules (``suppression.published``); a pay cost or a cost per
outcome built on the pay of 1 to threshold peers is hidden, since it could show one person's pay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwork.core.money import format_money
from peerwork.invoicing.models import InvoiceLine, InvoiceStatus
from peerwork.invoicing.selectors import revenue_by_line_and_month
from peerwork.orgs.models import Organisation
from peerwork.pay.models import Payout, PayoutStatus
from peerwork.services.models import EntryKind, ServiceEntry
from peerwork.shifts.models import Assignment, AssignmentStatus, WorkStream
from peerwork.shifts.selectors import day_bounds

from .suppression import HIDDEN, published, published_count

CENT = Decimal("0.01")


def _paid(organisation: Organisation, start: date, end: date) -> QuerySet[Payout]:
    """Shift pay earned from ``start`` to ``end`` (inclusive), less what was reversed."""
    return Payout.objects.filter(
        organisation=organisation, assignment__isnull=False, earned_on__gte=start, earned_on__lte=end
    ).exclude(status=PayoutStatus.REVERSED)


def _worked(organisation: Organisation, start: date, end: date) -> QuerySet[Assignment]:
    first, after = day_bounds(organisation, start, (end - start).days + 1)
    return Assignment.objects.filter(
        organisation=organisation,
        status=AssignmentStatus.COMPLETED,
        shift__starts_at__gte=first,
        shift__starts_at__lt=after,
    )


def _hours(rows: QuerySet[Assignment]) -> float:
    seconds = 0.0
    for checked_in, checked_out in rows.values_list("checked_in_at", "checked_out_at"):
        if checked_in and checked_out and checked_out > checked_in:
            seconds += (checked_out - checked_in).total_seconds()
    return seconds / 3600


@dataclass(frozen=True)
class LineFigures:
    line: WorkStream
    hours: int | None  # None: hidden
    peers: int | None
    places: int | None
    pay_cost: Decimal | None  # None: hidden (pay of 1 to threshold peers)
    revenue: Decimal


def business_line_figures(organisation: Organisation, start: date, end: date) -> list[LineFigures]:
    threshold = organisation.small_cell_threshold
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    for row in revenue_by_line_and_month(organisation, start, end + timedelta(days=1)):
        revenue[row.business_line_id] += row.amount
    out = []
    for line in WorkStream.objects.filter(organisation=organisation, is_business_line=True):
        worked = _worked(organisation, start, end).filter(shift__role__work_stream=line)
        pay = _paid(organisation, start, end).filter(assignment__shift__role__work_stream=line)
        paid_peers = pay.values("peer").distinct().count()
        cost = pay.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        out.append(
            LineFigures(
                line=line,
                hours=published_count(_hours(worked), threshold),
                peers=published_count(worked.values("peer").distinct().count(), threshold),
                places=published_count(worked.count(), threshold),
                pay_cost=None if 0 < paid_peers <= threshold else cost,
                revenue=revenue[line.pk],
            )
        )
    return out


@dataclass(frozen=True)
class MonthRow:
    line: WorkStream
    month: date
    revenue: Decimal
    pay_cost: Decimal | None  # pay for shifts worked on the line's orders; None: hidden


def revenue_and_cost_by_month(organisation: Organisation, start: date, end: date) -> list[MonthRow]:
    """Per business line and month: invoiced revenue (before tax) beside the pay cost of order shifts."""
    threshold = organisation.small_cell_threshold
    lines = {s.pk: s for s in WorkStream.objects.filter(organisation=organisation, is_business_line=True)}
    revenue = {
        (r.business_line_id, r.month): r.amount
        for r in revenue_by_line_and_month(organisation, start, end + timedelta(days=1))
    }
    cost: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    peers: dict[tuple[int, date], set[int]] = defaultdict(set)
    rows = _paid(organisation, start, end).filter(assignment__shift__work_order__work_stream__in=list(lines))
    for line_id, earned_on, amount, peer_id in rows.values_list(
        "assignment__shift__work_order__work_stream_id", "earned_on", "amount", "peer_id"
    ):
        key = (line_id, earned_on.replace(day=1))
        cost[key] += amount
        peers[key].add(peer_id)
    out = []
    for key in sorted(set(revenue) | set(cost), key=lambda k: (lines[k[0]].name, k[1])):
        hidden = 0 < len(peers[key]) <= threshold
        out.append(
            MonthRow(lines[key[0]], key[1], revenue.get(key, Decimal(0)), None if hidden else cost[key])
        )
    return out


@dataclass(frozen=True)
class CostPer:
    label: Any
    value: Decimal | None  # None: hidden


OUTCOMES = [
    ("hour", gettext_lazy("Pay cost per hour of service")),
    ("sharps", gettext_lazy("Pay cost per needle recovered")),
    ("supplies", gettext_lazy("Pay cost per supply kit given")),
    ("order_line", gettext_lazy("Pay cost per order line invoiced")),
]


def cost_per_outcome(organisation: Organisation, start: date, end: date) -> list[CostPer]:
    """Shift pay divided by each outcome; hidden over 1 to threshold paid peers or a small outcome count."""
    threshold = organisation.small_cell_threshold
    pay = _paid(organisation, start, end)
    total = pay.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    paid_peers = pay.values("peer").distinct().count()
    first, after = day_bounds(organisation, start, (end - start).days + 1)
    entries = ServiceEntry.objects.filter(
        organisation=organisation, occurred_at__gte=first, occurred_at__lt=after
    )
    counts = {
        "hour": _hours(_worked(organisation, start, end)),
        "sharps": entries.filter(kind=EntryKind.SHARPS).aggregate(n=Sum("quantity"))["n"] or 0,
        "supplies": entries.filter(kind=EntryKind.SUPPLIES).aggregate(n=Sum("quantity"))["n"] or 0,
        "order_line": InvoiceLine.objects.filter(
            invoice__organisation=organisation, invoice__issued_on__gte=start, invoice__issued_on__lte=end
        )
        .exclude(invoice__status=InvoiceStatus.VOID)
        .count(),
    }
    out = []
    for key, label in OUTCOMES:
        count = float(counts[key])
        rate = float(total) / count if count else None
        shown = published("mean", rate, count, paid_peers, threshold)
        value = (
            None
            if shown.hidden or shown.value is None
            else Decimal(str(shown.value)).quantize(CENT, ROUND_HALF_UP)
        )
        out.append(CostPer(label, value))
    return out


def _money(value: Decimal | None, currency: str) -> str:
    return HIDDEN if value is None else format_money(value, currency)


def report_sections(organisation: Organisation, start: date, end: date) -> list[dict[str, Any]]:
    """Funder report sections (the shape of ``reports._value_section``), when the org has business lines."""
    if not WorkStream.objects.filter(organisation=organisation, is_business_line=True).exists():
        return []
    currency = organisation.currency
    months = revenue_and_cost_by_month(organisation, start, end)
    costs = cost_per_outcome(organisation, start, end)
    return [
        {
            "id": "business_lines",
            "label": _("Revenue and pay cost per business line"),
            "description": _(
                "Invoiced revenue before tax, not counting void invoices, beside the pay for shifts "
                "worked on the line's orders, by month."
            ),
            "kind": "values",
            "columns": [_("Revenue"), _("Pay cost")],
            "rows": [
                {
                    "label": f"{row.line.trading_name or row.line.name} {row.month:%Y-%m}",
                    "cells": [_money(row.revenue, currency), _money(row.pay_cost, currency)],
                }
                for row in months
            ],
            "hidden": sum(1 for row in months if row.pay_cost is None),
        },
        {
            "id": "cost_per_outcome",
            "label": _("Cost per outcome"),
            "description": _("Shift pay in the period divided by what the work achieved."),
            "kind": "values",
            "columns": [_("Cost")],
            "rows": [{"label": str(c.label), "cells": [_money(c.value, currency)]} for c in costs],
            "hidden": sum(1 for c in costs if c.value is None),
        },
    ]
