"""Staff reports: today's tallies by shift and site, sharps by place, overdose responses."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from peerwork.accounts.access import require
from peerwork.audit.services import audit_record
from peerwork.core.paging import query_without_page
from peerwork.orgs.models import Organisation

from .. import selectors
from ..forms import DayForm, PeriodForm
from ..hooks import debrief_states
from ..models import OverdoseResponse

OVERDOSE_COLUMNS = (
    "occurred_at",
    "place_name",
    "product",
    "doses_given",
    "emergency_services_called",
    "conscious_before",
    "outcome",
    "responders",
)


def overdose_headers() -> dict[str, str]:
    """The overdose table's headers: the model's field names, which the entry form also uses."""
    return {
        name: capfirst(str(getattr(OverdoseResponse._meta.get_field(name), "verbose_name", name)))
        for name in OVERDOSE_COLUMNS
    }


def _period(
    request: HttpRequest, organisation: Organisation, default_days: int
) -> tuple[PeriodForm, date, date]:
    end = organisation.today()
    start = end - timedelta(days=default_days - 1)
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    return form, start, end


@require("can_view_services")
def today(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    day = organisation.today()
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
    states = debrief_states(organisation, [event.pk for event in page.object_list])
    rows = [
        (event, [(peer, states.get((event.pk, peer.pk))) for peer in event.responders.all()])
        for event in page.object_list
    ]
    audit_record(
        action="read_sensitive",
        request=request,
        object_type="services.overdoseresponse",
        fields=["occurred_at", "place", "outcome", "responders", "client_code"],
        shown=len(page.object_list),
    )
    return render(
        request,
        "services/overdoses.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request.GET, start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}"),
            "rows": rows,
            "start": start,
            "end": end,
            "headers": overdose_headers(),
        },
    )
