"""Shared pieces for every router: the capability check, org-scoped fetch, the error shape, pages."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError

from peerwork.accounts.access import get_for_org
from peerwork.accounts.models import Membership
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation

M = TypeVar("M", bound=Model)


class Error(Schema):
    """Every error the API returns has this shape."""

    detail: str
    errors: dict[str, list[str]] | None = None


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
