"""Session timeouts and the organisation a request acts for."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import Membership

SESSION_STARTED = "peerwork_started"
SESSION_LAST_SEEN = "peerwork_last_seen"
SESSION_ORG = "peerwork_org"
SESSION_KIOSK = "peerwork_kiosk_session"


class SessionTimeoutMiddleware:
    """Sign out after the idle limit (shorter on a kiosk) or the absolute limit, with a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            last_seen = session.get(SESSION_LAST_SEEN, now)
            idle_limit = (
                settings.PEERWORK_KIOSK_IDLE_TIMEOUT_SECONDS
                if session.get(SESSION_KIOSK)
                else settings.PEERWORK_IDLE_TIMEOUT_SECONDS
            )
            expired = (
                now - last_seen > idle_limit or now - started > settings.PEERWORK_ABSOLUTE_TIMEOUT_SECONDS
            )
            if expired:
                was_kiosk = bool(session.get(SESSION_KIOSK))
                logout(request)
                messages.info(
                    request,
                    _("You were signed out because the session ran out. Please sign in again."),
                )
                return redirect("accounts:kiosk" if was_kiosk else "accounts:sign_in")
            session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class OrganisationMiddleware:
    """Set ``request.organisation`` and ``request.membership`` for the signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = (
                Membership.objects.filter(user=request.user, is_active=True)
                .select_related("organisation")
                .order_by("organisation__name", "role")
            )
            wanted = request.session.get(SESSION_ORG)
            chosen = None
            for membership in memberships:
                if chosen is None or membership.organisation_id == wanted:
                    chosen = membership
                    if membership.organisation_id == wanted:
                        break
            if chosen is not None:
                request.organisation = chosen.organisation  # type: ignore[attr-defined]
                request.membership = chosen  # type: ignore[attr-defined]
        return self.get_response(request)
