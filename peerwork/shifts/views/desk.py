"""The check-in desk: a coordinator checks peers in and out at a site, day by day."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.orgs.models import Site

from .. import selectors, services
from ..forms import SiteChoiceForm
from ..models import Assignment
from ._common import actor, org
from .peer import check_out_page


@require("can_check_in_peers")
def desk(request: HttpRequest) -> HttpResponse:
    today = org(request).today()
    form = SiteChoiceForm(request.GET or None, organisation=org(request))
    site = form.cleaned_data.get("site") if form.is_valid() else None
    if site is None:
        # The desk works one site at a time: start at the first site with places today, and say so.
        site = selectors.desk_site_for(org(request), today)
        form = SiteChoiceForm(initial={"site": site}, organisation=org(request))
    form.fields["site"].empty_label = None  # type: ignore[attr-defined]
    rows = selectors.todays_assignments(org(request), site, today) if site else []
    return render(request, "shifts/desk.html", {"form": form, "site": site, "rows": rows, "today": today})


def _back(site_id: int) -> HttpResponse:
    return redirect(f"{reverse('shifts:desk')}?site={site_id}")


@require_POST
@require("can_check_in_peers")
def desk_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_for_org(Assignment.objects.select_related("shift__site", "peer"), org(request), pk=pk)
    site = get_for_org(Site, org(request), pk=request.POST.get("site"))
    try:
        services.assignment_check_in(assignment=assignment, site=site, channel="desk", by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": assignment.peer.preferred_name})
    return _back(site.pk)


@require("can_check_in_peers")
def desk_check_out(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_for_org(
        Assignment.objects.select_related("shift__site", "shift__role", "shift__work_order", "peer"),
        org(request),
        pk=pk,
    )
    return check_out_page(
        request, assignment, done_url=f"{reverse('shifts:desk')}?site={assignment.shift.site_id}"
    )
