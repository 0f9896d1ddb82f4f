"""Shared pieces for every router: the capability check, org-scoped fetch, the error shape, pages."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja import pagination as ninja_pagination
from ninja.errors import HttpError
from pydantic import AfterValidator

from peerwork.accounts.access import get_for_org
from peerwork.accounts.models import Membership
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation

M = TypeVar("M", bound=Model)

MAX_ID = 2**63 - 1  # the largest id a database column holds
MAX_PAGE = 2**31 - 1

# An id in a body: a larger number is a 422, not a database overflow.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Any other whole number in a body or query: within what a 64-bit column holds (422 beyond).
Int = Annotated[int, Field(ge=-MAX_ID - 1, le=MAX_ID)]


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


def unprocessable(error: ValidationError) -> Status[dict[str, Any]]:
    """A refused write as every route says it: 422, the first message as the detail, all of them by field."""
    errors = validation_messages(error)
    return Status(422, {"detail": next(iter(errors.values()))[0], "errors": errors})


class Error(Schema):
    """Every error the API returns has this shape."""

    detail: str
    errors: dict[str, list[str]] | None = None


# The errors a route may answer with, for its ``response={200: ..., **ERRORS}``.
ERRORS = {403: Error, 404: Error, 422: Error}


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
