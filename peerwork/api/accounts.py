"""Who am I, and my API tokens."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from peerwork.accounts.capabilities import CAPABILITIES

from .common import member

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    display_name: str
    organisation: str
    organisation_slug: str
    role: str
    capabilities: list[str]


@router.get(
    "/me",
    operation_id="me_get",
    response=MeOut,
    summary="Who the caller is, in which organisation, with which capabilities",
)
def me(request: HttpRequest) -> MeOut:
    membership = member(request, "can_use_api")
    return MeOut(
        username=membership.user.username,
        display_name=str(membership.user),
        organisation=membership.organisation.name,
        organisation_slug=membership.organisation.slug,
        role=membership.role,
        capabilities=sorted(cap for cap in CAPABILITIES if membership.can(cap)),
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
