"""Work order writes: create, record quantities done, raise the target, cancel; and business lines.

An order's course is append-only in ``WorkOrderChange``: reaching the target closes it, and more work
needs a recorded target change first. Every write locks the order row so two check-outs add up.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import User

from .models import Pricing, WorkOrder, WorkOrderChange, WorkOrderStatus, WorkStream


def _check_price(pricing: str, price: Decimal | None) -> None:
    if price is not None and price < 0:
        raise ValidationError({"price": [_("A price cannot be negative.")]})
    if pricing not in Pricing.values:
        raise ValidationError({"pricing": [_("Choose a fixed price or a price per unit.")]})


@transaction.atomic
def work_order_create(*, order: WorkOrder, by: User | None) -> WorkOrder:
    """Save a new order (customer, job, target, unit, price, due date) after checking its price."""
    _check_price(order.pricing, order.price)
    if order.quantity is None or order.quantity < 1:
        raise ValidationError({"quantity": [_("The target must be at least 1.")]})
    if order.work_stream.organisation_id != order.organisation_id:
        raise ValidationError({"work_stream": [_("Choose a work stream of this organisation.")]})
    order.full_clean()
    order.save()
    return order


def _locked(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def work_order_add_done(*, order: WorkOrder, quantity: int, by: User | None) -> WorkOrder:
    """Add ``quantity`` done (at a check-out); reaching the target closes the order.

    Called inside the check-out's transaction, so a refused quantity saves nothing of the check-out.
    """
    if quantity < 0:
        raise ValidationError({"quantity": [_("The quantity cannot be negative.")]})
    if quantity == 0:
        return order
    locked = _locked(order)
    if locked.status == WorkOrderStatus.CANCELLED:
        raise ValidationError(
            {
                "quantity": [
                    _("This work order was cancelled: no more %(unit)s can be recorded on it.")
                    % {"unit": locked.unit}
                ]
            }
        )
    if locked.status == WorkOrderStatus.CLOSED:
        raise ValidationError(
            {
                "quantity": [
                    _(
                        "This work order reached its target of %(target)s %(unit)s and is closed. "
                        "A coordinator must raise the target before more can be recorded."
                    )
                    % {"target": locked.quantity, "unit": locked.unit}
                ]
            }
        )
    locked.quantity_done += quantity
    fields = ["quantity_done"]
    if locked.quantity_done >= locked.quantity:
        locked.status = WorkOrderStatus.CLOSED
        locked.closed_at = timezone.now()
        fields += ["status", "closed_at"]
        WorkOrderChange.objects.create(
            order=locked, kind=WorkOrderChange.Kind.CLOSED, old_quantity=locked.quantity, by=by
        )
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def work_order_raise_target(*, order: WorkOrder, quantity: int, reason: str, by: User | None) -> WorkOrder:
    """The customer wants more: a higher target, recorded with a reason; a closed order reopens."""
    locked = _locked(order)
    if locked.status == WorkOrderStatus.CANCELLED:
        raise ValidationError(_("A cancelled work order cannot be changed."))
    if quantity <= locked.quantity:
        raise ValidationError(
            {
                "quantity": [
                    _("The new target must be above the current one (%(n)s).") % {"n": locked.quantity}
                ]
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the target changes.")]})
    WorkOrderChange.objects.create(
        order=locked,
        kind=WorkOrderChange.Kind.TARGET_RAISED,
        old_quantity=locked.quantity,
        new_quantity=quantity,
        reason=reason.strip()[:300],
        by=by,
    )
    locked.quantity = quantity
    if locked.quantity_done < quantity:
        locked.status = WorkOrderStatus.OPEN
        locked.closed_at = None
    locked.save(update_fields=["quantity", "status", "closed_at"])
    return locked


@transaction.atomic
def work_order_cancel(*, order: WorkOrder, reason: str, by: User | None) -> WorkOrder:
    """Cancel an order with a reason; its linked shifts stay, but no more quantity can be recorded."""
    locked = _locked(order)
    if locked.status == WorkOrderStatus.CANCELLED:
        raise ValidationError(_("This work order is already cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the order is cancelled.")]})
    locked.status = WorkOrderStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    WorkOrderChange.objects.create(
        order=locked, kind=WorkOrderChange.Kind.CANCELLED, reason=locked.cancel_reason, by=by
    )
    return locked


@transaction.atomic
def business_line_save(*, stream: WorkStream, by: User | None) -> WorkStream:
    """Make a work stream a business line (or edit it): a trading name and an invoice prefix are needed."""
    errors: dict[str, list[str]] = {}
    if stream.is_business_line:
        if not stream.trading_name.strip():
            errors["trading_name"] = [_("A business line needs the name it trades under.")]
        if not stream.invoice_prefix.strip():
            errors["invoice_prefix"] = [_("A business line needs an invoice number prefix.")]
        elif (
            WorkStream.objects.filter(
                organisation_id=stream.organisation_id,
                is_business_line=True,
                invoice_prefix__iexact=stream.invoice_prefix.strip(),
            )
            .exclude(pk=stream.pk)
            .exists()
        ):
            errors["invoice_prefix"] = [_("Another business line already uses this prefix.")]
    if stream.invoice_next_number < 1:
        errors["invoice_next_number"] = [_("Invoice numbers start at 1.")]
    if errors:
        raise ValidationError(errors)
    stream.invoice_prefix = stream.invoice_prefix.strip()
    stream.save()
    return stream
