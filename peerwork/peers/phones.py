"""Staff pair a peer's own phone (a one-time link, also as a QR code) and switch phones off.

The phone itself, its PIN sign-in and its sessions live in accounts; here is where staff find the
peer. Phones are listed only for peers the staff member may see (their sites).
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts import selectors as account_selectors
from peerwork.accounts import services as account_services
from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.models import PeerPhone
from peerwork.orgs.models import Organisation

from .edge import actor, org
from .hooks import PeerPage
from .models import PeerWorker
from .selectors import peers_of


def phones_visible(organisation: Organisation) -> QuerySet[PeerPhone]:
    """The organisation's phones whose peer the person may see."""
    users = peers_of(organisation).exclude(user__isnull=True).values("user_id")
    return account_selectors.phones_of(organisation).filter(user_id__in=users)


def _link_context(request: HttpRequest, peer: PeerWorker, phone: PeerPhone, code: str) -> dict[str, Any]:
    link = request.build_absolute_uri(reverse("accounts:phone_pair", kwargs={"code": code}))
    title = _("Pairing link for the phone of %(name)s") % {"name": peer.preferred_name}
    svg = segno.make(link, error="m").svg_inline(scale=5, title=title, svgclass="qr")
    return {"link": link, "qr_svg": mark_safe(svg)}  # noqa: S308 - segno's own SVG


@require("can_manage_peer_phones")
def peer_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """One peer's phone: its state, and a button that makes a one-time pairing link."""
    peer = get_for_org(peers_of(org(request)).select_related("user"), org(request), pk=pk)
    phone = account_selectors.live_phone_of(peer.user) if peer.user else None
    context: dict[str, Any] = {"peer": peer, "phone": phone}
    if request.method == "POST":
        if peer.user is None:
            messages.error(
                request, _("Set a PIN for %(name)s first: the phone opens with it.") % {"name": peer}
            )
            return redirect("peers:phone", pk=peer.pk)
        try:
            phone, code = account_services.peer_phone_link_create(
                organisation=org(request), user=peer.user, by=actor(request), request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("peers:phone", pk=peer.pk)
        context.update(phone=phone, **_link_context(request, peer, phone, code))
    return render(request, "peers/phone.html", context)


@require("can_manage_peer_phones")
def phones(request: HttpRequest) -> HttpResponse:
    return render(request, "peers/phones.html", {"phones": phones_visible(org(request))})


@require_POST
@require("can_manage_peer_phones")
def phone_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    phone = get_for_org(phones_visible(org(request)), org(request), pk=pk)
    account_services.peer_phone_revoke(phone=phone, by=actor(request), request=request)
    messages.success(
        request, _("“%(name)s” is switched off. Whoever used it is signed out.") % {"name": phone.name}
    )
    return redirect("peers:phones")


def staff_panel(page: PeerPage) -> dict[str, Any] | None:
    """The phone line on the peer's staff page (for those who may pair phones)."""
    membership = getattr(page.request, "membership", None)
    if membership is None or not membership.can("can_manage_peer_phones"):
        return None
    peer = page.peer
    phone = account_selectors.live_phone_of(peer.user) if peer.user else None
    return {"template": "peers/panel_phone.html", "context": {"phone": phone}}
