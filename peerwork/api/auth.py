"""API authentication: a bearer token, or the browser's session (with CSRF) for htmx/JS pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from peerwork.accounts.sites import act_for
from peerwork.accounts.tokens import membership_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = membership_for_token(token)
        if found is None:
            return None
        api_token, membership = found
        request.user = membership.user
        request.organisation = membership.organisation  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.api_token = api_token  # type: ignore[attr-defined]
        act_for(membership.user, membership.organisation)
        # Dates in filters and answers are the organisation's, as on its pages (the organisation
        # middleware, which cannot know a token's organisation, deactivates this after the response).
        timezone.activate(membership.organisation.zone)
        return membership


class MemberSessionAuth(SessionAuth):
    """The signed-in browser session, accepted only when the user is a member of an organisation."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        return getattr(request, "membership", None)
