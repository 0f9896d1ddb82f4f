"""The caller's own API tokens in the current organisation: list, create (raw value once), revoke."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerwork.accounts.models import APIToken
from peerwork.accounts.tokens import TOKEN_CAPABILITY, api_token_create, api_token_refusal, api_token_revoke
from peerwork.audit.services import audit_record

from .common import Error, PageNumberPagination, PathId, Text, fetch, member

router = Router(tags=["tokens"])


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenIn(Schema):
    name: Text = Field(..., min_length=1, max_length=100)


class ApiTokenCreatedOut(ApiTokenOut):
    token: str = Field(..., description="The raw token. It is shown once and never again.")


def _own(request: HttpRequest) -> QuerySet[APIToken]:
    membership = member(request, "can_use_api")
    return APIToken.objects.filter(user=membership.user, organisation=membership.organisation)


def _out(token: APIToken) -> ApiTokenOut:
    return ApiTokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


@router.get(
    "/",
    operation_id="token_list",
    response={200: list[ApiTokenOut], 401: Error, 403: Error},
    summary="My API tokens in this organisation (never the raw values)",
)
@paginate(PageNumberPagination, page_size=50)
def tokens_list(request: HttpRequest):
    return [_out(t) for t in _own(request).order_by("-created_at", "-pk")]


@router.post(
    "/",
    operation_id="token_create",
    response={201: ApiTokenCreatedOut, 401: Error, 403: Error, 422: Error},
    summary="Create a token; the raw value is in this response only",
)
def tokens_create(request: HttpRequest, payload: ApiTokenIn) -> Status:
    membership = member(request, "can_use_api")
    refusal = api_token_refusal(
        membership=membership, kiosk_session=getattr(request, "is_kiosk_session", False)
    )
    if refusal is not None:
        audit_record(
            action="authorisation_refused", request=request, capability=TOKEN_CAPABILITY, path=request.path
        )
        raise HttpError(403, refusal)
    name = payload.name.strip()
    if not name:
        raise ValidationError({"name": ["Give the token a name."]})
    token, raw = api_token_create(user=membership.user, organisation=membership.organisation, name=name)
    audit_record(action="api_token_created", request=request, obj=token, name=name, prefix=token.prefix)
    return Status(201, ApiTokenCreatedOut(**_out(token).dict(), token=raw))


@router.get(
    "/{int:pk}",
    operation_id="token_get",
    response={200: ApiTokenOut, 401: Error, 403: Error, 404: Error},
    summary="One of my tokens",
)
def tokens_detail(request: HttpRequest, pk: PathId) -> ApiTokenOut:
    return _out(fetch(_own(request), request, pk=pk))


@router.post(
    "/{int:pk}/revoke",
    operation_id="token_revoke",
    response={200: ApiTokenOut, 401: Error, 403: Error, 404: Error},
    summary="Revoke one of my tokens; it stops working at once",
)
def tokens_revoke(request: HttpRequest, pk: PathId) -> ApiTokenOut:
    token = fetch(_own(request), request, pk=pk)
    api_token_revoke(token=token)
    audit_record(action="api_token_revoked", request=request, obj=token, prefix=token.prefix)
    return _out(token)
