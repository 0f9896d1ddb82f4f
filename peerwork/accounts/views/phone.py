"""A peer's own phone: paired once by a one-time link from staff, then opened with the peer's PIN.

Wrong PINs count per account (like a staff member's password): five in the lockout window pause
the phone sign-in for that peer. The session has the staff limits and ends when staff switch the
phone off (middleware).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwork.audit.services import audit_record
from peerwork.core.addresses import client_address

from .. import selectors, services
from ..forms import PinForm
from ..middleware import SESSION_ORG, SESSION_PHONE
from ..models import PeerCredential, PeerPhone, SignInAttempt
from .kiosk import BACKEND, remember_language

logger = logging.getLogger("peerwork.accounts")


def current_phone(request: HttpRequest) -> PeerPhone | None:
    raw = request.get_signed_cookie(services.PHONE_COOKIE, default=None, salt=services.phone_cookie_salt())
    return selectors.phone_for_token(raw)


def _set_phone_cookie(response: HttpResponse, raw: str) -> None:
    response.set_signed_cookie(
        services.PHONE_COOKIE,
        raw,
        salt=services.phone_cookie_salt(),
        max_age=settings.PEERWORK_KIOSK_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.PRODUCTION,
    )


def phone(request: HttpRequest) -> HttpResponse:
    """The phone's start page: the peer it belongs to types their PIN."""
    device = current_phone(request)
    if device is None:
        return render(request, "accounts/phone_unknown.html", status=403)
    if request.user.is_authenticated and request.session.get(SESSION_PHONE) == device.pk:
        return redirect("home")
    user = device.user
    credential = PeerCredential.objects.filter(user=user, organisation=device.organisation).first()
    form = PinForm(request.POST or None)
    paused_until = selectors.phone_pin_paused_until(username=user.username)
    status = 200
    if request.method == "POST" and paused_until is not None:
        audit_record(
            action="phone_pin_locked_out", request=request, organisation=device.organisation, obj=device
        )
        status = 429
    elif request.method == "POST" and form.is_valid():
        if credential is not None and credential.check_pin(form.cleaned_data["pin"]):
            return _phone_login(request, device)
        services.sign_in_failure_record(
            kind=SignInAttempt.KIND_PHONE_PIN, username=user.username, ip_address=client_address(request)
        )
        audit_record(action="phone_pin_failed", request=request, organisation=device.organisation, obj=device)
        left = selectors.phone_pin_tries_left(username=user.username)
        if left == 0:
            paused_until = selectors.phone_pin_paused_until(username=user.username)
            status = 429
        elif left == 1:
            minutes = settings.PEERWORK_LOCKOUT_WINDOW_SECONDS // 60
            form.add_error(
                "pin", _("Wrong PIN. One try left before a %(minutes)s-minute pause.") % {"minutes": minutes}
            )
        else:
            form.add_error("pin", _("That PIN is not right. Try again."))
    until = ""
    if paused_until is not None:
        local = timezone.localtime(paused_until, device.organisation.zone)
        until = formats.time_format(local, "TIME_FORMAT")
    context = {
        "device": device,
        "person": user,
        "form": form,
        "paused_until": until,
        "has_pin": bool(credential and credential.pin_hash),
    }
    return render(request, "accounts/phone_pin.html", context, status=status)


def _phone_login(request: HttpRequest, device: PeerPhone) -> HttpResponse:
    if request.user.is_authenticated:
        logout(request)
    login(request, device.user, backend=BACKEND)
    request.session[SESSION_PHONE] = device.pk
    request.session[SESSION_ORG] = device.organisation_id
    PeerPhone.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
    audit_record(
        action="phone_sign_in",
        request=request,
        actor=device.user,
        organisation=device.organisation,
        obj=device,
    )
    return remember_language(redirect("home"), device.user.language)


PAIRING_PROBLEMS = {
    selectors.PAIRING_UNKNOWN: gettext_lazy(
        "This pairing link is not known. It may be mistyped, or staff made a newer one."
    ),
    selectors.PAIRING_USED: gettext_lazy(
        "This pairing link was already used: a link pairs one phone, once. Ask staff for a new link."
    ),
    selectors.PAIRING_EXPIRED: gettext_lazy("This pairing link has expired. Ask staff for a new link."),
    selectors.PAIRING_REVOKED: gettext_lazy(
        "This phone was switched off by staff. Ask staff for a new link."
    ),
}


def phone_pair(request: HttpRequest, code: str) -> HttpResponse:
    """Opened on the peer's own phone: a button makes this browser the peer's phone."""
    device, problem = selectors.phone_for_pairing_code(code)
    organisation = getattr(request, "organisation", None)
    if device is not None and organisation is not None and organisation.pk != device.organisation_id:
        raise Http404
    if problem:
        status = 404 if problem == selectors.PAIRING_UNKNOWN else 410
        return render(
            request, "accounts/phone_pair.html", {"problem": str(PAIRING_PROBLEMS[problem])}, status=status
        )
    if device is None:  # pragma: no cover - a link without a problem always names a phone
        raise Http404
    if request.method == "POST":
        try:
            raw = services.peer_phone_pair(phone=device, request=request)
        except ValidationError as exc:  # the same link used twice at the same moment
            return render(
                request, "accounts/phone_pair.html", {"problem": " ".join(exc.messages)}, status=410
            )
        if request.user.is_authenticated:
            logout(request)
        messages.success(request, _("This phone is now paired. Type your PIN to open Peerwork."))
        response = redirect("accounts:phone")
        _set_phone_cookie(response, raw)
        return response
    return render(request, "accounts/phone_pair.html", {"device": device})
