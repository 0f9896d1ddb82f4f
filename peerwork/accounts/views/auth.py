"""Staff sign-in with lockout, the second step (enrol or verify), password change, org switch."""

from __future__ import annotations

import base64
import logging
import math
from datetime import datetime

import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from peerwork.audit.services import audit_record
from peerwork.core.addresses import client_address
from peerwork.orgs.models import Organisation

from .. import selectors, services
from ..forms import SignInForm, StaffPasswordChangeForm, TokenForm
from ..middleware import SESSION_KIOSK, SESSION_ORG
from ..models import Membership, SignInAttempt, User
from .kiosk import remember_language

logger = logging.getLogger("peerwork.accounts")


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/"


def _organisation_of(username: str) -> Organisation | None:
    membership = (
        Membership.objects.filter(user__username__iexact=username, is_active=True)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        username = (request.POST.get("username") or "").strip()
        address = client_address(request)
        throttled_until = selectors.address_throttled_until(ip_address=address)
        if selectors.password_locked_out(username=username):
            logger.warning("sign-in refused (locked out): %r from %s", username, address)
            audit_record(
                action="sign_in_locked_out",
                request=request,
                organisation=_organisation_of(username),
                actor_label=username,
            )
            form = _fresh_form(request, username)
            messages.error(
                request,
                _(
                    "Too many wrong tries. For your safety, signing in is paused for 15 minutes. "
                    "Try again later, or ask your organisation's admin."
                ),
            )
            status = 429
        elif form.is_valid() and (
            throttled_until is None or selectors.signs_in_with_second_factor(form.get_user())
        ):
            # From a throttled address only an account with a second factor goes on: the code,
            # and the account's own lockout, guard it from there.
            user = form.get_user()
            login(request, user)
            audit_record(
                action="sign_in", request=request, actor=user, organisation=_organisation_of(username)
            )
            return _after_password(request, user)
        else:
            if not form.is_valid():
                services.sign_in_failure_record(
                    kind=SignInAttempt.KIND_PASSWORD, username=username, ip_address=address
                )
                logger.info("sign-in failed for %r from %s", username, address)
                audit_record(
                    action="sign_in_failed",
                    request=request,
                    organisation=_organisation_of(username),
                    actor_label=username,
                )
            if throttled_until is not None:
                # The same answer for a right and a wrong password: a throttled address learns nothing.
                audit_record(action="sign_in_throttled", request=request, actor_label=username)
                form = _fresh_form(request, username)
                messages.error(request, _throttled_message(throttled_until))
                status = 429
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)}, status=status)


def _fresh_form(request: HttpRequest, username: str) -> SignInForm:
    form = SignInForm(request)
    form.initial["username"] = username
    return form


def _throttled_message(until: datetime) -> str:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many wrong tries from this network. Signing in from here is paused; try again in "
        "%(minutes)s minute. Staff who use an authenticator app can still sign in.",
        "Too many wrong tries from this network. Signing in from here is paused; try again in "
        "%(minutes)s minutes. Staff who use an authenticator app can still sign in.",
        minutes,
    ) % {"minutes": minutes}


def _after_password(request: HttpRequest, user: User) -> HttpResponse:
    """The second step for roles that need it; otherwise where the person was going."""
    if selectors.needs_two_factor(user):
        target = "accounts:two_factor_verify" if user_has_device(user) else "accounts:two_factor_enrol"
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": _next_url(request)})
        return remember_language(response, user.language)
    return remember_language(redirect(_next_url(request)), user.language)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    was_kiosk = bool(request.session.get(SESSION_KIOSK))
    if request.user.is_authenticated:
        audit_record(action="sign_out", request=request)
    logout(request)
    if was_kiosk:
        messages.success(request, _("You are signed out. See you soon."))
        return redirect("accounts:kiosk")
    return redirect("accounts:sign_in")


def no_organisation(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/no_organisation.html")


def _signed_in(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None


def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show a QR code for an authenticator app; the first valid code confirms it."""
    user = _signed_in(request)
    if user is None:
        return redirect("accounts:sign_in")
    if user_has_device(user):
        # Adding a second authenticator needs the first: never let a password alone enrol one.
        return redirect("accounts:two_factor_verify")
    device = services.totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.totp_device_confirm(device=device, request=request)
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
        audit_record(action="two_factor_enrol_failed", request=request)
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=True)
    secret = _base32(device.bin_key)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {"form": form, "qr_svg": mark_safe(svg), "secret": secret, "next": _next_url(request)},  # noqa: S308 - segno's own SVG
    )


def _base32(key: bytes) -> str:
    raw = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: a code from the app or a backup code."""
    user = _signed_in(request)
    if user is None:
        return redirect("accounts:sign_in")
    if not user_has_device(user):
        return redirect("accounts:two_factor_enrol")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if selectors.otp_locked_out(username=user.username):
            audit_record(action="two_factor_locked_out", request=request)
            form.add_error(
                "token", _("Too many wrong codes. Wait 15 minutes, or ask your organisation's admin.")
            )
            status = 429
        else:
            device = match_token(user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                audit_record(action="two_factor_verified", request=request, method=device.__class__.__name__)
                return redirect(_next_url(request))
            services.sign_in_failure_record(
                kind=SignInAttempt.KIND_OTP, username=user.username, ip_address=client_address(request)
            )
            audit_record(action="two_factor_failed", request=request)
            form.add_error(
                "token", _("That code is not right. Codes change every 30 seconds; try the new one.")
            )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}, status=status
    )


def password_change(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    if user is None:
        return redirect("accounts:sign_in")
    form = StaffPasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(user=user, password=form.cleaned_data["new_password1"], request=request)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your new password is saved."))
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "next": _next_url(request), "forced": user.must_change_password},
    )


@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Act for another organisation the person is a member of."""
    user = _signed_in(request)
    if user is None:
        return redirect("accounts:sign_in")
    wanted = request.POST.get("organisation", "")
    membership = next((m for m in selectors.memberships_of(user) if str(m.organisation_id) == wanted), None)
    if membership is None:
        raise Http404
    request.session[SESSION_ORG] = membership.organisation_id
    audit_record(action="organisation_switched", request=request, organisation=membership.organisation)
    messages.success(request, _("You are now working in %(name)s.") % {"name": membership.organisation.name})
    return redirect("home")
