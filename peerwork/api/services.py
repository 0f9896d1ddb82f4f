"""Services API: catalogue, service logs, overdose responses, stock, client-code checks and the
device sync (batch upsert by UUID, one result per record)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import (
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    model_validator,
)

from peerwork.audit.services import audit_record
from peerwork.orgs.models import Site
from peerwork.services import selectors
from peerwork.services.models import OverdoseResponse, ServiceEntry, SupplyItem
from peerwork.services.records import Rejected, client_code_from
from peerwork.services.services import MAX_SYNC_BATCH, SyncResult, catalogue_ensure, records_sync
from peerwork.services.stock import stock_adjust, stock_receive, stock_transfer

from .common import (
    BodyBool,
    BodyId,
    BodyInt,
    Date,
    Error,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
)

router = Router(tags=["services"])


class SupplyItemOut(Schema):
    id: int
    category: str
    name: str
    is_active: bool


class ServiceEntryOut(Schema):
    id: int
    uuid: UUID = Field(alias="client_uuid")
    kind: str
    shift_id: int | None
    site_id: int
    peer_id: int | None
    item_id: int | None
    item_name: str | None = Field(None, alias="item.name")
    quantity: int
    client_code: str
    place_name: str
    latitude: Decimal | None
    longitude: Decimal | None
    referral_to: str
    referral_for: str
    occurred_at: datetime
    source: str


class OverdoseOut(Schema):
    id: int
    uuid: UUID = Field(alias="client_uuid")
    shift_id: int | None
    site_id: int | None
    occurred_at: datetime
    place_name: str
    place_type: str
    product: str
    doses_given: int
    emergency_services_called: bool
    conscious_before: bool
    outcome: str
    survived: bool | None
    responder_ids: list[int]
    client_code: str
    source: str

    @staticmethod
    def resolve_responder_ids(obj: OverdoseResponse) -> list[int]:
        return sorted(peer.pk for peer in obj.responders.all())


class StockLevelOut(Schema):
    id: int
    site_id: int
    site_name: str = Field(alias="site.name")
    item_id: int
    item_name: str = Field(alias="item.name")
    balance: int
    low_threshold: int
    is_low: bool


class StockMovementIn(Schema):
    action: Literal["received", "adjusted", "transferred"]
    site_id: BodyId
    item_id: BodyId
    quantity: BodyInt = Field(description="How many; for an adjustment a signed change (e.g. -3).")
    reason: Text = Field("", description="Required for an adjustment: count, damaged, lost, returned, other.")
    to_site_id: BodyId | None = Field(None, description="For a transfer: the receiving site.")


class StockMovementOut(Schema):
    id: int
    site_id: int
    item_id: int
    kind: str
    quantity: int
    balance_after: int
    reason: str


class ClientCodeIn(Schema):
    code: Text


class ClientCodeOut(Schema):
    valid: bool
    code: str = Field(description="The canonical form, when valid.")
    message: str


class SyncRecordIn(Schema):
    """One record from a device. Fields are checked per record, so one bad record rejects only itself."""

    uuid: Text
    type: Literal["entry", "overdose"] = "entry"
    owner: Text = Field(
        "",
        description="The device-queue key of the person who made the record (the entry page sends it); "
        "a record made by someone else is refused and waits for them.",
    )
    shift: BodyId | None = None
    occurred_at: Text | None = None
    client_code: Text = ""
    kind: Text | None = None
    item: BodyId | None = None
    quantity: BodyInt | None = None
    peer: BodyId | None = None
    place_name: Text = ""
    latitude: Decimal | Text | None = None
    longitude: Decimal | Text | None = None
    referral_to: Text = ""
    referral_for: Text = ""
    place_type: Text = ""
    product: Text = ""
    doses_given: BodyInt | None = None
    emergency_services_called: BodyBool = False
    conscious_before: BodyBool = False
    outcome: Text = ""
    responders: list[BodyId] = []

    _problem: str = PrivateAttr("")

    @model_validator(mode="wrap")
    @classmethod
    def _one_record_at_a_time(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """A record that does not fit the schema becomes a rejection of itself, not of the batch."""
        try:
            return handler(data)
        except ValidationError as exc:
            raw_uuid = data.get("uuid") if isinstance(data, dict) else None
            record = cls.model_construct(uuid=raw_uuid if isinstance(raw_uuid, str) else "")
            record._problem = "; ".join(
                f"{'.'.join(str(part) for part in error['loc']) or 'record'}: {error['msg']}"
                for error in exc.errors()
            )
            return record


# What the schema promises of a record: that it is taken, whatever it holds. A record that does
# not fit SyncRecordIn's fields is answered "rejected" with the reason, in a 200 with the others:
# one device's bad record never refuses the batch (docs/api.md, "Sync").
SyncRecord = Annotated[
    SyncRecordIn,
    WithJsonSchema(
        {
            "description": "One record: uuid, type (entry or overdose), occurred_at, shift, kind, "
            "client_code and the fields of its type. A record that does not fit them is answered "
            "rejected, with the reason, and the rest of the batch is still taken."
        }
    ),
]


class SyncIn(Schema):
    records: list[SyncRecord] = Field(..., max_length=MAX_SYNC_BATCH)


class SyncResultOut(Schema):
    uuid: str
    status: Literal["accepted", "rejected"]
    reason: str
    id: int | None
    duplicate: bool


class SyncOut(Schema):
    accepted: int
    rejected: int
    results: list[SyncResultOut]


@router.get(
    "/catalogue",
    operation_id="service_catalogue_list",
    response=list[SupplyItemOut],
    summary="The organisation's supply catalogue",
    url_name="services_catalogue",
)
@paginate(PageNumberPagination, page_size=100)
def catalogue_list(request: HttpRequest) -> Any:
    capability = "can_log_services" if _can(request, "can_log_services") else "can_view_services"
    membership = member(request, capability)
    catalogue_ensure(organisation=membership.organisation)
    return SupplyItem.objects.filter(organisation=membership.organisation).order_by("position", "name")


def _can(request: HttpRequest, capability: str) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership and membership.can(capability))


def _readable_label(value: str) -> str:
    return value[:64].encode("utf-8", "replace").decode("utf-8")


@router.get(
    "/logs",
    operation_id="service_log_list",
    response=list[ServiceEntryOut],
    summary="Accepted service records, newest first",
    url_name="services_logs",
)
@paginate(PageNumberPagination, page_size=100)
def log_list(request: HttpRequest, shift: int | None = id_filter(), day: Date | None = None) -> Any:
    membership = member(request, "can_view_services")
    return selectors.entries_matching(membership.organisation, shift_id=shift, day=day)


@router.get(
    "/logs/{entry_id}",
    operation_id="service_log_get",
    response={200: ServiceEntryOut, 403: Error, 404: Error},
    summary="One service record",
    url_name="services_log",
)
def log_detail(request: HttpRequest, entry_id: PathId) -> Any:
    member(request, "can_view_services")
    return fetch(ServiceEntry.objects.select_related("item"), request, pk=entry_id)


# What the overdose responses page records as read; the API records the same event.
OVERDOSE_FIELDS = ["occurred_at", "place", "outcome", "responders", "client_code"]


def _audit_overdoses_shown(request: HttpRequest, shown: int, event: OverdoseResponse | None = None) -> None:
    audit_record(
        action="read_sensitive",
        request=request,
        obj=event,
        object_type="services.overdoseresponse",
        fields=OVERDOSE_FIELDS,
        shown=shown,
    )


class AuditedOverdosePages(PageNumberPagination):
    """Pages of overdose responses; each page served is audited with how many it showed."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        result = super().paginate_queryset(queryset, pagination=pagination, request=request, **params)
        result[self.items_attribute] = list(result[self.items_attribute])
        _audit_overdoses_shown(request, len(result[self.items_attribute]))
        return result


