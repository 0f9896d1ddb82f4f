"""Invoice writes: issue (numbered under a row lock, so no number is skipped), mark paid, void by credit note.

A sent invoice never changes: there is no edit. A mistake is voided by a credit note and reissued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.orgs.models import Organisation
from peerwork.shifts.models import Pricing, WorkOrder, WorkStream

from . import selectors
from .models import CreditNote, Invoice, InvoiceLine, InvoiceStatus

CENT = Decimal("0.01")


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_orders(organisation: Organisation, orders: Sequence[WorkOrder]) -> list[tuple[WorkOrder, Decimal]]:
    if not orders:
        raise ValidationError({"orders": [_("Choose at least one work order to invoice.")]})
    if any(o.organisation_id != organisation.pk for o in orders):
        raise ValidationError({"orders": [_("Choose work orders of this organisation.")]})
    if len({o.work_stream_id for o in orders}) > 1:
        raise ValidationError({"orders": [_("One invoice is for the orders of one business line.")]})
    if len({o.customer.strip().casefold() for o in orders}) > 1:
        raise ValidationError({"orders": [_("One invoice is for one customer.")]})
    lines = []
    for order in orders:
        if order.price is None:
            raise ValidationError({"orders": [_("%(order)s has no price yet.") % {"order": order}]})
        left = selectors.to_invoice(order)
        if left <= 0:
            raise ValidationError(
                {
                    "orders": [
                        _("%(order)s is already invoiced in full, or has nothing done to invoice.")
                        % {"order": order}
                    ]
                }
            )
        lines.append((order, left))
    return lines


@transaction.atomic
def invoice_issue(
    *, organisation: Organisation, orders: Sequence[WorkOrder], by: User | None, issued_on: date | None = None
) -> Invoice:
    """Invoice what is left on ``orders`` (one business line, one customer) and mark it sent."""
    ids = sorted({o.pk for o in orders})
    locked = list(WorkOrder.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    lines = _check_orders(organisation, locked if len(locked) == len(ids) else [])
    # The line's row lock serialises numbering: two coordinators invoicing at once get n and n + 1.
    line = WorkStream.objects.select_for_update().get(pk=locked[0].work_stream_id)
    if not line.is_business_line:
        raise ValidationError({"orders": [_("Make this work stream a business line before invoicing it.")]})
    tax = selectors.settings_for(organisation)
    issued_on = issued_on or organisation.today()
    invoice = Invoice(
        organisation=organisation,
        business_line=line,
        sequence=line.invoice_next_number,
        number=f"{line.invoice_prefix}{line.invoice_next_number}",
        customer=locked[0].customer,
        issued_on=issued_on,
        due_on=issued_on + timedelta(days=tax.payment_days),
        currency=organisation.currency,
        seller_name=line.trading_name or line.name,
        seller_contact=line.contact,
        tax_label=tax.tax_label,
        tax_number=tax.tax_number,
        tax_rate=tax.tax_rate,
        subtotal=Decimal(0),
        tax=Decimal(0),
        total=Decimal(0),
        created_by=by,
    )
    rows = []
    for order, quantity in lines:
        fixed = order.pricing == Pricing.FIXED
        price = order.price or Decimal(0)
        rows.append(
            InvoiceLine(
                work_order=order,
                description=order.description,
                quantity=quantity,
                unit="" if fixed else order.unit,  # a fixed-price job: "1 job" in the reader's language
                unit_price=price,
                amount=_cents(price * quantity),
            )
        )
    invoice.subtotal = sum((r.amount for r in rows), Decimal(0))
    invoice.tax = _cents(invoice.subtotal * invoice.tax_rate / 100)
    invoice.total = invoice.subtotal + invoice.tax
    invoice.save()
    for row in rows:
        row.invoice = invoice
    InvoiceLine.objects.bulk_create(rows)
    line.invoice_next_number += 1
    line.save(update_fields=["invoice_next_number"])
    return invoice


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, paid_on: date, by: User | None) -> Invoice:
    locked = _locked(invoice)
    if locked.status != InvoiceStatus.SENT:
        raise ValidationError(_("Only a sent invoice can be marked paid."))
    if paid_on < locked.issued_on:
        raise ValidationError({"paid_on": [_("An invoice cannot be paid before it was issued.")]})
    if paid_on > locked.organisation.today():
        raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
    locked.status = InvoiceStatus.PAID
    locked.paid_on = paid_on
    locked.save(update_fields=["status", "paid_on"])
    return locked


@transaction.atomic
def invoice_void(*, invoice: Invoice, reason: str, by: User | None) -> CreditNote:
    """Void a sent or paid invoice with a credit note for its full amount; the invoice row stays."""
    locked = _locked(invoice)
    if locked.status == InvoiceStatus.VOID:
        raise ValidationError(_("This invoice is already void."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the invoice is voided.")]})
    line = WorkStream.objects.select_for_update().get(pk=locked.business_line_id)
    count = CreditNote.objects.filter(invoice__business_line=line).count()
    today = locked.organisation.today()
    note = CreditNote.objects.create(
        organisation_id=locked.organisation_id,
        invoice=locked,
        number=f"{line.invoice_prefix}CN{count + 1}",
        issued_on=today,
        reason=reason.strip()[:300],
        amount=-locked.total,
        created_by=by,
    )
    locked.status = InvoiceStatus.VOID
    locked.voided_on = today
    locked.save(update_fields=["status", "voided_on"])
    return note
