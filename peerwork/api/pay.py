"""Pay: rates, payouts, reversals, cash boxes, statements and earnings headroom."""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.accounts.sites import within_sites
from peerwork.audit.services import audit_read, audit_record
from peerwork.orgs.models import Site
from peerwork.pathway.models import Stage
from peerwork.pay import selectors, services
from peerwork.pay.models import CashBox, LedgerEntry, PayMethod, Payout, PayRate, RateKind
from peerwork.peers.models import PaymentTiming, PeerWorker
from peerwork.shifts.models import Role

from .common import (
    ERRORS,
    BodyId,
    BodyInt,
    BodyMoney,
    Date,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
)

router = Router(tags=["pay"])


class RateOut(Schema):
    id: int
    role_id: int
    role: str = Field(alias="role.name")
    stage_id: int | None
    kind: str
    amount: Decimal
    effective_from: date
    note: str


class RateIn(Schema):
    role_id: BodyId
    stage_id: BodyId | None = None
    kind: RateKind = RateKind.HOURLY
    amount: BodyMoney
    effective_from: Date
    note: Text = ""


@router.get(
    "/rates",
    operation_id="pay_rate_list",
    response=list[RateOut],
    summary="Pay rates of the organisation, newest first per role",
    url_name="pay_rate_list",
)
@paginate(PageNumberPagination, page_size=100)
def rate_list(request: HttpRequest):
    member(request, "can_record_payout")
    return selectors.rates_for(org_of(request))


@router.post(
    "/rates",
    operation_id="pay_rate_create",
    response={201: RateOut, **ERRORS},
    summary="Add a rate from a date on",
    url_name="pay_rate_create",
)
def rate_create(request: HttpRequest, payload: RateIn):
    membership = member(request, "can_manage_pay_rates")
    role = fetch(Role, request, pk=payload.role_id)
    stage = fetch(Stage, request, pk=payload.stage_id) if payload.stage_id else None
    rate = services.pay_rate_create(
        organisation=membership.organisation,
        role=role,
        stage=stage,
        kind=payload.kind,
        amount=payload.amount,
        effective_from=payload.effective_from,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, PayRate.objects.select_related("role").get(pk=rate.pk))


class PayoutOut(Schema):
    id: int
    peer_id: int
    peer: str = Field(alias="peer.preferred_name")
    source: str
    status: str
    amount: Decimal
    currency: str
    hours: Decimal | None
    earned_on: date
    description: str
    reason: str
    timing: str
    assignment_id: int | None
    training_attendance_id: int | None
    site_id: int | None


class PayoutIn(Schema):
    peer_id: BodyId
    amount: BodyMoney
    reason: Text
    earned_on: Date
    timing: PaymentTiming | None = None
    site_id: BodyId | None = None


class PayIn(Schema):
    method: PayMethod
    cash_box_id: BodyId | None = None
    timing: PaymentTiming | None = None


class EntryOut(Schema):
    id: int
    kind: str
    peer_id: int | None
    payout_id: int | None
    cash_box_id: int | None
    method: str
    amount: Decimal
    currency: str
    occurred_on: date
    reverses_id: int | None
    memo: str


@router.get(
    "/payouts",
    operation_id="payout_list",
    response=list[PayoutOut],
    summary="Payouts, optionally only those still owed or of peers near their limit",
    url_name="pay_payout_list",
)
@paginate(PageNumberPagination, page_size=100)
def payout_list(
    request: HttpRequest,
    status: str | None = None,
    peer_id: int | None = id_filter(),
    near_limit: bool = False,
):
    """``near_limit``: only payouts of peers near or over their benefit limit, as People and the desk
    flag them."""
    member(request, "can_record_payout")
    organisation = org_of(request)
    qs = within_sites(Payout.objects.filter(organisation=organisation)).select_related("peer")
    if status:
        qs = qs.filter(status=status)
    if peer_id:
        qs = qs.filter(peer_id=peer_id)
    if near_limit:
        qs = qs.filter(peer_id__in=list(selectors.earnings_flags(organisation, organisation.today())))
    return qs.order_by("-earned_on", "-id")


@router.get(
    "/payouts/{payout_id}",
    operation_id="payout_get",
    response={200: PayoutOut, **ERRORS},
    summary="One payout",
    url_name="pay_payout_get",
)
def payout_get(request: HttpRequest, payout_id: PathId):
    member(request, "can_record_payout")
    return fetch(Payout.objects.select_related("peer"), request, pk=payout_id)


