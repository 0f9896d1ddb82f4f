"""Records made off shift (a peer's needles picked up, an overdose answered on the way home) and a
peer's own contribution over a period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from peerwork.peers.models import PeerWorker
from peerwork.services.contribution import Contribution, contribution_for, contribution_period
from peerwork.services.offshift import offshift_overdose_record, offshift_sharps_record
from peerwork.services.selectors import peer_for

from .common import (
    BodyBool,
    BodyId,
    BodyInt,
    DateTime,
    Error,
    Id,
    JsonDecimal,
    Text,
    fetch,
    member,
)
from .services import OverdoseOut, ServiceEntryOut

router = Router(tags=["services"])


class OffShiftOverdoseIn(Schema):
    uuid: UUID | None = None
    site: BodyId
    occurred_at: DateTime
    place_name: Text = Field("", max_length=120)
    place_type: Text = Field("", max_length=20)
    product: Text = Field(..., max_length=12)
    doses_given: BodyInt = 1
    emergency_services_called: BodyBool = False
    conscious_before: BodyBool = False
    outcome: Text = Field("survived", max_length=10)
    client_code: Text = Field("", max_length=40)
    other_responders: list[BodyId] = Field(default_factory=list, max_length=20)


class OffShiftOverdoseOut(Schema):
    response: OverdoseOut
    duplicate: bool
    pay_lines: list[str]


# Degrees to six places (about 10 cm), as a number or as text such as "43.653226".
Latitude = Annotated[
    Decimal,
    JsonDecimal(
        places=6,
        whole_digits=2,
        signed=True,
        highest=Decimal(90),
        pattern=r"^-?(([0-9]|[1-8][0-9])(\.[0-9]{1,6})?|90(\.0{1,6})?)$",
    ),
]
Longitude = Annotated[
    Decimal,
    JsonDecimal(
        places=6,
        whole_digits=3,
        signed=True,
        highest=Decimal(180),
        pattern=r"^-?(([0-9]|[1-9][0-9]|1[0-7][0-9])(\.[0-9]{1,6})?|180(\.0{1,6})?)$",
    ),
]


class OffShiftSharpsIn(Schema):
    uuid: UUID | None = None
    site: BodyId
    occurred_at: DateTime
    quantity: BodyInt
    place_name: Text = Field("", max_length=120)
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class OffShiftSharpsOut(Schema):
    entry: ServiceEntryOut
    duplicate: bool


@router.post(
    "/off-shift/overdose-responses",
    operation_id="off_shift_overdose_create",
    response={200: OffShiftOverdoseOut, 201: OffShiftOverdoseOut, 403: Error, 422: Error},
    summary="Record an overdose response the caller (a peer) made outside a shift",
    url_name="offshift_overdose",
)
def overdose_create(request: HttpRequest, payload: OffShiftOverdoseIn) -> Any:
    membership = member(request, "can_log_services")
    values = payload.dict()
    result = offshift_overdose_record(
        organisation=membership.organisation,
        user=membership.user,
        client_uuid=values.pop("uuid"),
        source="sync",
        **values,
    )
    body = {"response": result.record, "duplicate": result.duplicate, "pay_lines": result.pay_lines}
    return Status(200 if result.duplicate else 201, body)


@router.post(
    "/off-shift/sharps",
    operation_id="off_shift_sharps_create",
    response={200: OffShiftSharpsOut, 201: OffShiftSharpsOut, 403: Error, 422: Error},
    summary="Record needles the caller (a peer) picked up outside a shift",
    url_name="offshift_sharps",
)
def sharps_create(request: HttpRequest, payload: OffShiftSharpsIn) -> Any:
    membership = member(request, "can_log_services")
    values = payload.dict()
    for key in ("latitude", "longitude"):
        if values[key] is not None:
            values[key] = str(values[key])
    result = offshift_sharps_record(
        organisation=membership.organisation,
        user=membership.user,
        client_uuid=values.pop("uuid"),
        source="sync",
        **values,
    )
    return Status(200 if result.duplicate else 201, {"entry": result.record, "duplicate": result.duplicate})


class RoleHours(Schema):
    role: str
    hours: Decimal


class OrderDone(Schema):
    order: str
    quantity_done: int


class ContributionOut(Schema):
    peer_id: int
    start: date | None
    end: date
    hours: Decimal
    hours_by_role: list[RoleHours]
    shifts: int
    needles_recovered: int
    supplies_given: int
    people_met: int
    overdose_responses: int
    trainings_given: int
    mentoring_contacts: int
    mentoring_minutes: int
    orders_worked: list[OrderDone]
    lines: list[str]


class PeriodQuery(Schema):
    period: Literal["month", "quarter", "year", "custom"] = "month"
    start: str = Field("", max_length=10)
    end: str = Field("", max_length=10)


def _out(peer: PeerWorker, done: Contribution) -> dict[str, Any]:
    return {
        "peer_id": peer.pk,
        "start": done.start,
        "end": done.end,
        "hours": done.hours,
        "hours_by_role": [{"role": r, "hours": h} for r, h in done.hours_by_role],
        "shifts": done.shifts,
        "needles_recovered": done.needles,
        "supplies_given": done.supplies,
        "people_met": done.people_met,
        "overdose_responses": done.overdose_responses,
        "trainings_given": done.trainings_given,
        "mentoring_contacts": done.mentoring_contacts,
        "mentoring_minutes": done.mentoring_minutes,
        "orders_worked": [{"order": o, "quantity_done": q} for o, q in done.orders],
        "lines": done.lines(),
    }


def _contribution(peer: PeerWorker, query: PeriodQuery) -> dict[str, Any]:
    _period, start, end = contribution_period(peer.organisation, query.period, query.start, query.end)
    return _out(peer, contribution_for(peer, start, end))


@router.get(
    "/contribution/me",
    operation_id="contribution_mine_get",
    response={200: ContributionOut, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="What the caller (a peer) has done over a period: this month, 3 months, a year or dates",
    url_name="contribution_mine",
)
def contribution_mine(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    membership = member(request, "is_peer")
    peer = peer_for(membership.organisation, membership.user)
    if peer is None:
        raise ValidationError("Your peer profile is not set up yet.")
    return _contribution(peer, query)


@router.get(
    "/contribution/peers/{peer_id}",
    operation_id="peer_contribution_get",
    response={200: ContributionOut, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="What one peer has done over a period (staff who may see peers)",
    url_name="contribution_peer",
)
def contribution_peer(request: HttpRequest, peer_id: Id, query: Query[PeriodQuery]) -> Any:
    member(request, "can_view_peers")
    peer = fetch(PeerWorker.objects.select_related("organisation"), request, pk=peer_id)
    return _contribution(peer, query)
