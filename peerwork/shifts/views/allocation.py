"""Allocation: run the engine for a week, review every reason, edit by hand (recorded), publish
(after a confirmation), re-open a published week (on purpose, with a reason)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import current_membership, get_for_org, require
from peerwork.accounts.sites import within_sites
from peerwork.core.links import row_links
from peerwork.peers.hooks import earnings_flags

from .. import selectors, services, weeks
from ..fairness import fairness as fairness_for
from ..fairness import hours_chart
from ..forms import DecisionEditForm, ReopenForm, RunForm
from ..models import AllocationDecision, AllocationRun, Outcome, RunStatus
from ..nextstage import ladder_work
from ..reasons import binding_text, review_text
from ._common import actor, org, week_from


def can_see_benefit(request: HttpRequest) -> bool:
    membership = current_membership(request)
    return membership is not None and membership.can("can_view_sensitive_peer_fields")


@require("can_run_allocation")
def runs(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    week = week_from(request) if request.GET.get("week") else weeks.next_open_week(organisation)
    form = RunForm(request.POST or None, initial={"week": week}, organisation=organisation)
    held = None
    if request.method == "POST" and form.is_valid():
        try:
            run = services.allocation_run(
                organisation=organisation,
                week_start=selectors.monday_of(form.cleaned_data["week"]),
                site=form.cleaned_data["site"],
                seed=form.cleaned_data["seed"],
                by=actor(request),
            )
        except services.WeekPublished as refused:
            held = refused.run
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Allocation done. Review it, then publish."))
            return redirect("shifts:run", pk=run.pk)
    recent = within_sites(AllocationRun.objects.filter(organisation=organisation)).select_related("site")[:20]
    context = {"form": form, "runs": recent, "held": held, "reopen_form": ReopenForm()}
    return render(request, "shifts/runs.html", context)


def _flag_limits(request: HttpRequest, rows: list[dict[str, Any]], near_limit: bool) -> list[dict[str, Any]]:
    """Each decision with its peer's limit flag (the People list's); with ``near_limit`` only the
    decisions of peers near or over their limit, and only the shifts that have one."""
    peer_ids = {decision["peer_id"] for row in rows for decision in row["decisions"]}
    flags = earnings_flags(org(request), org(request).today(), peer_ids)
    for row in rows:
        for decision in row["decisions"]:
            decision["limit"] = flags.get(decision["peer_id"])
        if near_limit:
            row["decisions"] = [d for d in row["decisions"] if d["limit"]]
    return [row for row in rows if row["decisions"]] if near_limit else rows


BADGES = {Outcome.ASSIGNED: " ok", Outcome.WAITLISTED: " warn", Outcome.INELIGIBLE: " bad"}


def _explain(rows: list[dict[str, Any]]) -> None:
    """Each decision's reason and outcome in words, said once here rather than per row in the
    template: a busy day's review has hundreds of rows."""
    outcomes = {value: str(label) for value, label in Outcome.choices}
    to_waitlist, give = _("Move to waitlist"), _("Give the place")
    edit_url = row_links("shifts:decision_edit")
    for row in rows:
        for decision in row["decisions"]:
            decision["text"] = review_text(
                decision["reason_code"], decision["reason_params"], decision["name"]
            )
            decision["outcome_label"] = outcomes.get(decision["outcome"], decision["outcome"])
            decision["badge"] = BADGES.get(decision["outcome"], "")
            # The hand change offered: an assigned place to the waitlist, anything else but an
            # ineligible request to a place.
            if decision["outcome"] == Outcome.ASSIGNED:
                decision["change_to"], decision["change"] = Outcome.WAITLISTED, to_waitlist
            elif decision["outcome"] != Outcome.INELIGIBLE:
                decision["change_to"], decision["change"] = Outcome.ASSIGNED, give
            decision["edit_url"] = edit_url(decision["pk"])
            if decision["rank"]:
                decision["choice"] = _("choice %(r)s") % {"r": decision["rank"]}


@require("can_run_allocation")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_for_org(
        AllocationRun.objects.select_related("site", "created_by", "organisation"), org(request), pk=pk
    )
    near_limit = bool(request.GET.get("near_limit"))
    days = selectors.run_days(run)
    day = None
    if sum(count for _day, count in days) > selectors.REVIEW_ALL_UP_TO:
        try:
            asked = parse_date(request.GET.get("day") or "")
        except ValueError:  # a date-shaped value that is no date
            asked = None
        day = asked if asked in dict(days) else days[0][0]
    all_rows = selectors.run_review(run, day)
    has_requests = within_sites(run.decisions.all()).exists()
    rows = _flag_limits(request, all_rows, near_limit)
    _explain(rows)
    binding = [binding_text(b["code"], b["places"]) for b in run.binding]
    edits = run.edits.select_related("signup__peer", "signup__shift__role", "edited_by")
    return render(
        request,
        "shifts/run.html",
        {
            "run": run,
            "rows": rows,
            "binding": binding,
            "edits": edits,
            "edit_form": DecisionEditForm(),
            "reopen_form": ReopenForm(),
            "has_shifts": run.shifts.exists(),
            "has_requests": has_requests,
            "near_limit": near_limit,
            "names_benefit": can_see_benefit(request),
            "days": days if day is not None else [],
            "day": day,
            "draft": run.status == RunStatus.DRAFT,
            # One hidden token field for the hundreds of change forms (the tag would build each).
            "csrf_field": csrf_input(request),
        },
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
    # Back to the shift's day: a busy week is reviewed one day at a time.
    day = selectors.local_date(org(request), decision.signup.shift.starts_at)
    run_url = reverse("shifts:run", args=[decision.run_id])
    return redirect(f"{run_url}?day={day:%Y-%m-%d}#shift-{decision.signup.shift_id}")


@require("can_run_allocation")
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: say who will be told and ask to confirm; POST: publish."""
    run = get_for_org(AllocationRun.objects.select_related("site"), org(request), pk=pk)
    if request.method != "POST":
        if run.status != RunStatus.DRAFT:
            return redirect("shifts:run", pk=run.pk)
        summary = weeks.publish_summary(run)
        return render(request, "shifts/publish.html", {"run": run, "summary": summary})
    try:
        services.allocation_publish(run=run, by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published. Peers can see their shifts and reasons now."))
    return redirect("shifts:run", pk=run.pk)


@require_POST
@require("can_run_allocation")
def run_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-open a published week on purpose, with a reason, so it can be allocated again."""
    run = get_for_org(AllocationRun, org(request), pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the week is re-opened."))
        return redirect("shifts:run", pk=run.pk)
    try:
        services.allocation_reopen(run=run, reason=form.cleaned_data["reason"], by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("shifts:run", pk=run.pk)
    messages.success(request, _("The week is open again. Run the allocation when the requests are in."))
    query = f"?week={run.week_start:%Y-%m-%d}"
    return redirect(reverse("shifts:runs") + query)


@require("can_view_dashboard")
def fairness(request: HttpRequest) -> HttpResponse:
    week_start = week_from(request)
    first = week_start - timedelta(weeks=3)
    last = week_start + timedelta(days=6)
    data = fairness_for(org(request), first, last)
    chart = hours_chart(data)
    ladder = ladder_work(org(request), org(request).today())
    context = {"data": data, "chart": chart, "week_start": week_start, "ladder": ladder}
    context.update(ladder_rows=ladder.table(), ladder_alerts=ladder.alerts())
    return render(request, "shifts/fairness.html", context)