@router.get(
    "/events",
    operation_id="service_event_list",
    response=list[OverdoseOut],
    summary="Overdose responses, newest first",
    url_name="services_events",
)
@paginate(AuditedOverdosePages, page_size=50)
def event_list(request: HttpRequest, start: Date | None = None, end: Date | None = None) -> Any:
    membership = member(request, "can_view_overdose_responses")
    events = selectors.overdose_queryset(membership.organisation)
    if start:
        events = events.filter(occurred_at__gte=selectors.day_bounds(membership.organisation, start)[0])
    if end:
        events = events.filter(occurred_at__lt=selectors.day_bounds(membership.organisation, end)[1])
    return events


@router.get(
    "/events/{event_id}",
    operation_id="service_event_get",
    response={200: OverdoseOut, 403: Error, 404: Error},
    summary="One overdose response",
    url_name="services_event",
)
def event_detail(request: HttpRequest, event_id: PathId) -> Any:
    member(request, "can_view_overdose_responses")
    event = fetch(selectors.overdose_queryset(request.organisation), request, pk=event_id)  # type: ignore[attr-defined]
    _audit_overdoses_shown(request, 1, event)
    return event


@router.get(
    "/stock",
    operation_id="stock_list",
    response=list[StockLevelOut],
    summary="Stock per site and item, with low-stock flags",
    url_name="services_stock",
)
@paginate(PageNumberPagination, page_size=100)
def stock_list(request: HttpRequest) -> Any:
    membership = member(request, "can_view_services")
    return selectors.stock_levels(membership.organisation)


