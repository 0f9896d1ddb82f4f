"""Insights API: indicator definitions, dashboard figures from the rollups, funder report templates,
report runs (progress while building) and their files."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.accounts.sites import site_scope, sites_visible
from peerwork.audit.services import audit_record
from peerwork.insights.models import ReportRun, ReportTemplate
from peerwork.insights.registry import indicators
from peerwork.insights.reports import ReportPeriodError, check_period
from peerwork.insights.selectors import figures_site, momentum_for, report_runs_for, report_templates_for
from peerwork.insights.services import report_template_save
from peerwork.insights.suppression import suppression_note
from peerwork.insights.tasks import report_run_request
from peerwork.shifts.models import WorkStream

from .common import (
    BodyId,
    Date,
    Error,
    Int,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    file_answer,
    member,
    org_of,
)

router = Router(tags=["insights"])

FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _invalid(detail: str, field: str = "__all__") -> Status[dict[str, Any]]:
    return Status(409, {"detail": detail, "errors": {field: [detail]}})


class IndicatorOut(Schema):
    id: str
    label: str
    description: str
    unit: str
    direction: str
    goal: float | None
    applies_to: list[str]
    aggregation: str
    group: str
    source: str


@router.get(
    "/indicators",
    operation_id="indicator_list",
    response=list[IndicatorOut],
    url_name="insights_indicators",
    summary="Every indicator Peerwork computes: what it means, its unit, direction and goal",
)
@paginate(PageNumberPagination, page_size=50)
def indicator_list(request: HttpRequest) -> list[dict[str, Any]]:
    member(request, "can_view_dashboard")
    return [
        {
            "id": i.id,
            "label": str(i.label),
            "description": str(i.description),
            "unit": i.unit,
            "direction": i.direction,
            "goal": i.goal,
            "applies_to": list(i.applies_to),
            "aggregation": i.aggregation,
            "group": str(i.group),
            "source": i.source,
        }
        for i in indicators.all()
    ]


class DashboardQuery(Schema):
    start: Date | None = None
    end: Date | None = None
    site: Int | None = None
    work_stream: Int | None = None


class FigureOut(Schema):
    indicator: str
    label: str
    unit: str
    value: float | None
    numerator: float | None
    denominator: float | None
    goal: float | None
    goal_met: bool | None
    by_stage: dict[str, float | None]
    alert: str
    not_split: bool
    hidden: bool = Field(
        False, description="Withheld by the small-cell rules (see the dashboard's `suppression` note)."
    )


class DashboardOut(Schema):
    start: date
    end: date
    site: int | None
    work_stream: int | None
    has_data: bool
    message: str
    last_refresh: datetime | None
    suppression: str
    figures: list[FigureOut]


@router.get(
    "/dashboard",
    operation_id="insights_dashboard_get",
    response={200: DashboardOut, 403: Error, 422: Error, 409: Error},
    url_name="insights_dashboard",
    summary="Momentum figures for a period (default: the last 90 days), read from the daily rollups",
)
def dashboard(request: HttpRequest, filters: Query[DashboardQuery]) -> Any:
    member(request, "can_view_dashboard")
    organisation = org_of(request)
    today = organisation.today()
    end = filters.end or today
    start = filters.start or end - timedelta(days=89)
    if end < start:
        return _invalid("The period is empty: the end is before the start.", "end")
    if end > today:
        return _invalid("The period cannot end in the future.", "end")
    site = work_stream = None
    if filters.site is not None:
        site = sites_visible(organisation).filter(pk=filters.site).first()
        if site is None:
            return _invalid("No site of your organisation has this id.", "site")
    site = figures_site(organisation, site)
    if filters.work_stream is not None:
        work_stream = WorkStream.objects.filter(organisation=organisation, pk=filters.work_stream).first()
        if work_stream is None:
            return _invalid("No work stream of your organisation has this id.", "work_stream")
    momentum = momentum_for(organisation, start, end, site=site, work_stream=work_stream)
    refresh = momentum.last_refresh
    return {
        "start": start,
        "end": end,
        "site": site.pk if site else None,
        "work_stream": filters.work_stream,
        "has_data": momentum.has_data,
        "message": ""
        if momentum.has_data
        else "There are no figures for this period and filter: nothing was recorded, "
        "or the rollups have not been built yet.",
        "last_refresh": refresh.created_at if refresh else None,
        "suppression": suppression_note(organisation.small_cell_threshold),
        "figures": [
            {
                "indicator": f.indicator.id,
                "label": str(f.indicator.label),
                "unit": f.indicator.unit,
                "value": f.value,
                "numerator": f.numerator,
                "denominator": f.denominator,
                "goal": f.indicator.goal,
                "goal_met": f.goal_met,
                "by_stage": dict(f.by_stage),
                "alert": f.alert,
                "not_split": f.not_split,
                "hidden": f.hidden,
            }
            for f in momentum.figures.values()
        ],
    }


class TemplateIn(Schema):
    name: Text
    funder: Text
    indicator_ids: list[Text]
    period_start: Date
    period_end: Date
    site_ids: list[BodyId] = []
    notes: Text = ""


class TemplateOut(Schema):
    id: int
    name: str
    funder: str
    indicator_ids: list[str]
    period_start: date
    period_end: date
    site_ids: list[int]
    notes: str

    @staticmethod
    def resolve_site_ids(obj: ReportTemplate) -> list[int]:
        return [site.pk for site in obj.sites.all()]


@router.get(
    "/report-templates",
    operation_id="report_template_list",
    response=list[TemplateOut],
    url_name="insights_report_templates",
    summary="Funder report templates",
)
@paginate(PageNumberPagination, page_size=50)
def template_list(request: HttpRequest) -> Any:
    member(request, "can_run_reports")
    return report_templates_for(org_of(request))


@router.post(
    "/report-templates",
    operation_id="report_template_create",
    response={201: TemplateOut, 403: Error, 422: Error},
    url_name="insights_report_template_create",
    summary="Save a funder report template (which indicators, which period, which sites)",
)
def template_create(request: HttpRequest, payload: TemplateIn) -> Any:
    membership = member(request, "can_run_reports")
    organisation = org_of(request)
    sites = list(sites_visible(organisation).filter(pk__in=payload.site_ids))
    if len(sites) != len(set(payload.site_ids)):
        return _invalid("Some sites are not sites of your organisation.", "site_ids")
    if not sites and site_scope() is not None:
        return _invalid("Name the sites: you work at some sites, not the whole organisation.", "site_ids")
    try:
        check_period(organisation, payload.period_start, payload.period_end)
        template = report_template_save(
            organisation=organisation,
            name=payload.name,
            funder=payload.funder,
            indicator_ids=payload.indicator_ids,
            period_start=payload.period_start,
            period_end=payload.period_end,
            sites=sites,
            notes=payload.notes,
            actor=membership.user,
        )
    except ReportPeriodError as exc:
        return _invalid(str(exc), "period_end")
    except ValidationError as exc:
        errors = exc.message_dict
        return Status(409, {"detail": next(iter(errors.values()))[0], "errors": errors})
    return Status(201, template)


@router.get(
    "/report-templates/{template_id}",
    operation_id="report_template_get",
    response={200: TemplateOut, 403: Error, 404: Error},
    url_name="insights_report_template",
    summary="One funder report template",
)
def template_detail(request: HttpRequest, template_id: PathId) -> Any:
    member(request, "can_run_reports")
    return fetch(ReportTemplate.objects.prefetch_related("sites"), request, pk=template_id)


class RunOut(Schema):
    id: int
    template_id: int
    status: str
    progress: int
    message: str
    created_at: datetime
    finished_at: datetime | None
    files: dict[str, str]
    content: dict[str, Any] | None

    @staticmethod
    def resolve_files(obj: ReportRun) -> dict[str, str]:
        if obj.status != ReportRun.Status.DONE:
            return {}
        return {fmt: f"/api/v1/insights/report-runs/{obj.pk}/files/{fmt}" for fmt in FILE_TYPES}

    @staticmethod
    def resolve_content(obj: ReportRun) -> dict[str, Any] | None:
        return obj.content if obj.status == ReportRun.Status.DONE else None


@router.post(
    "/report-templates/{template_id}/runs",
    operation_id="report_run_create",
    response={202: RunOut, 403: Error, 404: Error, 422: Error},
    url_name="insights_report_run_create",
    summary="Build a report from a template; poll the run for progress, then fetch its files",
)
def run_create(request: HttpRequest, template_id: PathId) -> Any:
    membership = member(request, "can_run_reports")
    template = fetch(ReportTemplate, request, pk=template_id)
    try:
        check_period(template.organisation, template.period_start, template.period_end)
    except ReportPeriodError as exc:
        return _invalid(str(exc), "period_end")
    run = report_run_request(template=template, requested_by=membership.user)
    run.refresh_from_db()
    return Status(202, run)


@router.get(
    "/report-runs",
    operation_id="report_run_list",
    response=list[RunOut],
    url_name="insights_report_runs",
    summary="Recent report runs, newest first",
)
@paginate(PageNumberPagination, page_size=20)
def run_list(request: HttpRequest) -> Any:
    member(request, "can_run_reports")
    return report_runs_for(org_of(request)).defer(None).defer("pdf", "xlsx", "csv")


@router.get(
    "/report-runs/{run_id}",
    operation_id="report_run_get",
    response={200: RunOut, 403: Error, 404: Error},
    url_name="insights_report_run",
    summary="A report run: its progress while it builds, then its suppressed tables and file links",
)
def run_detail(request: HttpRequest, run_id: PathId) -> Any:
    member(request, "can_run_reports")
    return fetch(ReportRun.objects.defer("pdf", "xlsx", "csv"), request, pk=run_id)


@router.get(
    "/report-runs/{run_id}/files/{fmt}",
    operation_id="report_run_file_get",
    response={200: None, 403: Error, 404: Error, 409: Error},
    url_name="insights_report_file",
    summary="The report as PDF, XLSX or CSV (small cells hidden)",
    openapi_extra=file_answer("The report file", *(media.split(";")[0] for media in FILE_TYPES.values())),
)
def run_file(request: HttpRequest, run_id: PathId, fmt: Literal["pdf", "xlsx", "csv"]) -> Any:
    member(request, "can_run_reports")
    run = fetch(ReportRun.objects.select_related("template"), request, pk=run_id)
    if run.status != ReportRun.Status.DONE:
        return Status(409, {"detail": "The report is not ready yet; poll the run until its status is done."})
    audit_record(action="report_downloaded", request=request, obj=run, format=fmt)
    response = HttpResponse(bytes(getattr(run, fmt) or b""), content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="report-{run.pk}.{fmt}"'
    return response
