"""Demo invoices: the mail room's earlier poster job, invoiced and paid last month, so the dashboard shows
revenue beside pay cost. The 5,000-letter mailing order has reached its target and waits to be invoiced
by the coordinator (the walk-through: Invoices → tick the order → Make and send the invoice)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from peerwork.core.demo import DemoContext
from peerwork.shifts import orders
from peerwork.shifts.models import Pricing, WorkOrder, WorkStream

from . import selectors, services


def build(ctx: DemoContext) -> None:
    organisation = ctx.objects.get("org")
    line = WorkStream.objects.filter(organisation=organisation, is_business_line=True).first()
    coordinator = (ctx.objects.get("staff") or {}).get("coordinator")
    if organisation is None or line is None:
        ctx.notes.append("Invoices: skipped (no business line in the demo).")
        return
    tax = selectors.settings_for(organisation)
    tax.tax_label, tax.tax_number, tax.tax_rate = "GST/HST", "12345 6789 RT0001", Decimal(13)
    tax.save()
    posters = orders.work_order_create(
        order=WorkOrder(
            organisation=organisation,
            work_stream=line,
            customer="Riverside Library",
            description="Print and fold 300 event posters",
            quantity=300,
            unit="posters",
            pricing=Pricing.FIXED,
            price=Decimal("240.00"),
            due_on=ctx.today - timedelta(days=30),
        ),
        by=coordinator,
    )
    orders.work_order_add_done(order=posters, quantity=300, by=coordinator)
    posters.refresh_from_db()
    issued = ctx.today - timedelta(days=35)
    invoice = services.invoice_issue(
        organisation=organisation, orders=[posters], by=coordinator, issued_on=issued
    )
    services.invoice_mark_paid(invoice=invoice, paid_on=issued + timedelta(days=12), by=coordinator)
    ready = WorkOrder.objects.filter(organisation=organisation, work_stream=line, status="closed").exclude(
        pk=posters.pk
    )
    ctx.notes.append(
        f"Invoices: {invoice.number} paid; {ready.count()} finished order(s) to invoice at /invoices/."
    )
