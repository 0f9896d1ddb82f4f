"""The momentum dashboard and funder reports. Views read rollups through selectors, nothing raw."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation
from peerwork.shifts.contracts.selectors import contract_alerts
from peerwork.shifts.nextstage import LadderWork, ladder_work
from peerwork.support.selectors.rolechecks import role_action_summary
from peerwork.support.selectors.rolefit import drifting_roles

from . import business, charts
from .forms import DashboardFilterForm, ReportTemplateForm
from .models import ReportRun, ReportTemplate, RollupRefresh
from .registry import format_value
from .reports import ReportPeriodError, check_period
from .selectors import Momentum, momentum_for, per_quarter, report_runs_for, report_templates_for
from .services import report_template_save, rollups_refresh
from .suppression import HIDDEN, published_count, suppression_note
from .tasks import report_run_build, report_run_request, rollups_request

# A queued job no task worker has started after this long is run by the page that waits for it.
UNCLAIMED_AFTER = timedelta(seconds=5)
REFRESHING = (RollupRefresh.Status.QUEUED, RollupRefresh.Status.RUNNING)

DOWNLOADS = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def _charts(momentum: Momentum) -> list[dict[str, object]]:
    figures = momentum.figures
    out: list[dict[str, object]] = []
    active = figures.get("active_peers")
    if active and active.by_stage:
        labels = [name for name, _v in active.by_stage]
        out.append(
            {
                "title": _("Active peers by stage"),
                "src": charts.bars(
                    _("Active peers by stage"), labels, {_("Active peers"): [v for _n, v in active.by_stage]}
                ),
                "headers": [_("Stage"), _("Active peers")],
                "rows": [
                    (name, active.indicator and figure_text(v, active.indicator.unit))
                    for name, v in active.by_stage
                ],
            }
        )
    places, wanting = figures.get("places_offered"), figures.get("peers_wanting")
    if places and wanting and places.by_stage and not places.not_split:
        labels = [name for name, _v in places.by_stage]
        offered = [v for _n, v in places.by_stage]
        asked = [v for _n, v in wanting.by_stage]
        out.append(
            {
                "title": _("Places offered and sign-ups, by stage"),
                "src": charts.bars(
                    _("Places offered and sign-ups, by stage"),
                    labels,
                    {_("Places"): offered, _("Sign-ups"): asked},
                ),
                "headers": [_("Stage"), _("Places"), _("Sign-ups")],
                "rows": [
                    (label, figure_text(o, "count"), figure_text(a, "count"))
                    for label, o, a in zip(labels, offered, asked, strict=True)
                ],
            }
        )
    quarters = per_quarter(momentum.organisation, "promotions", momentum.end, site=momentum.site)
    title = _("Promotions per quarter")
    out.append(
        {
            "title": title,
            "src": charts.bars(
                title, [q for q, _v in quarters], {_("Promotions"): [v for _q, v in quarters]}
            ),
            "headers": [_("Quarter"), _("Promotions")],
            "rows": [(q, figure_text(v, "count")) for q, v in quarters],
        }
    )
    for key in ("active_peers", "new_peer_share"):
        figure = figures.get(key)
        if figure and len(figure.series) > 1:
            title = _("%(label)s over time") % {"label": figure.indicator.label}
            out.append(
                {
                    "title": title,
                    "src": charts.trend(title, figure.series, str(figure.indicator.label)),
                    "headers": [_("From"), str(figure.indicator.label)],
                    "rows": [
                        (d.isoformat(), figure_text(v, figure.indicator.unit)) for d, v in figure.series
                    ],
                }
            )
    return out


def _ladder_context(ladder: LadderWork | None, threshold: int) -> dict[str, object]:
    """Next-stage work by stage, with counts of people under the small-cell rules."""
    if ladder is None:
        return {}

    def shown(count: int) -> int | None:
        return published_count(count, threshold)

    def said(count: int) -> str:
        value = shown(count)
        return HIDDEN if value is None else str(value)

    return {"ladder": ladder, "ladder_rows": ladder.table(shown), "ladder_alerts": ladder.alerts(said)}


def figure_text(value: float | None, unit: str) -> str:
    return format_value(value, unit)


def _role_actions_context(request: HttpRequest, organisation: Organisation) -> dict[str, object]:
    """Roles that drift and what the organisation is doing about them (open and overdue role actions)."""
    today = organisation.today()
    summary = role_action_summary(organisation, today)
    acting_on = {action.role_id for action in summary.actions}
    return {
        "role_actions": summary,
        "roles_drifting_unanswered": [
            role for role in drifting_roles(organisation, today) if role.pk not in acting_on
        ],
        "manages_roles": request.membership.can("can_manage_role_actions"),  # type: ignore[attr-defined]
        "today": today,
    }


@require("can_view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    unclaimed_since = timezone.now() - UNCLAIMED_AFTER
    pending = [
        rollups_refresh(
            organisation=organisation, refresh=refresh, first_day=refresh.first_day, last_day=refresh.last_day
        )
        if refresh.status == RollupRefresh.Status.QUEUED and refresh.created_at < unclaimed_since
        else refresh
        for refresh in RollupRefresh.objects.filter(organisation=organisation, status__in=REFRESHING)
    ]
    form = DashboardFilterForm(
        request.GET or {"period": "90"}, organisation=organisation, today=organisation.today()
    )
    momentum = None
    ladder = None
    lines: list[business.LineFigures] = []
    months: list[business.MonthRow] = []
    if form.is_valid():
        data = form.cleaned_data
        today = organisation.today()
        lines = business.business_line_figures(organisation, data["start"], data["end"])
        months = business.revenue_and_cost_by_month(organisation, data["start"], data["end"]) if lines else []
        ladder = ladder_work(organisation, today)
        momentum = momentum_for(
            organisation,
            data["start"],
            data["end"],
            site=data.get("site"),
            work_stream=data.get("work_stream"),
            # The ladder's work this week is shown below; a period that ends today judges by it too.
            ladder=ladder if data["end"] == today else None,
        )
    groups: dict[str, list[object]] = {}
    if momentum:
        for figure in momentum.figures.values():
            groups.setdefault(str(figure.indicator.group), []).append(figure)
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "momentum": momentum,
            "groups": groups,
            "charts": _charts(momentum) if momentum and momentum.has_data else [],
            "suppression_note": suppression_note(organisation.small_cell_threshold),
            # Alerts name peers: only for those who act on contracts, not every dashboard reader.
            "contract_alerts": contract_alerts(organisation)
            if request.membership.can("can_manage_contracts")  # type: ignore[attr-defined]
            else [],
            "business_lines": lines,
            "business_months": months,
            **_ladder_context(ladder, organisation.small_cell_threshold),
            **_role_actions_context(request, organisation),
            "refreshing": any(refresh.status in REFRESHING for refresh in pending),
        },
    )


@require_POST
@require("can_view_dashboard")
def rollups_refresh_now(request: HttpRequest) -> HttpResponse:
    refresh = rollups_request(organisation=request.organisation, requested_by=request.user)  # type: ignore[attr-defined]
    refresh.refresh_from_db()
    if refresh.status == RollupRefresh.Status.DONE:
        messages.success(request, _("The figures are up to date."))
    else:
        messages.info(request, _("The figures are being rebuilt. Reload this page in a minute."))
    return redirect("insights:dashboard")


@require("can_run_reports")
def reports(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    return render(
        request,
        "insights/reports.html",
        {
            "templates": report_templates_for(organisation),
            "runs": report_runs_for(organisation)[:20],
        },
    )


def _template_form(request: HttpRequest, template: ReportTemplate | None) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    initial = None
    if template is not None:
        initial = {
            "name": template.name,
            "funder": template.funder,
            "indicator_ids": template.indicator_ids,
            "period_start": template.period_start,
            "period_end": template.period_end,
            "sites": list(template.sites.all()),
            "notes": template.notes,
        }
    form = ReportTemplateForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_period(organisation, data["period_start"], data["period_end"])
            report_template_save(
                organisation=organisation,
                name=data["name"],
                funder=data["funder"],
                indicator_ids=data["indicator_ids"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                sites=list(data["sites"]),
                notes=data["notes"],
                template=template,
                actor=request.user,
            )
        except ReportPeriodError as exc:
            form.add_error("period_end", str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Report template saved."))
            return redirect("insights:reports")
    return render(request, "insights/report_template_form.html", {"form": form, "template": template})


@require("can_run_reports")
def report_template_new(request: HttpRequest) -> HttpResponse:
    return _template_form(request, None)


@require("can_run_reports")
def report_template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    template = get_for_org(ReportTemplate, request.organisation, pk=template_id)  # type: ignore[attr-defined]
    return _template_form(request, template)


@require_POST
@require("can_run_reports")
def report_run_create(request: HttpRequest, template_id: int) -> HttpResponse:
    template = get_for_org(ReportTemplate, request.organisation, pk=template_id)  # type: ignore[attr-defined]
    try:
        check_period(template.organisation, template.period_start, template.period_end)
    except ReportPeriodError as exc:
        messages.error(request, str(exc))
        return redirect("insights:reports")
    run = report_run_request(template=template, requested_by=request.user)
    return redirect("insights:report_run", run_id=run.pk)


def _run(request: HttpRequest, run_id: int) -> ReportRun:
    queryset = ReportRun.objects.select_related("template").defer("pdf", "xlsx", "csv")
    return get_for_org(queryset, request.organisation, pk=run_id)  # type: ignore[attr-defined]


@require("can_run_reports")
def report_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    return render(request, "insights/report_run.html", {"run": run})


@require("can_run_reports")
def report_run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment the run page polls (htmx) until the report is ready.

    When no task worker has picked the run up after a few seconds (e.g. ``make demo`` without
    ``peerwork db_worker``), the poll builds it itself, so the page never waits forever.
    """
    run = _run(request, run_id)
    if run.status == ReportRun.Status.QUEUED and timezone.now() - run.created_at > UNCLAIMED_AFTER:
        report_run_build(run)
        run = _run(request, run_id)
    return render(request, "insights/_report_status.html", {"run": run})


@require("can_run_reports")
def report_download(request: HttpRequest, run_id: int, fmt: str) -> HttpResponse:
    run = get_for_org(ReportRun.objects.select_related("template"), request.organisation, pk=run_id)  # type: ignore[attr-defined]
    if fmt not in DOWNLOADS or run.status != ReportRun.Status.DONE:
        messages.error(request, _("That file is not ready."))
        return redirect(reverse("insights:report_run", kwargs={"run_id": run.pk}))
    content_type, extension = DOWNLOADS[fmt]
    body = bytes(getattr(run, fmt) or b"")
    audit_record(action="report_downloaded", request=request, obj=run, format=fmt)
    response = HttpResponse(body, content_type=content_type)
    name = f"report-{run.template.funder}-{run.template.period_start}-{run.template.period_end}"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)[:120]
    response["Content-Disposition"] = f'attachment; filename="{safe}.{extension}"'
    return response
