"""The org admin's view of the audit trail, filtered and paginated."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerwork.audit.selectors import audit_events_for
from peerwork.core.paging import query_without_page

from ..access import require
from ..forms import AuditFilterForm

PAGE_SIZE = 50


@require("can_view_audit")
def audit_events(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None, organisation=organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_for(
        organisation,
        action=filters.get("action", ""),
        actor=filters.get("actor", ""),
        object_type=filters.get("object_type", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/admin/audit.html",
        {"form": form, "page": page, "query": query_without_page(request.GET)},
    )
