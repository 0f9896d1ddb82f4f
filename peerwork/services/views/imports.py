"""CSV import of historical records: upload, then a status page that htmx polls until it is done."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from peerwork.accounts.access import get_for_org, require

from .. import selectors
from ..forms import ImportForm
from ..imports import COLUMNS, KINDS, REQUIRED_COLUMNS
from ..models import ImportJob, NaloxoneProduct, Outcome, PlaceType, ReferralFor, ReferralTo
from ..services import import_start


@require("can_import_records")
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_start(
            organisation=request.organisation,  # type: ignore[attr-defined]
            user=request.user,  # type: ignore[arg-type]
            file_name=upload.name,
            content=upload.read(),
        )
        return redirect("services:import_status", job_id=job.pk)
    context = {
        "form": form,
        "jobs": selectors.recent_imports(request.organisation),  # type: ignore[attr-defined]
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
        "kinds": KINDS,
        "choices": [
            ("place_type", PlaceType.values),
            ("product", NaloxoneProduct.values),
            ("outcome", Outcome.values),
            ("referral_to", ReferralTo.values),
            ("referral_for", ReferralFor.values),
        ],
    }
    return render(request, "services/import.html", context, status=422 if form.errors else 200)


@require("can_import_records")
def import_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_for_org(ImportJob.objects.defer("content"), request.organisation, pk=job_id)  # type: ignore[attr-defined]
    template = "services/_import_progress.html" if request.htmx else "services/import_status.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})
