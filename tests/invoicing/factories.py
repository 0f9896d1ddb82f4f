from __future__ import annotations

from decimal import Decimal

from peerwork.shifts import orders
from peerwork.shifts.models import WorkOrder
from tests.shifts.factories import WorkStreamFactory


def business_line(org, prefix="MP-", **kw):  # type: ignore[no-untyped-def]
    return WorkStreamFactory(
        organisation=org, is_business_line=True, trading_name=f"{prefix} Trading", invoice_prefix=prefix, **kw
    )


def finished_order(line, *, customer="City Housing", quantity=100, price="0.50", pricing="per_unit"):  # type: ignore[no-untyped-def]
    order = WorkOrder.objects.create(
        organisation=line.organisation,
        work_stream=line,
        customer=customer,
        description="Fold and mail letters",
        quantity=quantity,
        unit="letters",
        pricing=pricing,
        price=Decimal(price),
    )
    orders.work_order_add_done(order=order, quantity=quantity, by=None)
    order.refresh_from_db()
    return order
