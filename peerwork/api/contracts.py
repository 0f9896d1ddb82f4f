"""Contracts API: draft, sign, renew and end a peer's contract, its standing weekly shifts, making
them into a week's shifts, and paying salaries for a pay period. Coordinators (and admins) write; a peer
(browser session) reads only their own signed contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import AfterValidator, WithJsonSchema

from peerwork.accounts.models import Membership
from peerwork.orgs.models import Site
from peerwork.pay.salary import salary_run
from peerwork.peers.models import PeerWorker
from peerwork.shifts import hooks
from peerwork.shifts.contracts import selectors, services
from peerwork.shifts.contracts.models import Contract, ContractStatus, StandingShift
from peerwork.shifts.models import Role

from .common import (
    ERRORS,
    JSON_INTEGER,
    BodyId,
    BodyMoney,
    Date,
    Error,
    Id,
    JsonDecimal,
    LocalTime,
    PageNumberPagination,
    Text,
    fetch,
    id_filter,
    member,
    org_of,
    path_id,
    refused,
)

router = Router(tags=["contracts"])


def _sensible(value: Date) -> date:
    if not 1900 <= value.year <= 2200:
        raise ValueError("must be a date between the years 1900 and 2200")
    return value


# The schema states the years too, so that a client's own validation refuses 0301 as the server does.
Day = Annotated[
    Date,
    AfterValidator(_sensible),
    WithJsonSchema({"type": "string", "format": "date", "pattern": "^(19[0-9]{2}|2[01][0-9]{2}|2200)-"}),
]
Rate = Annotated[Decimal, JsonDecimal(places=2, whole_digits=6)]
# 0.5 to 80 hours a week, in tenths: as a number, or as text such as "37.5".
WeeklyHours = Annotated[
    Decimal,
    JsonDecimal(
        places=1,
        whole_digits=2,
        lowest=Decimal("0.5"),
        highest=Decimal(80),
        pattern=r"^(0\.[5-9]|[1-9](\.[0-9])?|[1-7][0-9](\.[0-9])?|80(\.0)?)$",
    ),
]


def _own_peer(membership: Membership) -> PeerWorker | None:
    if not membership.can("is_peer"):
        return None
    peer = PeerWorker.objects.filter(user=membership.user, organisation=membership.organisation).first()
    if peer is None:
        raise HttpError(404, "Not found.")
    return peer


class StandingShiftOut(Schema):
    id: int
    contract_id: int
    weekday: int
    start_time: LocalTime
    end_time: LocalTime
    role_id: int
    site_id: int


class ContractOut(Schema):
    id: int
    peer_id: int
    site_id: int
    kind: str
    status: str
    starts_on: date
    ends_on: date | None
    hours_per_week: Decimal | None
    full_time_share: int | None
    weekly_hours: Decimal | None
    role_ids: list[int]
    pay_basis: str
    hourly_rate: Decimal | None
    salary: Decimal | None
    salary_period: str
    probation_review_on: date | None
    previous_id: int | None
    renewal_count: int
    over_renewal_policy: bool
    limit_warning: str | None
    ended_on: date | None
    end_reason: str
    standing_shifts: list[StandingShiftOut]

    @staticmethod
    def resolve_role_ids(obj: Contract) -> list[int]:
        return sorted(r.pk for r in obj.roles.all())

    @staticmethod
    def resolve_over_renewal_policy(obj: Contract) -> bool:
        return selectors.over_renewal_policy(obj)

    @staticmethod
    def resolve_limit_warning(obj: Contract) -> str | None:
        warning = hooks.contract_limit_warning(obj)
        return str(warning) if warning else None

    @staticmethod
    def resolve_standing_shifts(obj: Contract) -> list[StandingShift]:
        return list(obj.standing_shifts.all())


Percent = Annotated[int, Field(ge=1, le=100), JSON_INTEGER]


class ContractIn(Schema):
    peer_id: BodyId
    site_id: BodyId
    kind: Literal["casual", "fixed_term", "permanent"]
    starts_on: Day
    ends_on: Day | None = None
    hours_per_week: WeeklyHours | None = None
    full_time_share: Percent | None = None
    role_ids: list[BodyId] = Field(default_factory=list, max_length=50)
    pay_basis: Literal["hourly", "salary"] = "hourly"
    hourly_rate: Rate | None = None
    salary: BodyMoney | None = None
    salary_period: Literal["", "week", "fortnight", "month"] = ""
    probation_review_on: Day | None = None


class StandingShiftIn(Schema):
    weekday: Annotated[int, Field(ge=0, le=6), JSON_INTEGER] = Field(description="0 is Monday.")
    start_time: LocalTime
    end_time: LocalTime
    role_id: BodyId
    site_id: BodyId


class ContractRenewIn(Schema):
    ends_on: Day


class ContractEndIn(Schema):
    ended_on: Day
    reason: Text = Field(min_length=1, max_length=300)


class StandingWeekIn(Schema):
    week_start: Day = Field(description="Any day of the week; its Monday is used.")


class StandingNotHeldOut(Schema):
    standing_shift_id: int
    peer_id: int
    day: date
    reason: str = Field(description="Why the rules refused the peer this shift, in the coordinator's words.")


class StandingMadeOut(Schema):
    shift_ids: list[int] = Field(description="Shifts made, each with its peer's place held.")
    not_held: list[StandingNotHeldOut] = Field(
        description="Standing shifts not made this week because their peer may not take them."
    )


class SalaryRunIn(Schema):
    on: Day = Field(description="A day in the pay periods to pay.")


class SalaryRunOut(Schema):
    paid_payout_ids: list[int]
    held_payout_ids: list[int]


def _contract(request: HttpRequest, contract_id: int) -> Contract:
    return fetch(selectors.contracts_for(org_of(request)), request, pk=contract_id)


@router.get(
    "/contracts",
    operation_id="contract_list",
    response={200: list[ContractOut], 404: Error},
    summary="Contracts (a peer: their own signed ones)",
)
@paginate(PageNumberPagination, page_size=100)
def contract_list(
    request: HttpRequest,
    status: str | None = Query(None, description="draft, active or ended", pattern="^(draft|active|ended)$"),
    peer_id: int | None = id_filter(),
) -> Any:
    membership = member(request, "can_use_api")
    qs = selectors.contracts_for(org_of(request)).prefetch_related("standing_shifts")
    own = _own_peer(membership)
    if own is not None:
        qs = qs.filter(peer=own).exclude(status=ContractStatus.DRAFT)
    elif not membership.can("can_manage_contracts"):
        raise HttpError(403, "Your role does not allow this.")
    if status:
        qs = qs.filter(status=status)
    if peer_id is not None:
        qs = qs.filter(peer_id=peer_id)
    return qs.order_by("-starts_on", "-id")


@router.post(
    "/contracts",
    operation_id="contract_create",
    response={201: ContractOut, **ERRORS},
    summary="Draft a contract",
)
def contract_create(request: HttpRequest, payload: ContractIn) -> Any:
    membership = member(request, "can_manage_contracts")
    peer = fetch(PeerWorker, request, pk=payload.peer_id)
    site = fetch(Site, request, pk=payload.site_id)
    roles = [fetch(Role, request, pk=pk) for pk in payload.role_ids]
    terms = payload.model_dump(exclude={"peer_id", "site_id", "role_ids"})
    try:
        contract = services.contract_draft(
            organisation=membership.organisation,
            peer=peer,
            site=site,
            roles=roles,
            by=membership.user,
            **terms,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, contract)


@router.get(
    "/contracts/{contract_id}",
    operation_id="contract_get",
    response={200: ContractOut, **ERRORS},
    summary="One contract",
)
def contract_detail(request: HttpRequest, contract_id: Id) -> Any:
    membership = member(request, "can_use_api")
    contract = _contract(request, contract_id)
    own = _own_peer(membership)
    if own is not None:
        if contract.peer_id != own.pk or contract.status == ContractStatus.DRAFT:
            raise HttpError(404, "Not found.")
    elif not membership.can("can_manage_contracts"):
        raise HttpError(403, "Your role does not allow this.")
    return contract


def _act(request: HttpRequest, contract_id: int, action: Any, **kwargs: Any) -> Any:
    membership = member(request, "can_manage_contracts")
    contract = _contract(request, contract_id)
    try:
        result = action(contract=contract, by=membership.user, **kwargs)
    except ValidationError as error:
        return refused(error)
    return Status(200, _contract(request, result.pk))


@router.post(
    "/contracts/{contract_id}/sign",
    operation_id="contract_sign",
    response={200: ContractOut, **ERRORS},
    summary="Sign a draft",
)
def contract_sign(request: HttpRequest, contract_id: Id) -> Any:
    return _act(request, contract_id, services.contract_sign)


@router.post(
    "/contracts/{contract_id}/renew",
    operation_id="contract_renew",
    response={200: ContractOut, **ERRORS},
    summary="Draft the renewal of a fixed-term contract (the new draft is returned)",
)
def contract_renew(request: HttpRequest, contract_id: Id, payload: ContractRenewIn) -> Any:
    return _act(request, contract_id, services.contract_renew, ends_on=payload.ends_on)


@router.post(
    "/contracts/{contract_id}/end",
    operation_id="contract_end",
    response={200: ContractOut, **ERRORS},
    summary="End a contract",
)
def contract_end(request: HttpRequest, contract_id: Id, payload: ContractEndIn) -> Any:
    return _act(request, contract_id, services.contract_end, ended_on=payload.ended_on, reason=payload.reason)


@router.get(
    "/contracts/{contract_id}/standing-shifts",
    operation_id="standing_shift_list",
    response=list[StandingShiftOut],
    summary="A contract's standing weekly shifts",
)
@paginate(PageNumberPagination, page_size=100)
def standing_list(request: HttpRequest, contract_id: int = path_id()) -> Any:
    member(request, "can_manage_contracts")
    return _contract(request, contract_id).standing_shifts.all()


@router.post(
    "/contracts/{contract_id}/standing-shifts",
    operation_id="standing_shift_create",
    response={201: StandingShiftOut, **ERRORS},
    summary="Add a standing weekly shift to a draft contract",
)
def standing_create(request: HttpRequest, contract_id: Id, payload: StandingShiftIn) -> Any:
    membership = member(request, "can_manage_contracts")
    contract = _contract(request, contract_id)
    role = fetch(Role, request, pk=payload.role_id)
    site = fetch(Site, request, pk=payload.site_id)
    try:
        shift = services.standing_shift_add(
            contract=contract,
            weekday=payload.weekday,
            start_time=payload.start_time,
            end_time=payload.end_time,
            role=role,
            site=site,
            by=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, shift)


@router.delete(
    "/standing-shifts/{shift_id}",
    operation_id="standing_shift_delete",
    response={204: None, **ERRORS},
    summary="Remove a draft's standing shift",
)
def standing_delete(request: HttpRequest, shift_id: Id) -> Any:
    membership = member(request, "can_manage_contracts")
    shift = fetch(StandingShift, request, pk=shift_id)
    try:
        services.standing_shift_remove(shift=shift, by=membership.user)
    except ValidationError as error:
        return refused(error)
    return Status(204, None)


@router.post(
    "/weeks/standing-shifts",
    operation_id="standing_shift_week_make",
    response={200: StandingMadeOut, **ERRORS},
    summary="Make the week's shifts from signed contracts' standing shifts, places held",
)
def standing_make(request: HttpRequest, payload: StandingWeekIn) -> Any:
    membership = member(request, "can_manage_shifts")
    monday = payload.week_start.fromordinal(payload.week_start.toordinal() - payload.week_start.weekday())
    made = services.standing_shifts_materialise(
        organisation=membership.organisation, week_start=monday, by=membership.user
    )
    not_held = [
        {
            "standing_shift_id": n.standing.pk,
            "peer_id": n.standing.contract.peer_id,
            "day": n.day,
            "reason": n.reason,
        }
        for n in made.not_held
    ]
    return Status(200, {"shift_ids": [s.pk for s in made.held], "not_held": not_held})


@router.post(
    "/salary-runs",
    operation_id="salary_run_create",
    response={200: SalaryRunOut, **ERRORS},
    summary="Pay salaried contracts for their pay periods containing a day",
)
def salary_run_create(request: HttpRequest, payload: SalaryRunIn) -> Any:
    membership = member(request, "can_record_payout")
    run = salary_run(organisation=membership.organisation, on=payload.on, actor=membership.user)
    return Status(
        200, {"paid_payout_ids": [p.pk for p in run.paid], "held_payout_ids": [p.pk for p in run.held]}
    )