@router.post(
    "/payouts",
    operation_id="payout_create",
    response={201: PayoutOut, **ERRORS},
    summary="Add a payout by hand, with a reason",
    url_name="pay_payout_create",
)
def payout_create(request: HttpRequest, payload: PayoutIn):
    membership = member(request, "can_record_payout")
    peer = fetch(PeerWorker, request, pk=payload.peer_id)
    site = fetch(Site, request, pk=payload.site_id) if payload.site_id else None
    payout = services.payout_create_manual(
        organisation=membership.organisation,
        peer=peer,
        amount=payload.amount,
        reason=payload.reason,
        earned_on=payload.earned_on,
        timing=payload.timing,
        site=site,
        actor=request.user,
    )
    return Status(201, payout)


@router.post(
    "/payouts/{payout_id}/pay",
    operation_id="payout_pay",
    response={200: EntryOut, **ERRORS},
    summary="Pay an owed payout",
    url_name="pay_payout_pay",
)
def payout_pay(request: HttpRequest, payout_id: PathId, payload: PayIn):
    member(request, "can_record_payout")
    payout = fetch(Payout, request, pk=payout_id)
    box = fetch(CashBox, request, pk=payload.cash_box_id) if payload.cash_box_id else None
    return services.payout_pay(
        payout=payout, method=payload.method, cash_box=box, timing=payload.timing, actor=request.user
    )


class ReverseIn(Schema):
    reason: Text


@router.get(
    "/ledger",
    operation_id="ledger_entry_list",
    response=list[EntryOut],
    summary="Ledger entries (append-only), oldest first",
    url_name="pay_ledger_list",
)
@paginate(PageNumberPagination, page_size=200)
def ledger_list(request: HttpRequest, start: Date | None = None, end: Date | None = None):
    member(request, "can_export_pay")
    qs = within_sites(LedgerEntry.objects.filter(organisation=org_of(request)))
    if start:
        qs = qs.filter(occurred_on__gte=start)
    if end:
        qs = qs.filter(occurred_on__lte=end)
    return qs.order_by("occurred_on", "id")


@router.post(
    "/ledger/{entry_id}/reversal",
    operation_id="ledger_entry_reverse",
    response={201: EntryOut, **ERRORS},
    summary="Reverse a payment (a new entry pointing at it; reversing twice is refused)",
    url_name="pay_entry_reverse",
)
def entry_reverse(request: HttpRequest, entry_id: PathId, payload: ReverseIn):
    member(request, "can_record_payout")
    entry = fetch(LedgerEntry, request, pk=entry_id)
    return Status(201, services.ledger_entry_reverse(entry=entry, reason=payload.reason, actor=request.user))


class CashBoxOut(Schema):
    id: int
    site_id: int
    opened_at: datetime
    opening_float: Decimal
    opening_count: dict[str, int]
    currency: str
    closed_at: datetime | None
    expected_at_close: Decimal | None
    counted_at_close: Decimal | None
    variance: Decimal | None
    variance_explanation: str
    signed_off_by_id: int | None
    balance: Decimal


class CashBoxOpenIn(Schema):
    site_id: BodyId
    opening_float: BodyMoney
    count: dict[Text, BodyInt] | None = None


class CashBoxCloseIn(Schema):
    counted: BodyMoney
    count: dict[Text, BodyInt] | None = None
    explanation: Text = ""


def _box_out(box: CashBox) -> CashBoxOut:
    return CashBoxOut(
        id=box.pk,
        site_id=box.site_id,
        opened_at=box.opened_at,
        opening_float=box.opening_float,
        opening_count=box.opening_count,
        currency=box.currency,
        closed_at=box.closed_at,
        expected_at_close=box.expected_at_close,
        counted_at_close=box.counted_at_close,
        variance=box.variance,
        variance_explanation=box.variance_explanation,
        signed_off_by_id=box.signed_off_by_id,
        balance=selectors.cash_box_balance(box),
    )


@router.get(
    "/cash-boxes",
    operation_id="cash_box_list",
    response=list[CashBoxOut],
    summary="Cash boxes, newest first",
    url_name="pay_cash_box_list",
)
@paginate(PageNumberPagination, page_size=50)
def cash_box_list(request: HttpRequest):
    member(request, "can_manage_cash_box")
    return [_box_out(box) for box in selectors.cash_boxes_for(org_of(request))[:500]]


