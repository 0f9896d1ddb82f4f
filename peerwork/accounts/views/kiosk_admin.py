"""The org admin registers kiosks (this browser, or another device by a one-time link) and revokes them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import get_for_org, require
from ..forms import KioskRegisterForm
from ..models import KioskDevice
from .kiosk import current_kiosk, set_kiosk_cookie


@require("can_manage_kiosks")
def kiosks(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = KioskRegisterForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        device, raw = services.kiosk_register(
            organisation=organisation,
            site=form.cleaned_data["site"],
            name=form.cleaned_data["name"],
            registered_by=request.user,  # type: ignore[arg-type]
            request=request,
        )
        if request.POST.get("where") == "link":
            return _show_link(request, device)
        messages.success(
            request,
            _("This browser is now the kiosk “%(name)s”. Peers sign in at the kiosk page.")
            % {"name": device.name},
        )
        response = redirect("orgadmin:kiosks")
        set_kiosk_cookie(response, raw)
        return response
    this_device = current_kiosk(request)
    return render(
        request,
        "accounts/admin/kiosks.html",
        {
            "kiosks": selectors.kiosks_of(organisation),
            "form": form,
            "this_device": this_device,
        },
    )


def _show_link(request: HttpRequest, device: KioskDevice) -> HttpResponse:
    code = services.kiosk_pairing_link_create(device=device, request=request)
    link = request.build_absolute_uri(reverse("accounts:kiosk_pair", kwargs={"code": code}))
    return render(request, "accounts/admin/kiosk_link.html", {"device": device, "link": link})


@require_POST
@require("can_manage_kiosks")
def kiosk_link(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_for_org(KioskDevice, request.organisation, pk=pk)  # type: ignore[attr-defined]
    if not device.is_active:
        messages.error(request, _("This kiosk was revoked. Register a new one."))
        return redirect("orgadmin:kiosks")
    return _show_link(request, device)


@require_POST
@require("can_manage_kiosks")
def kiosk_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_for_org(KioskDevice, request.organisation, pk=pk)  # type: ignore[attr-defined]
    services.kiosk_revoke(device=device, request=request)
    messages.success(request, _("“%(name)s” can no longer be used as a kiosk.") % {"name": device.name})
    return redirect("orgadmin:kiosks")
