"""Shared pieces for every router: the capability check, org-scoped fetch, the error shape, pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Schema, Status
from ninja import pagination as ninja_pagination
from ninja.errors import HttpError
from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from peerwork.accounts.access import get_for_org
from peerwork.accounts.models import Membership
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation

M = TypeVar("M", bound=Model)

MAX_ID = 2**63 - 1  # the largest id a database column holds
MAX_PAGE = 2**31 - 1

# An id: a larger number is a 422, not a database overflow.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Any other whole number: within what a 64-bit column holds (422 beyond).
Int = Annotated[int, Field(ge=-MAX_ID - 1, le=MAX_ID)]


# A body's values are taken as JSON types them, as the schema says: a number is not a string of
# digits, a flag is true or false (not 1 or "yes"), and a date is ISO text, not a count of seconds.
# (A query string's values are all text, so Id and Int above parse them as numbers.)
def _json_integer(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("give a whole number (a JSON number, not text)")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("give a whole number")
        return int(value)
    return value


@dataclass(frozen=True)
class JsonDecimal:
    """A decimal in a body, as a JSON number or as text, that the schema describes exactly: the
    number's range and step, and the text's shape (at most ``whole_digits`` before the point and
    ``places`` after it, a sign only if ``signed``). ``pattern`` narrows the text further where the
    range (``lowest`` to ``highest``) is not the whole span of those digits. A number off by float
    rounding (0.5700000000000001) is taken as the amount it stands for (0.57).

    Use it as ``Annotated[Decimal, JsonDecimal(places=2, whole_digits=10)]``."""

    places: int
    whole_digits: int
    signed: bool = False
    lowest: Decimal | None = None
    highest: Decimal | None = None
    pattern: str | None = None

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    @property
    def range(self) -> tuple[Decimal, Decimal]:
        largest = self.highest if self.highest is not None else Decimal(10) ** self.whole_digits - self.step
        if self.lowest is not None:
            return self.lowest, largest
        return (-largest if self.signed else Decimal(0)), largest

    @property
    def text(self) -> str:
        sign = "-?" if self.signed else ""
        return self.pattern or rf"^{sign}[0-9]{{1,{self.whole_digits}}}(\.[0-9]{{1,{self.places}}})?$"

    def check(self, value: Any) -> Decimal:
        lowest, largest = self.range
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, str) and re.match(self.text, value):
            return Decimal(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            number = None
        if number is not None and number.is_finite():
            amount = number.quantize(self.step)
            if abs(number - amount) <= Decimal("1e-9") and lowest <= amount <= largest:
                return amount
        raise ValueError(
            f"give a number from {lowest} to {largest} with at most {self.places} decimal places "
            f"(as a JSON number, or as text matching {self.text})"
        )

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        lowest, largest = self.range
        number = {
            "type": "number",
            "minimum": float(lowest),
            "maximum": float(largest),
            "multipleOf": float(self.step),
        }
        return {"anyOf": [number, {"type": "string", "pattern": self.text}]}


# Money in a body: up to ten whole digits and cents, never negative (a reversal is its own entry).
BodyMoney = Annotated[Decimal, JsonDecimal(places=2, whole_digits=10)]
BodyFloat = Annotated[float, Strict()]
# A whole number in a body within a range: Annotated[int, Field(ge=..., le=...), JSON_INTEGER].
# (The bounds come before the validator, so that the schema states them as minimum and maximum.)
JSON_INTEGER = BeforeValidator(_json_integer)
BodyId = Annotated[int, Field(ge=1, le=MAX_ID), JSON_INTEGER]
BodyInt = Annotated[int, Field(ge=-MAX_ID - 1, le=MAX_ID), JSON_INTEGER]
BodyBool = Annotated[bool, Strict()]


# ISO 8601 text: pydantic would also read a number (or a string of digits) as seconds since 1970.
_ISO_SHAPE = {
    date: re.compile(r"\d{4}-\d{2}-\d{2}"),
    datetime: re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*"),
    time: re.compile(r"\d{2}:\d{2}.*"),
}


def _iso_text(kind: type) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, kind) or (isinstance(value, str) and _ISO_SHAPE[kind].fullmatch(value)):
            return value
        raise ValueError(f"give the {kind.__name__} as ISO 8601 text")

    return BeforeValidator(check)


Date = Annotated[date, _iso_text(date)]
DateTime = Annotated[datetime, _iso_text(datetime)]


def _naive(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("give a local time of day without a time zone, e.g. 09:00")
    return value


# A time of day on the organisation's clock. JSON Schema's "time" format demands a UTC offset,
# which a local time has not: the schema says what is sent and answered, HH:MM or HH:MM:SS.
LocalTime = Annotated[
    time,
    _iso_text(time),
    AfterValidator(_naive),
    WithJsonSchema({"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}),
]


# A row's id in a path: a larger number than a column holds is a 422, as for an id in a body.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def path_id() -> Any:
    """PathId as a default, for a paginated route (its wrapper cannot see this module's names)."""
    return Path(..., ge=1, le=MAX_ID)


def id_filter() -> Any:
    """An optional id in a list's query string, kept within what a database column holds."""
    return Query(None, ge=1, le=MAX_ID)


def _readable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("has a broken character (a lone surrogate)") from None
    return value


# Text a database can store: JSON may carry lone surrogates, which PostgreSQL and SQLite refuse.
Text = Annotated[str, AfterValidator(_readable)]


class PageNumberPagination(ninja_pagination.PageNumberPagination):
    """Page-number pages whose numbers stay within what a database offset holds (422 beyond)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)


def validation_messages(error: ValidationError) -> dict[str, list[str]]:
    """A refused write's messages by field (``__all__`` for those about the whole record)."""
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def refused(error: ValidationError) -> Status[dict[str, Any]]:
    """What the rules refused, as every route says it: 409, the first message as the detail, all of
    them by field. (422 is kept for a request the schema itself refuses: see docs/api.md.)"""
    errors = validation_messages(error)
    return Status(409, {"detail": next(iter(errors.values()))[0], "errors": errors})


class Error(Schema):
    """Every error the API returns has this shape."""

    detail: str
    errors: dict[str, list[str]] | None = None


# The errors a route may answer with, for its ``response={200: ..., **ERRORS}``. Every route also
# declares what its authentication and inputs can answer (see contract.declare_answers).
ERRORS = {403: Error, 404: Error, 409: Error, 422: Error}


def file_answer(description: str, *media_types: str) -> dict[str, Any]:
    """``openapi_extra`` for a route that answers a file: binary content of each media type, so
    that a generated client downloads it as a file rather than parsing it.

    ``application/octet-stream`` is listed first: generators that know no other binary type
    (openapi-python-client among them) then give the caller the file's bytes; the response's
    Content-Type still names the real type."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    content = dict.fromkeys(("application/octet-stream", *media_types), binary)
    return {"responses": {200: {"description": description, "content": content}}}


def member(request: HttpRequest, capability: str) -> Membership:
    """The caller's membership if it grants ``capability``; 403 (audited) otherwise."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        raise HttpError(401, "Sign in or send an API token.")
    if not membership.can(capability):
        audit_record(
            action="authorisation_refused",
            request=request,
            capability=capability,
            path=request.path,
        )
        raise HttpError(403, "Your role does not allow this.")
    return membership


def org_of(request: HttpRequest) -> Organisation:
    organisation: Organisation | None = getattr(request, "organisation", None)
    if organisation is None:
        raise HttpError(401, "Sign in or send an API token.")
    return organisation


def fetch(queryset: QuerySet[M] | type[M], request: HttpRequest, **lookup: Any) -> M:
    """Org-scoped fetch for the API: another organisation's row is a 404."""
    return get_for_org(queryset, org_of(request), **lookup)
