"""Staff reports: today's tallies by shift and site, sharps by place, overdose responses."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from peerwork.accounts.access import require
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation

from .. import selectors
from ..forms import DayForm, PeriodForm


def _today(organisation: Organisation) -> date:
    return timezone.localdate(timezone=organisation.zone)


def _period(
    request: HttpRequest, organisation: Organisation, default_days: int
) -> tuple[PeriodForm, date, date]:
    end = _today(organisation)
    start = end - timedelta(days=default_days - 1)
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    return form, start, end


@require("can_view_services")
def today(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    day = _today(organisation)
    form = DayForm(request.GET or None, initial={"day": day})
    if form.is_bound and form.is_valid() and form.cleaned_data.get("day"):
        day = form.cleaned_data["day"]
    context = {
        "form": form,
        "day": day,
        "low_stock": selectors.low_stock(organisation),
        "last_day": selectors.last_day_with_records(organisation, before=day),
        **selectors.tallies_for_day(organisation, day),
    }
    return render(request, "services/today.html", context)


@require("can_view_services")
def sharps(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    form, start, end = _period(request, organisation, 30)
    start_at, _ = selectors.day_bounds(organisation, start)
    _, end_at = selectors.day_bounds(organisation, end)
    found = selectors.sharps_by_place(organisation, start_at, end_at)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "plot": selectors.scatter_svg(found["points"]),
        **found,
    }
    return render(request, "services/sharps.html", context)


@require("can_view_overdose_responses")
def overdoses(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    form, start, end = _period(request, organisation, 90)
    start_at, _ = selectors.day_bounds(organisation, start)
    _, end_at = selectors.day_bounds(organisation, end)
    events = selectors.overdose_responses(organisation, start_at, end_at)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    audit_record(
        action="read_sensitive",
        request=request,
        object_type="services.overdoseresponse",
        fields=["occurred_at", "place", "outcome", "responders", "client_code"],
        shown=len(page.object_list),
    )
    return render(
        request, "services/overdoses.html", {"form": form, "page": page, "start": start, "end": end}
    )