@router.post(
    "/stock/movements",
    operation_id="stock_movement_create",
    response={201: StockMovementOut, 403: Error, 404: Error, 422: Error},
    summary="Record stock received, an adjustment with a reason, or a transfer between sites",
    url_name="services_stock_move",
)
def stock_move(request: HttpRequest, payload: StockMovementIn) -> Any:
    membership = member(request, "can_manage_stock")
    organisation = membership.organisation
    site = fetch(Site, request, pk=payload.site_id)
    item = fetch(SupplyItem, request, pk=payload.item_id)
    try:
        if payload.action == "received":
            movement = stock_receive(
                organisation=organisation,
                site=site,
                item=item,
                quantity=payload.quantity,
                user=membership.user,
            )
        elif payload.action == "adjusted":
            movement = stock_adjust(
                organisation=organisation,
                site=site,
                item=item,
                change=payload.quantity,
                reason=payload.reason,
                user=membership.user,
            )
        else:
            if payload.to_site_id is None:
                raise Rejected("Say which site receives the transfer (to_site_id).")
            to_site = fetch(Site, request, pk=payload.to_site_id)
            movement, _into = stock_transfer(
                organisation=organisation,
                from_site=site,
                to_site=to_site,
                item=item,
                quantity=payload.quantity,
                user=membership.user,
            )
    except Rejected as exc:
        return Status(409, {"detail": exc.reason, "errors": {"quantity": [exc.reason]}})
    return Status(201, movement)


@router.post(
    "/client-codes/validate",
    operation_id="client_code_validate",
    response={200: ClientCodeOut, 403: Error},
    summary="Check a client code against the organisation's scheme",
    url_name="services_client_code",
)
def client_code_validate(request: HttpRequest, payload: ClientCodeIn) -> Any:
    membership = member(request, "can_log_services")
    try:
        code = client_code_from(membership.organisation, payload.code)
    except Rejected as exc:
        return ClientCodeOut(valid=False, code="", message=exc.reason)
    return ClientCodeOut(valid=True, code=code, message="")


@router.post(
    "/sync",
    operation_id="services_sync",
    response={200: SyncOut, 403: Error, 422: Error},
    summary="Upsert records made offline, by their UUID; one accepted/rejected result per record",
    url_name="services_sync",
)
def sync(request: HttpRequest, payload: SyncIn) -> Any:
    membership = member(request, "can_log_services")
    records = []
    for record in payload.records:
        if record._problem:
            continue
        values = record.dict()
        for key in ("latitude", "longitude"):
            if values[key] is not None:
                values[key] = str(values[key])
        records.append(values)
    try:
        saved = iter(
            records_sync(
                organisation=membership.organisation,
                user=membership.user,
                is_staff=membership.is_staff_role,
                records=records,
            )
        )
    except Rejected as exc:
        raise HttpError(409, exc.reason) from None
    results = [
        SyncResult(
            uuid=_readable_label(record.uuid),
            status="rejected",
            reason=f"The record is not valid: {record._problem}",
        )
        if record._problem
        else next(saved)
        for record in payload.records
    ]
    accepted = sum(1 for r in results if r.status == "accepted")
    return SyncOut(
        accepted=accepted,
        rejected=len(results) - accepted,
        results=[SyncResultOut(**r.as_dict()) for r in results],
    )
