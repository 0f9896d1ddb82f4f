"""Typed access to what the middleware puts on a request, for the views of peers, pathway and training."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from peerwork.accounts.models import Membership, User
from peerwork.orgs.models import Organisation


def org(request: HttpRequest) -> Organisation:
    organisation: Organisation | None = getattr(request, "organisation", None)
    if organisation is None:
        raise Http404
    return organisation


def actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "views behind @require always have a signed-in user"
    return user


def can(request: HttpRequest, capability: str) -> bool:
    membership: Membership | None = getattr(request, "membership", None)
    return membership is not None and membership.can(capability)
