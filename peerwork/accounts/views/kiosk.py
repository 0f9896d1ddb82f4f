"""Peer sign-in on a registered kiosk: pick your name or scan your card, then your PIN."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.audit.services import audit_record
from peerwork.core.addresses import client_address

from .. import selectors, services
from ..forms import CardForm, PinForm
from ..middleware import SESSION_KIOSK, SESSION_ORG
from ..models import KioskDevice, PeerCredential, SignInAttempt

logger = logging.getLogger("peerwork.accounts")
BACKEND = "django.contrib.auth.backends.ModelBackend"


def current_kiosk(request: HttpRequest) -> KioskDevice | None:
    """The kiosk this browser is; its pages speak the organisation's language unless a person chose one."""
    raw = request.get_signed_cookie(
        settings.PEERWORK_KIOSK_COOKIE, default=None, salt=services.kiosk_cookie_salt()
    )
    device = selectors.kiosk_for_token(raw)
    if device is not None and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(device.organisation.language)
        request.LANGUAGE_CODE = device.organisation.language
    return device


def set_kiosk_cookie(response: HttpResponse, raw: str) -> None:
    response.set_signed_cookie(
        settings.PEERWORK_KIOSK_COOKIE,
        raw,
        salt=services.kiosk_cookie_salt(),
        max_age=settings.PEERWORK_KIOSK_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.PRODUCTION,
    )


def _not_a_kiosk(request: HttpRequest) -> HttpResponse:
    if request.COOKIES.get(settings.PEERWORK_KIOSK_COOKIE):
        logger.info(
            "kiosk page opened with an unknown or revoked device cookie from %s", client_address(request)
        )
    return render(request, "accounts/kiosk_unknown.html", status=403)


def kiosk(request: HttpRequest) -> HttpResponse:
    """The kiosk's start page: everyone at this site who can sign in here, and the card scanner."""
    device = current_kiosk(request)
    if device is None:
        return _not_a_kiosk(request)
    signed_in = request.user if request.user.is_authenticated and request.session.get(SESSION_KIOSK) else None
    return render(
        request,
        "accounts/kiosk.html",
        {
            "device": device,
            "credentials": selectors.kiosk_credentials(device),
            "card_form": CardForm(),
            "signed_in": signed_in,
        },
    )


@require_POST
def kiosk_card(request: HttpRequest) -> HttpResponse:
    """A scanner types the card's code (or its URL) into the field and presses enter."""
    device = current_kiosk(request)
    if device is None:
        return _not_a_kiosk(request)
    form = CardForm(request.POST)
    credential = (
        selectors.kiosk_credential_for_card(device, request.POST.get("card", "")) if form.is_valid() else None
    )
    if credential is None:
        audit_record(
            action="kiosk_card_unknown", request=request, organisation=device.organisation, obj=device
        )
        form.add_error(
            "card", _("This card is not known here. Pick your name instead, or ask a staff member.")
        )
        return render(
            request,
            "accounts/kiosk.html",
            {"device": device, "credentials": selectors.kiosk_credentials(device), "card_form": form},
            status=200,
        )
    return redirect("accounts:kiosk_person", pk=credential.pk)


def kiosk_card_link(request: HttpRequest, secret: str) -> HttpResponse:
    """A phone or scanner that opens the URL printed in the card's QR code."""
    device = current_kiosk(request)
    if device is None:
        return _not_a_kiosk(request)
    credential = selectors.kiosk_credential_for_card(device, secret)
    if credential is None:
        raise Http404
    return redirect("accounts:kiosk_person", pk=credential.pk)


