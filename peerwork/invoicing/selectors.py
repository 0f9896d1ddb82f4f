"""Reads for invoices: what is left to invoice on an order, the org's invoices, revenue per line and month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from peerwork.orgs.models import Organisation
from peerwork.shifts.models import Pricing, WorkOrder, WorkOrderStatus

from .models import Invoice, InvoiceLine, InvoiceSettings, InvoiceStatus


def settings_for(organisation: Organisation) -> InvoiceSettings:
    found, _created = InvoiceSettings.objects.get_or_create(organisation=organisation)
    return found


def invoiced_quantity(order: WorkOrder) -> Decimal:
    """Units (or, for a fixed price, whole jobs) already on invoices that are not void."""
    total = (
        InvoiceLine.objects.filter(work_order=order)
        .exclude(invoice__status=InvoiceStatus.VOID)
        .aggregate(n=Sum("quantity"))["n"]
    )
    return total or Decimal(0)


def to_invoice(order: WorkOrder) -> Decimal:
    """What is left to invoice: units done and not invoiced, or 1 for a finished fixed-price job."""
    if order.price is None:
        return Decimal(0)
    already = invoiced_quantity(order)
    if order.pricing == Pricing.FIXED:
        return Decimal(1) - already if order.status == WorkOrderStatus.CLOSED and already < 1 else Decimal(0)
    return max(Decimal(order.quantity_done) - already, Decimal(0))


def invoiceable_orders(organisation: Organisation) -> list[WorkOrder]:
    """Priced orders of business lines with something left to invoice (``order.to_invoice`` set)."""
    rows = []
    for order in WorkOrder.objects.filter(
        organisation=organisation, price__isnull=False, work_stream__is_business_line=True
    ).select_related("work_stream"):
        left = to_invoice(order)
        if left > 0:
            order.to_invoice = left  # type: ignore[attr-defined]
            rows.append(order)
    return rows


def invoices_for(organisation: Organisation) -> QuerySet[Invoice]:
    return Invoice.objects.filter(organisation=organisation).select_related("business_line", "credit_note")


@dataclass(frozen=True)
class Revenue:
    business_line_id: int
    month: date
    amount: Decimal


def revenue_by_line_and_month(organisation: Organisation, start: date, end: date) -> list[Revenue]:
    """Net revenue (invoices not void, before tax) per business line and month of issue, start ≤ day < end."""
    sums: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    rows = (
        Invoice.objects.filter(organisation=organisation, issued_on__gte=start, issued_on__lt=end)
        .exclude(status=InvoiceStatus.VOID)
        .values_list("business_line_id", "issued_on", "subtotal")
    )
    for line_id, issued_on, subtotal in rows:
        sums[(line_id, issued_on.replace(day=1))] += subtotal
    return [Revenue(line, month, amount) for (line, month), amount in sorted(sums.items())]
