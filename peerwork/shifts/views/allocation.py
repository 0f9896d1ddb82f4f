"""Allocation: run the engine for a week, review every reason, edit by hand (recorded), publish."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require

from .. import selectors, services
from ..fairness import fairness as fairness_for
from ..fairness import hours_chart
from ..forms import DecisionEditForm, RunForm
from ..models import AllocationDecision, AllocationRun
from ..reasons import binding_text, reason_text
from ._common import actor, org, week_from


@require("can_run_allocation")
def runs(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None, initial={"week": week_from(request)}, organisation=org(request))
    if request.method == "POST" and form.is_valid():
        run = services.allocation_run(
            organisation=org(request),
            week_start=selectors.monday_of(form.cleaned_data["week"]),
            site=form.cleaned_data["site"],
            seed=form.cleaned_data["seed"],
            by=actor(request),
        )
        messages.success(request, _("Allocation done. Review it, then publish."))
        return redirect("shifts:run", pk=run.pk)
    recent = AllocationRun.objects.filter(organisation=org(request)).select_related("site")[:20]
    return render(request, "shifts/runs.html", {"form": form, "runs": recent})


@require("can_run_allocation")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_for_org(AllocationRun.objects.select_related("site", "created_by"), org(request), pk=pk)
    rows = selectors.run_review(run)
    for row in rows:
        for decision in row["decisions"]:
            decision.text = reason_text(decision.reason_code, decision.reason_params)
    binding = [binding_text(b["code"], b["places"]) for b in run.binding]
    edits = run.edits.select_related("signup__peer", "signup__shift__role", "edited_by")
    return render(
        request,
        "shifts/run.html",
        {"run": run, "rows": rows, "binding": binding, "edits": edits, "edit_form": DecisionEditForm()},
    )


@require_POST
@require("can_run_allocation")
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_for_org(
        AllocationDecision.objects.select_related("run", "signup__shift"),
        org(request),
        field="run__organisation",
        pk=pk,
    )
    form = DecisionEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the change and say why."))
    else:
        try:
            services.allocation_edit(
                decision=decision,
                to_outcome=form.cleaned_data["to_outcome"],
                note=form.cleaned_data["note"],
                by=actor(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Change recorded."))
    return redirect(f"{reverse('shifts:run', args=[decision.run_id])}#shift-{decision.signup.shift_id}")


@require_POST
@require("can_run_allocation")
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_for_org(AllocationRun, org(request), pk=pk)
    try:
        services.allocation_publish(run=run, by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published. Peers can see their shifts and reasons now."))
    return redirect("shifts:run", pk=run.pk)


@require("can_view_dashboard")
def fairness(request: HttpRequest) -> HttpResponse:
    week_start = week_from(request)
    first = week_start - timedelta(weeks=3)
    last = week_start + timedelta(days=6)
    data = fairness_for(org(request), first, last)
    chart = hours_chart(data)
    return render(request, "shifts/fairness.html", {"data": data, "chart": chart, "week_start": week_start})
