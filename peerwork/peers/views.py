"""Pages for peers: the people list, onboarding, a peer's page, PIN and QR card, and the peer's My work."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.accounts.sites import sites_visible
from peerwork.audit.services import audit_read, audit_record
from peerwork.core.paging import query_without_page
from peerwork.peers.edge import actor, can, org

from . import services
from .forms import (
    CardForm,
    DestinationForm,
    HoursBeforeForm,
    LeaveForm,
    OnboardForm,
    PeerForm,
    PeopleFilterForm,
    PinForm,
    SensitiveForm,
    apply_errors,
)
from .hooks import PeerPage, ladder_stages, mywork_panels, peer_page_panels
from .models import SENSITIVE_FIELDS, PeerWorker
from .selectors import PeopleFilters, credential_for, peer_for_user, peers_of, people_list, people_rows

PAGE_SIZE = 50


def _peer(request: HttpRequest, pk: int) -> PeerWorker:
    return get_for_org(peers_of(org(request)).select_related("organisation", "user"), org(request), pk=pk)


def _panels(collection: Any, request: HttpRequest, peer: PeerWorker) -> list[dict[str, Any]]:
    """The contributed panels, in registration order, for the page's ``{% peer_panel %}`` tags.
    They share one ``PeerPage``, so what several of them read is read once."""
    page = PeerPage(request, peer)
    return [panel for panel in (contribute(page) for contribute in collection) if panel]


@require("can_view_peers")
def people(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    sites = list(sites_visible(organisation).values_list("pk", "name"))
    form = PeopleFilterForm(request.GET or None, stages=ladder_stages(organisation), sites=sites)
    data = form.cleaned_data if form.is_valid() else {}
    filters = PeopleFilters(
        q=data.get("q") or "",
        stage=data.get("stage"),
        site=data.get("site"),
        status=data.get("status") or "current",
        eligible=bool(data.get("eligible")),
        near_limit=bool(data.get("near_limit")),
        sort=data.get("sort") or "name",
    )
    today = organisation.today()
    listing = people_list(organisation, filters, on=today)
    page = Paginator(listing.peers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = people_rows(organisation, listing, list(page.object_list), on=today)
    return render(
        request,
        "peers/people.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "query": query_without_page(request.GET),
            "can_manage": can(request, "can_manage_peers"),
            "names_benefit": can(request, "can_view_sensitive_peer_fields"),
        },
    )


@require("can_manage_peers")
def onboard(request: HttpRequest) -> HttpResponse:
    form = OnboardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            peer = services.peer_create(
                organisation=org(request),
                preferred_name=form.cleaned_data["preferred_name"],
                pin=form.cleaned_data["pin"],
                with_card=True,
                created_by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is in. Here is their card.") % {"name": peer.preferred_name}
            )
            return redirect("peers:card", pk=peer.pk)
    return render(request, "peers/onboard.html", {"form": form})


@require("can_view_peers")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _peer(request, pk)
    context = {
        "peer": peer,
        "sites": list(peer.sites.all()),
        "credential": credential_for(peer),
        "panels": _panels(peer_page_panels, request, peer),
        "leave_form": LeaveForm(),
        "destination_form": DestinationForm(initial={"destination": peer.left_to or "unknown"}),
        "can_manage": can(request, "can_manage_peers"),
        "can_set_pin": can(request, "can_set_peer_pin"),
        "can_see_sensitive": can(request, "can_view_sensitive_peer_fields"),
    }
    return render(request, "peers/detail.html", context)


@require("can_manage_peers")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _peer(request, pk)
    form = PeerForm(request.POST or None, instance=peer, organisation=org(request))
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        sites = list(values.pop("sites"))
        try:
            services.peer_update(peer=peer, updated_by=actor(request), sites=sites, **values)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("peers:detail", pk=peer.pk)
    return render(request, "peers/edit.html", {"peer": peer, "form": form})


@require("can_view_sensitive_peer_fields")
def sensitive(request: HttpRequest, pk: int) -> HttpResponse:
    """The private details: every showing is audited, also when the form comes back with errors."""
    peer = _peer(request, pk)
    form = SensitiveForm(request.POST or None, instance=peer)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_update(peer=peer, updated_by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Private details saved."))
            return redirect("peers:detail", pk=peer.pk)
    audit_read(request, peer, list(SENSITIVE_FIELDS))
    return render(request, "peers/sensitive.html", {"peer": peer, "form": form})


@require("can_manage_peers")
def hours_before(request: HttpRequest, pk: int) -> HttpResponse:
    """Hours brought forward from before Peerwork: the figure, and where it comes from."""
    peer = _peer(request, pk)
    # "300", not "300.00" (or normalize()'s "3E+2"): the figure as a person would type it.
    hours = f"{peer.hours_before:f}".rstrip("0").rstrip(".") if peer.hours_before else ""
    initial = {"hours": hours, "source": peer.hours_before_source}
    form = HoursBeforeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_hours_before_set(peer=peer, by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved the hours before Peerwork."))
            return redirect("peers:detail", pk=peer.pk)
    return render(request, "peers/hours_before.html", {"peer": peer, "form": form})


@require("can_set_peer_pin")
def pin(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _peer(request, pk)
    form = PinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_sign_in_set_pin(peer=peer, pin=form.cleaned_data["pin"], set_by=actor(request))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The PIN is set. %(name)s can sign in at the kiosk.") % {"name": peer}
            )
            return redirect("peers:detail", pk=peer.pk)
    return render(request, "peers/pin.html", {"peer": peer, "form": form})


def _card_context(request: HttpRequest, peer: PeerWorker) -> dict[str, Any]:
    credential = credential_for(peer)
    if credential is None:
        return {"peer": peer, "qr_svg": "", "organisation": org(request)}
    audit_record(action="peer_card_shown", request=request, obj=peer)
    qr = segno.make(credential.qr_secret, error="m")
    svg = qr.svg_inline(
        scale=6, title=_("QR card of %(name)s") % {"name": peer.preferred_name}, svgclass="qr"
    )
    return {"peer": peer, "qr_svg": svg, "organisation": org(request)}


@require("can_set_peer_pin")
def card(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _peer(request, pk)
    context = _card_context(request, peer)
    context["form"] = CardForm()
    return render(request, "peers/card.html", context)


@require("can_set_peer_pin")
def card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML  # heavy: loaded only when someone asks for a PDF

    peer = _peer(request, pk)
    context = _card_context(request, peer)
    if not context["qr_svg"]:
        return redirect("peers:card", pk=peer.pk)
    html = render_to_string("peers/card_print.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="peerwork-card-{peer.pk}.pdf"'
    return response


@require("can_set_peer_pin")
@require_POST
def card_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _peer(request, pk)
    form = CardForm(request.POST)
    if form.is_valid():
        try:
            services.peer_card_issue(peer=peer, issued_by=actor(request), secret=form.cleaned_data["secret"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("New card ready. The old card no longer works."))
            return redirect("peers:card", pk=peer.pk)
    context = _card_context(request, peer)
    context["form"] = form
    return render(request, "peers/card.html", context, status=422)


def _status_change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    peer = _peer(request, pk)
    form = LeaveForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if action == "break":
            services.peer_break_start(peer=peer, by=actor(request), reason=reason)
            messages.success(request, _("%(name)s is on a break. Nothing else changes.") % {"name": peer})
        elif action == "return":
            services.peer_return(peer=peer, by=actor(request))
            messages.success(request, _("Welcome back, %(name)s.") % {"name": peer})
        else:
            destination = form.cleaned_data.get("destination") or ""
            if request.POST.get("destination") and not destination:
                raise ValidationError(_("Choose where they went, or 'Not known'."))
            services.peer_leave(peer=peer, by=actor(request), reason=reason, destination=destination)
            messages.success(
                request, _("%(name)s has left the programme. Their records stay.") % {"name": peer}
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("peers:detail", pk=peer.pk)


@require("can_manage_peers")
@require_POST
def break_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, "break")


@require("can_manage_peers")
@require_POST
def come_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, "return")


@require("can_manage_peers")
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, "leave")


@require("can_manage_peers")
@require_POST
def destination(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct where a peer who left went (often known only later)."""
    peer = _peer(request, pk)
    form = DestinationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose where they went, or 'Not known'."))
        services.peer_destination_set(
            peer=peer, destination=form.cleaned_data["destination"], by=actor(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved where %(name)s went.") % {"name": peer})
    return redirect("peers:detail", pk=peer.pk)


@require("is_peer")
def my_work(request: HttpRequest) -> HttpResponse:
    peer = peer_for_user(actor(request), org(request))
    panels = _panels(mywork_panels, request, peer) if peer else []
    return render(
        request,
        "peers/my_work.html",
        {"peer": peer, "panels": panels, "kiosk": bool(request.session.get(SESSION_KIOSK))},
    )
