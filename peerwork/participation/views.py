"""Participation pages: the week's activities, planning one, its tick-list, and the kiosk's "I'm here"."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.peers.edge import actor, can, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.selectors import peer_for_user

from . import services
from .edge import kiosk_site
from .forms import ActivityForm, TickListForm
from .models import Activity
from .selectors import (
    activities_between,
    activities_of,
    activities_today_at,
    participations_of,
    taking_part_in,
)


@require("can_view_peers")
def index(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    today = organisation.today()
    monday = today - timedelta(days=today.weekday())
    context = {
        "week": list(activities_between(organisation, monday, monday + timedelta(days=6))),
        "later": list(
            activities_between(organisation, monday + timedelta(days=7), monday + timedelta(days=34))
        ),
        "monday": monday,
        "can_manage": can(request, "can_manage_participation"),
    }
    return render(request, "participation/index.html", context)


@require("can_manage_participation")
def activity_add(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    form = ActivityForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.activity_create(organisation=organisation, by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Activity planned. Peers can tap in at the kiosk on the day."))
            return redirect("participation:activity", pk=item.pk)
    return render(
        request, "participation/activity_form.html", {"form": form}, status=422 if form.errors else 200
    )


@require("can_view_peers")
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity and its tick-list: who took part (taps at the kiosk show ticked)."""
    organisation = org(request)
    item = get_for_org(activities_of(organisation), organisation, pk=pk)
    can_record = can(request, "can_manage_participation")
    form = TickListForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial={"peers": list(taking_part_in(item))},
    )
    if request.method == "POST" and can_record and form.is_valid():
        try:
            services.participation_record(
                activity=item, peers=list(form.cleaned_data["peers"]), by=actor(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved: who took part."))
            return redirect("participation:activity", pk=item.pk)
    context = {"activity": item, "form": form, "can_record": can_record}
    return render(request, "participation/activity.html", context, status=422 if form.errors else 200)


@require("is_peer")
def today(request: HttpRequest) -> HttpResponse:
    """The peer's "I'm here" page: today's activities at this kiosk's site."""
    organisation = org(request)
    peer = peer_for_user(actor(request), organisation)
    site = kiosk_site(request)
    rows = list(activities_today_at(site, organisation.today())) if site else []
    mine = set(participations_of(peer).values_list("activity_id", flat=True)) if peer else set()
    context = {"peer": peer, "site": site, "rows": rows, "mine": mine, "kiosk": site is not None}
    return render(request, "participation/today.html", context)


@require_POST
@require("is_peer")
def tap(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = org(request)
    peer = peer_for_user(actor(request), organisation)
    if peer is None:
        raise Http404
    item = get_for_org(Activity.objects.select_related("site"), organisation, pk=pk)
    try:
        services.participation_tap(activity=item, peer=peer, site=kiosk_site(request), by=actor(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("You are in for %(title)s. Thank you for coming.") % {"title": item.title}
        )
    return redirect("participation:today")
