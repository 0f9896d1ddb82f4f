"""The coordinator's week grid per site, shifts (create, edit, one shift) and the day-work draw."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.sites import sites_visible
from peerwork.core.links import row_links

from .. import selectors, services
from ..contracts.services import standing_shifts_materialise
from ..forms import CoordinatorSignUpForm, GenerateForm, ShiftForm, SiteChoiceForm, apply_errors
from ..models import LotteryDraw, Shift, ShiftStatus
from ._common import actor, org, week_from


def _describe(days: list[dict[str, Any]]) -> None:
    """Each shift's link, hours, places and status in words, said once here rather than per cell in
    the template: a regional week has hundreds of cells."""
    statuses = {value: str(label) for value, label in ShiftStatus.choices}
    link = row_links("shifts:shift")
    for day in days:
        for shift in day["shifts"]:
            starts, ends = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
            shift.url = link(shift.pk)
            shift.times = f"{starts:%H:%M}–{ends:%H:%M}"
            shift.status_label = statuses.get(shift.status, shift.status)
            shift.places = _("%(taken)s of %(slots)s places · %(asked)s asked") % {
                "taken": shift.taken,
                "slots": shift.slots,
                "asked": shift.asked,
            }


@require("can_manage_shifts")
def week(request: HttpRequest) -> HttpResponse:
    week_start = week_from(request)
    site_form = SiteChoiceForm(request.GET or None, organisation=org(request))
    site = site_form.cleaned_data.get("site") if site_form.is_valid() else None
    days = selectors.week_grid(org(request), site, week_start)
    _describe(days)
    context = {
        "days": days,
        "week_start": week_start,
        "today": org(request).today(),
        "previous": week_start - timedelta(days=7),
        "next": week_start + timedelta(days=7),
        "site": site,
        "site_form": site_form,
        "generate_form": GenerateForm(initial={"week": week_start}),
        "texts_waiting": selectors.sms_inbox(org(request)).count(),
    }
    return render(request, "shifts/week.html", context)


@require_POST
@require("can_manage_shifts")
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the week to fill."))
        return redirect("shifts:week")
    week_start = selectors.monday_of(form.cleaned_data["week"])
    try:
        created = services.templates_generate(
            organisation=org(request), week_start=week_start, by=actor(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s shift created from the weekly shifts.",
                "%(count)s shifts created from the weekly shifts.",
                len(created),
            )
            % {"count": len(created)},
        )
    standing = standing_shifts_materialise(
        organisation=org(request), week_start=week_start, by=actor(request)
    )
    if standing.held:
        messages.success(
            request,
            ngettext(
                "%(count)s standing shift of a contract added, its place already held.",
                "%(count)s standing shifts of contracts added, their places already held.",
                len(standing.held),
            )
            % {"count": len(standing.held)},
        )
    for refused in standing.not_held:
        messages.warning(
            request,
            _(
                "The standing shift of %(peer)s on %(day)s was not made: %(reason)s Give the place by hand "
                "when it may be taken, or change the contract."
            )
            % {
                "peer": refused.standing.contract.peer.preferred_name,
                "day": date_format(refused.day, "DATE_FORMAT"),
                "reason": refused.reason,
            },
        )
    return redirect(f"{reverse('shifts:week')}?week={week_start:%Y-%m-%d}")


def _shift_form_initial(shift: Shift) -> dict[str, object]:
    return {
        "site": shift.site,
        "role": shift.role,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "slots": shift.slots,
        "signup_opens_at": shift.signup_opens_at,
        "signup_closes_at": shift.signup_closes_at,
        "work_order": shift.work_order,
        "notes": shift.notes,
    }


@require("can_manage_shifts")
def shift_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    shift = get_for_org(Shift, org(request), pk=pk) if pk else None
    initial = _shift_form_initial(shift) if shift else {"site": sites_visible(org(request)).first()}
    form = ShiftForm(request.POST or None, initial=initial, organisation=org(request))
    if request.method == "POST" and form.is_valid():
        try:
            if shift is None:
                shift = services.shift_create(
                    organisation=org(request), by=actor(request), **form.cleaned_data
                )
            else:
                services.shift_update(shift=shift, by=actor(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Shift saved."))
            offered = shift.sms_offers.count() if pk is None else 0
            if offered:
                messages.info(
                    request,
                    ngettext(
                        "It starts soon: offered by text to %(count)d peer; the first YES takes it.",
                        "It starts soon: offered by text to %(count)d peers; the first YES takes it.",
                        offered,
                    )
                    % {"count": offered},
                )
            return redirect("shifts:shift", pk=shift.pk)
    return render(request, "shifts/shift_form.html", {"form": form, "shift": shift})


@require("can_manage_shifts")
def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_for_org(selectors.shifts_for_org(org(request)), org(request), pk=pk)
    form = CoordinatorSignUpForm(request.POST or None, organisation=org(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_create(
                shift=shift,
                peer=form.cleaned_data["peer"],
                rank=form.cleaned_data["rank"],
                by=actor(request),
                walk_in=shift.role.is_day_labour,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Added to the list."))
            return redirect("shifts:shift", pk=shift.pk)
    draw = LotteryDraw.objects.filter(shift=shift).first()
    people = selectors.shift_people(shift)
    drawn = selectors.draw_rows(draw) if draw else {}
    return render(
        request,
        "shifts/shift.html",
        {
            "shift": shift,
            "form": form,
            "draw": draw,
            "drawn": drawn,
            "sms_offers": shift.sms_offers.select_related("peer"),
            **people,
        },
    )


@require_POST
@require("can_manage_shifts")
def shift_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_for_org(Shift, org(request), pk=pk)
    services.shift_cancel(shift=shift, by=actor(request))
    messages.success(request, _("Shift cancelled."))
    return redirect("shifts:shift", pk=shift.pk)


@require_POST
@require("can_manage_shifts")
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_for_org(selectors.shifts_for_org(org(request)), org(request), pk=pk)
    try:
        services.lottery_draw(shift=shift, by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The draw is made. The order is shown below."))
    return redirect("shifts:shift", pk=shift.pk)