@router.get(
    "/cash-boxes/{box_id}",
    operation_id="cash_box_get",
    response={200: CashBoxOut, **ERRORS},
    summary="One cash box and its balance",
    url_name="pay_cash_box_get",
)
def cash_box_get(request: HttpRequest, box_id: PathId):
    member(request, "can_manage_cash_box")
    return _box_out(fetch(CashBox, request, pk=box_id))


@router.post(
    "/cash-boxes",
    operation_id="cash_box_open",
    response={201: CashBoxOut, **ERRORS},
    summary="Open a site's cash box with a float",
    url_name="pay_cash_box_open",
)
def cash_box_open(request: HttpRequest, payload: CashBoxOpenIn):
    membership = member(request, "can_manage_cash_box")
    site = fetch(Site, request, pk=payload.site_id)
    box = services.cash_box_open(
        organisation=membership.organisation,
        site=site,
        opening_float=payload.opening_float,
        count=payload.count,
        actor=request.user,
    )
    return Status(201, _box_out(box))


@router.post(
    "/cash-boxes/{box_id}/close",
    operation_id="cash_box_close",
    response={200: CashBoxOut, **ERRORS},
    summary="Count and close; a difference needs an explanation",
    url_name="pay_cash_box_close",
)
def cash_box_close(request: HttpRequest, box_id: PathId, payload: CashBoxCloseIn):
    member(request, "can_manage_cash_box")
    box = fetch(CashBox, request, pk=box_id)
    box = services.cash_box_close(
        box=box,
        counted=payload.counted,
        count=payload.count,
        explanation=payload.explanation,
        actor=request.user,
    )
    return _box_out(box)


class StatementLineOut(Schema):
    day: date
    description: str
    method: str
    amount: Decimal
    entry_id: int


class StatementOut(Schema):
    peer_id: int
    start: date
    end: date
    currency: str
    total: Decimal
    hours: Decimal
    lines: list[StatementLineOut]


@router.get(
    "/peers/{peer_id}/statement",
    operation_id="peer_statement_get",
    response={200: StatementOut, **ERRORS},
    summary="What a peer was paid between two dates (default: this year)",
    url_name="pay_statement",
)
def statement(request: HttpRequest, peer_id: PathId, start: Date | None = None, end: Date | None = None):
    member(request, "can_record_payout")
    peer = fetch(PeerWorker.objects.select_related("organisation"), request, pk=peer_id)
    today = peer.organisation.today()
    result = selectors.statement_for(peer, start or date(today.year, 1, 1), end or today)
    # The same event as the statement download on the peer's pay page.
    audit_record(
        action="pay_statement_exported",
        request=request,
        obj=peer,
        start=str(result.start),
        end=str(result.end),
        format="json",
    )
    return StatementOut(
        peer_id=peer.pk,
        start=result.start,
        end=result.end,
        currency=result.currency,
        total=result.total,
        hours=result.hours,
        lines=[StatementLineOut(**line.__dict__) for line in result.lines],
    )


class HeadroomOut(Schema):
    peer_id: int
    has_rule: bool
    rule: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    limit: Decimal | None = None
    earned: Decimal | None = None
    left: Decimal | None = None
    percent: int | None = None
    warning: bool = False
    chose_to_go_over: bool = False
    hours_per_week: Decimal | None = None


@router.get(
    "/peers/{peer_id}/headroom",
    operation_id="peer_headroom_get",
    response={200: HeadroomOut, **ERRORS},
    summary="Earnings in the peer's benefit-rule period and what is left, for any date",
    url_name="pay_headroom",
)
def headroom(request: HttpRequest, peer_id: PathId, on: Date | None = None):
    member(request, "can_view_sensitive_peer_fields")
    peer = fetch(PeerWorker.objects.select_related("organisation"), request, pk=peer_id)
    found = selectors.headroom_for(peer, on or peer.organisation.today())
    # The same event as the peer's pay page, which shows the benefit rule and headroom.
    audit_read(request, peer, ["earnings_rule"])
    if found is None:
        return HeadroomOut(peer_id=peer.pk, has_rule=False)
    return HeadroomOut(
        peer_id=peer.pk,
        has_rule=True,
        rule=str(found.rule),
        period_start=found.period_start,
        period_end=found.period_end,
        limit=found.limit,
        earned=found.earned,
        left=found.left,
        percent=found.percent,
        warning=found.warning,
        chose_to_go_over=found.chose_to_go_over,
        hours_per_week=found.hours_per_week,
    )
