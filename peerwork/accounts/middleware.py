"""Session timeouts and the organisation a request acts for."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .models import Membership
from .roles import TWO_FACTOR_ROLES

logger = logging.getLogger("peerwork.accounts")

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
                logger.info("session of %s ran out; signed out", request.user.get_username())
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
                # Times show in the organisation's zone (they are stored in UTC).
                timezone.activate(chosen.organisation.zone)
            request.memberships = list(memberships)  # type: ignore[attr-defined]
        request.is_kiosk_session = bool(  # type: ignore[attr-defined]
            request.user.is_authenticated and request.session.get(SESSION_KIOSK)
        )
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


# Pages a person may open before finishing the second step (or picking a new password).
_OPEN_URL_NAMES = (
    "accounts:two_factor_enrol",
    "accounts:two_factor_verify",
    "accounts:password_change",
    "accounts:sign_out",
    "set_language",
    "healthz",
)


class TwoFactorMiddleware:
    """Send staff whose role needs 2FA to enrol or verify, and temporary passwords to be changed,
    before they can open any other page. API calls get a 403 instead of a redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        target = self._pending_step(request)
        if target is None:
            return self.get_response(request)
        if self._is_open(request.path):
            # Signed in but not finished: show no menu of pages the person cannot open yet.
            request.hide_navigation = True  # type: ignore[attr-defined]
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "Finish signing in (second step) in the browser first."}, status=403
            )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _pending_step(request: HttpRequest) -> str | None:
        user = request.user
        needs_otp = any(m.role in TWO_FACTOR_ROLES for m in getattr(request, "memberships", []))
        if needs_otp and not user.is_verified():  # type: ignore[union-attr]
            return "accounts:two_factor_verify" if user_has_device(user) else "accounts:two_factor_enrol"
        if getattr(user, "must_change_password", False):
            return "accounts:password_change"
        return None

    @staticmethod
    def _is_open(path: str) -> bool:
        return any(path == reverse(name) for name in _OPEN_URL_NAMES)
