"""Invoicing API: business lines, priced work orders (target changes, cancelling), invoices (issue, paid,
void) and credit notes. Coordinators and admins only; another organisation's row is a 404."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.invoicing import selectors as invoice_selectors
from peerwork.invoicing import services as invoicing
from peerwork.invoicing.models import CreditNote, Invoice
from peerwork.shifts import orders
from peerwork.shifts.models import WorkOrder, WorkStream

from .common import (
    ERRORS,
    BodyBool,
    BodyId,
    BodyMoney,
    Date,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    member,
    org_of,
    refused,
)

router = Router(tags=["invoicing"])
Quantity = Annotated[int, Field(ge=1, le=10**9)]


# --- business lines ------------------------------------------------------------------------------


class BusinessLineOut(Schema):
    id: int
    name: str
    is_business_line: bool
    trading_name: str
    contact: str
    invoice_prefix: str
    invoice_next_number: int


class BusinessLineIn(Schema):
    is_business_line: BodyBool = True
    trading_name: Annotated[Text, Field(max_length=200)]
    contact: Annotated[Text, Field(max_length=1000)] = ""
    invoice_prefix: Annotated[Text, Field(max_length=12)]


@router.get(
    "/business-lines",
    operation_id="business_line_list",
    response=list[BusinessLineOut],
    summary="Work streams and their business details",
)
@paginate(PageNumberPagination, page_size=100)
def invoicing_business_line_list(request: HttpRequest) -> Any:
    member(request, "can_manage_invoices")
    return WorkStream.objects.filter(organisation=org_of(request)).order_by("name", "id")


@router.get(
    "/business-lines/{line_id}",
    operation_id="business_line_get",
    response={200: BusinessLineOut, **ERRORS},
    summary="One work stream",
)
def invoicing_business_line_detail(request: HttpRequest, line_id: PathId) -> Any:
    member(request, "can_manage_invoices")
    return fetch(WorkStream, request, pk=line_id)


@router.put(
    "/business-lines/{line_id}",
    operation_id="business_line_set",
    response={200: BusinessLineOut, **ERRORS},
    summary="Make a work stream a business line, or change its trading name, contact or prefix",
)
def invoicing_business_line_save(request: HttpRequest, line_id: PathId, payload: BusinessLineIn) -> Any:
    membership = member(request, "can_manage_invoices")
    stream = fetch(WorkStream, request, pk=line_id)
    for field, value in payload.dict().items():
        setattr(stream, field, value)
    try:
        return orders.business_line_save(stream=stream, by=membership.user)
    except ValidationError as error:
        return refused(error)


# --- work orders ---------------------------------------------------------------------------------


class WorkOrderOut(Schema):
    id: int
    work_stream_id: int
    customer: str
    description: str
    quantity: int
    quantity_done: int
    unit: str
    pricing: str
    price: Decimal | None
    due_on: date | None
    status: str
    cancel_reason: str


class WorkOrderIn(Schema):
    work_stream_id: BodyId
    customer: Annotated[Text, Field(min_length=1, max_length=200)]
    description: Annotated[Text, Field(min_length=1, max_length=300)]
    quantity: Quantity
    unit: Annotated[Text, Field(min_length=1, max_length=40)] = "items"
    pricing: Literal["fixed", "per_unit"] = "per_unit"
    price: BodyMoney | None = None
    due_on: Date | None = None


class TargetIn(Schema):
    quantity: Quantity
    reason: Annotated[Text, Field(max_length=300)]


class OrderOrInvoiceReasonIn(Schema):
    reason: Annotated[Text, Field(max_length=300)]


@router.get(
    "/work-orders",
    operation_id="work_order_list",
    response=list[WorkOrderOut],
    summary="Work orders, by due date",
)
@paginate(PageNumberPagination, page_size=100)
def invoicing_work_order_list(request: HttpRequest) -> Any:
    member(request, "can_manage_shifts")
    return WorkOrder.objects.filter(organisation=org_of(request)).order_by("due_on", "id")


@router.post(
    "/work-orders",
    operation_id="work_order_create",
    response={201: WorkOrderOut, **ERRORS},
    summary="Add a priced work order",
)
def invoicing_work_order_create(request: HttpRequest, payload: WorkOrderIn) -> Any:
    membership = member(request, "can_manage_shifts")
    stream = fetch(WorkStream, request, pk=payload.work_stream_id)
    data = payload.dict(exclude={"work_stream_id"})
    try:
        order = orders.work_order_create(
            order=WorkOrder(organisation=membership.organisation, work_stream=stream, **data),
            by=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    order.refresh_from_db()  # the price as stored (two decimals)
    return Status(201, order)


@router.get(
    "/work-orders/{order_id}",
    operation_id="work_order_get",
    response={200: WorkOrderOut, **ERRORS},
    summary="One work order",
)
def invoicing_work_order_detail(request: HttpRequest, order_id: PathId) -> Any:
    member(request, "can_manage_shifts")
    return fetch(WorkOrder, request, pk=order_id)


@router.post(
    "/work-orders/{order_id}/target",
    operation_id="work_order_target_set",
    response={200: WorkOrderOut, **ERRORS},
    summary="Raise the target (recorded with a reason); a closed order opens again",
)
def invoicing_work_order_target(request: HttpRequest, order_id: PathId, payload: TargetIn) -> Any:
    membership = member(request, "can_manage_shifts")
    order = fetch(WorkOrder, request, pk=order_id)
    try:
        return orders.work_order_raise_target(
            order=order, quantity=payload.quantity, reason=payload.reason, by=membership.user
        )
    except ValidationError as error:
        return refused(error)


@router.post(
    "/work-orders/{order_id}/cancel",
    operation_id="work_order_cancel",
    response={200: WorkOrderOut, **ERRORS},
    summary="Cancel with a reason",
)
def invoicing_work_order_cancel(
    request: HttpRequest, order_id: PathId, payload: OrderOrInvoiceReasonIn
) -> Any:
    membership = member(request, "can_manage_shifts")
    order = fetch(WorkOrder, request, pk=order_id)
    try:
        return orders.work_order_cancel(order=order, reason=payload.reason, by=membership.user)
    except ValidationError as error:
        return refused(error)


# --- invoices and credit notes -------------------------------------------------------------------


class InvoiceLineOut(Schema):
    work_order_id: int
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal


class InvoiceOut(Schema):
    id: int
    number: str
    business_line_id: int
    customer: str
    issued_on: date
    due_on: date
    currency: str
    tax_label: str
    tax_number: str
    tax_rate: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    status: str
    paid_on: date | None
    voided_on: date | None
    lines: list[InvoiceLineOut]


class InvoiceIn(Schema):
    work_order_ids: Annotated[list[BodyId], Field(max_length=100)]


class PaidIn(Schema):
    paid_on: Date


class CreditNoteOut(Schema):
    id: int
    number: str
    invoice_id: int
    issued_on: date
    reason: str
    amount: Decimal
    created_at: datetime


def _invoices(request: HttpRequest) -> Any:
    return invoice_selectors.invoices_for(org_of(request)).prefetch_related("lines")


@router.get(
    "/invoices", operation_id="invoice_list", response=list[InvoiceOut], summary="Invoices, newest first"
)
@paginate(PageNumberPagination, page_size=50)
def invoicing_invoice_list(request: HttpRequest) -> Any:
    member(request, "can_manage_invoices")
    return _invoices(request)


@router.post(
    "/invoices",
    operation_id="invoice_create",
    response={201: InvoiceOut, **ERRORS},
    summary="Invoice what is left on work orders of one business line and customer; it is sent at once",
)
def invoicing_invoice_create(request: HttpRequest, payload: InvoiceIn) -> Any:
    membership = member(request, "can_manage_invoices")
    chosen = [fetch(WorkOrder, request, pk=pk) for pk in dict.fromkeys(payload.work_order_ids)]
    try:
        invoice = invoicing.invoice_issue(
            organisation=membership.organisation, orders=chosen, by=membership.user
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, invoice)


@router.get(
    "/invoices/{invoice_id}",
    operation_id="invoice_get",
    response={200: InvoiceOut, **ERRORS},
    summary="One invoice",
)
def invoicing_invoice_detail(request: HttpRequest, invoice_id: PathId) -> Any:
    member(request, "can_manage_invoices")
    return fetch(_invoices(request), request, pk=invoice_id)


@router.post(
    "/invoices/{invoice_id}/paid",
    operation_id="invoice_mark_paid",
    response={200: InvoiceOut, **ERRORS},
    summary="Mark a sent invoice paid",
)
def invoicing_invoice_paid(request: HttpRequest, invoice_id: PathId, payload: PaidIn) -> Any:
    membership = member(request, "can_manage_invoices")
    invoice = fetch(Invoice, request, pk=invoice_id)
    try:
        return invoicing.invoice_mark_paid(invoice=invoice, paid_on=payload.paid_on, by=membership.user)
    except ValidationError as error:
        return refused(error)


@router.post(
    "/invoices/{invoice_id}/void",
    operation_id="invoice_void",
    response={201: CreditNoteOut, **ERRORS},
    summary="Void an invoice with a credit note for its full amount (invoices are never changed or deleted)",
)
def invoicing_invoice_void(request: HttpRequest, invoice_id: PathId, payload: OrderOrInvoiceReasonIn) -> Any:
    membership = member(request, "can_manage_invoices")
    invoice = fetch(Invoice, request, pk=invoice_id)
    try:
        note = invoicing.invoice_void(invoice=invoice, reason=payload.reason, by=membership.user)
    except ValidationError as error:
        return refused(error)
    return Status(201, note)


@router.get(
    "/credit-notes",
    operation_id="credit_note_list",
    response=list[CreditNoteOut],
    summary="Credit notes, newest first",
)
@paginate(PageNumberPagination, page_size=50)
def invoicing_credit_note_list(request: HttpRequest) -> Any:
    member(request, "can_manage_invoices")
    return CreditNote.objects.filter(organisation=org_of(request))


@router.get(
    "/credit-notes/{note_id}",
    operation_id="credit_note_get",
    response={200: CreditNoteOut, **ERRORS},
    summary="One credit note",
)
def invoicing_credit_note_detail(request: HttpRequest, note_id: PathId) -> Any:
    member(request, "can_manage_invoices")
    return fetch(CreditNote, request, pk=note_id)