def kiosk_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Type your PIN. Wrong PINs are counted per person and kiosk (5 in 15 minutes pauses that
    person there) and per kiosk (10 in 10 minutes, any names, pauses the kiosk)."""
    device = current_kiosk(request)
    if device is None:
        return _not_a_kiosk(request)
    credential: PeerCredential | None = selectors.kiosk_credentials(device).filter(pk=pk).first()
    if credential is None:
        raise Http404
    user = credential.user
    form = PinForm(request.POST or None)
    status = 200
    paused_until = selectors.kiosk_pins_paused_until(device)
    person_paused_until = selectors.pin_paused_until(username=user.username, kiosk=device)
    if request.method == "POST" and paused_until is not None:
        audit_record(action="kiosk_pin_paused", request=request, organisation=device.organisation, obj=device)
        status = 429
    elif request.method == "POST" and person_paused_until is not None:
        audit_record(
            action="kiosk_pin_locked_out",
            request=request,
            organisation=device.organisation,
            obj=credential,
        )
        status = 429
    elif request.method == "POST" and form.is_valid():
        if credential.check_pin(form.cleaned_data["pin"]):
            return _kiosk_login(request, device, credential)
        services.sign_in_failure_record(
            kind=SignInAttempt.KIND_PIN,
            username=user.username,
            ip_address=client_address(request),
            kiosk=device,
        )
        logger.info("wrong PIN for %s on kiosk %s", user.username, device.pk)
        audit_record(
            action="kiosk_pin_failed", request=request, organisation=device.organisation, obj=credential
        )
        left = selectors.pin_tries_left(username=user.username, kiosk=device)
        if left == 1:
            minutes = settings.PEERWORK_LOCKOUT_WINDOW_SECONDS // 60
            form.add_error(
                "pin", _("Wrong PIN. One try left before a %(minutes)s-minute pause.") % {"minutes": minutes}
            )
        elif left == 0:
            # The box gives way to the message: no more tries here until the pause ends.
            person_paused_until = selectors.pin_paused_until(username=user.username, kiosk=device)
        else:
            form.add_error("pin", _("That PIN is not right. Try again."))
    return render(
        request,
        "accounts/kiosk_pin.html",
        {
            "device": device,
            "credential": credential,
            "person": user,
            "form": form,
            "paused_until": _local_time(paused_until, device) if paused_until else "",
            "person_paused_until": _local_time(person_paused_until, device) if person_paused_until else "",
        },
        status=status,
    )


def _local_time(moment: datetime, device: KioskDevice) -> str:
    """A time on the kiosk's wall clock: the organisation's zone, not the server's."""
    return formats.time_format(timezone.localtime(moment, device.organisation.zone), "TIME_FORMAT")


def _kiosk_login(request: HttpRequest, device: KioskDevice, credential: PeerCredential) -> HttpResponse:
    if request.user.is_authenticated:
        logout(request)
    login(request, credential.user, backend=BACKEND)
    request.session[SESSION_KIOSK] = device.pk
    request.session[SESSION_ORG] = device.organisation_id
    KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
    audit_record(
        action="kiosk_sign_in",
        request=request,
        actor=credential.user,
        organisation=device.organisation,
        obj=device,
    )
    return remember_language(redirect("home"), credential.user.language)


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Switch to the person's own language, when they have one, for the pages after sign-in."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


def kiosk_pair(request: HttpRequest, code: str) -> HttpResponse:
    """Open a one-time link on the tablet itself to make it a kiosk; a button confirms."""
    device = selectors.kiosk_for_pairing_code(code)
    if device is None:
        return render(request, "accounts/kiosk_pair.html", {"device": None}, status=404)
    organisation = getattr(request, "organisation", None)
    if (
        request.user.is_authenticated
        and organisation is not None
        and organisation.pk != device.organisation_id
    ):
        raise Http404
    if request.method == "POST":
        raw = services.kiosk_pair(device=device, request=request)
        if request.user.is_authenticated:
            logout(request)
        messages.success(request, _("This device is now the kiosk “%(name)s”.") % {"name": device.name})
        response = redirect("accounts:kiosk")
        set_kiosk_cookie(response, raw)
        return response
    return render(request, "accounts/kiosk_pair.html", {"device": device})
