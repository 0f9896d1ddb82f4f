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

from .models import KioskDevice, Membership, PeerPhone
from .roles import TWO_FACTOR_ROLES
from .sites import acting_for

logger = logging.getLogger("peerwork.accounts")

SESSION_STARTED = "peerwork_started"
SESSION_LAST_SEEN = "peerwork_last_seen"
SESSION_ORG = "peerwork_org"
SESSION_KIOSK = "peerwork_kiosk_session"
SESSION_PHONE = "peerwork_phone_session"


class SessionTimeoutMiddleware:
    """Sign out after the idle limit (shorter on a kiosk) or the absolute limit, or when the kiosk
    or the peer's own phone the session was opened on has been revoked, with a message. A phone
    session has the staff limits."""

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
            kiosk_pk = session.get(SESSION_KIOSK)
            if kiosk_pk and not KioskDevice.objects.filter(pk=kiosk_pk, revoked_at__isnull=True).exists():
                # The kiosk was revoked (lost, stolen, retired): what was opened on it ends now.
                logger.info("kiosk %s was revoked; signed out %s", kiosk_pk, request.user.get_username())
                logout(request)
                messages.info(request, _("This kiosk was switched off, so you were signed out."))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect("accounts:kiosk")
            phone_pk = session.get(SESSION_PHONE)
            if phone_pk and not PeerPhone.objects.filter(pk=phone_pk, revoked_at__isnull=True).exists():
                logger.info("phone %s was switched off; signed out %s", phone_pk, request.user.get_username())
                logout(request)
                messages.info(request, _("This phone was switched off by staff, so you were signed out."))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect("accounts:phone")
            if expired:
                was_kiosk = bool(session.get(SESSION_KIOSK))
                was_phone = bool(phone_pk)
                logger.info("session of %s ran out; signed out", request.user.get_username())
                logout(request)
                messages.info(
                    request,
                    _("You were signed out because the session ran out. Please sign in again."),
                )
                if was_phone:
                    return redirect("accounts:phone")
                return redirect("accounts:kiosk" if was_kiosk else "accounts:sign_in")
            # Saved once it has moved on by a thirtieth of the idle limit (a minute for staff), not on
            # every request, each of which would then write the session row: someone idle is signed
            # out after 29/30 of the limit at the earliest.
            if now - last_seen >= idle_limit / 30 or SESSION_LAST_SEEN not in session:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class OrganisationMiddleware:
    """Set ``request.organisation`` and ``request.membership`` for the signed-in user, and serve
    the request within the sites that user may see."""

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
            user = request.user if request.user.is_authenticated else None
            with acting_for(user, request.organisation):  # type: ignore[attr-defined]
                return self.get_response(request)
        finally:
            timezone.deactivate()


# Downloads carry whole records (statements, exports, cards): never kept, whoever asked.
_PRIVATE_CONTENT_TYPES = (
    "application/pdf",
    "text/csv",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on everything a signed-in person (session or API token) gets, on
    kiosk pages and on downloads: a shared kiosk's browser, its back button and any proxy cache must
    not keep them. Public pages (the sign-in page) are left as they are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read before the view runs: signing in or out changes the answer during the request.
        kiosk = (
            settings.PEERWORK_KIOSK_COOKIE in request.COOKIES
            or request.path.startswith(reverse("accounts:kiosk"))
            or request.path.startswith(reverse("accounts:phone"))
        )
        was_signed_in = request.user.is_authenticated
        response = self.get_response(request)
        private = (
            kiosk
            or was_signed_in
            or request.user.is_authenticated  # an API token signs the request in inside the view
            or response.get("Content-Type", "").split(";")[0].strip() in _PRIVATE_CONTENT_TYPES
            or response.get("Content-Disposition", "").startswith("attachment")
        )
        if private and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response


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
