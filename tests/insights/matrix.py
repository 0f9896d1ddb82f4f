"""Cross-organisation matrix entries for insights routes (see tests/matrix.py)."""

from __future__ import annotations

from typing import Any

from peerwork.insights.models import IndicatorValue, ReportRun
from tests.personas import LEAK_MARKER, OrgPersonas

from .factories import ReportTemplateFactory


def _template(p: OrgPersonas):  # type: ignore[no-untyped-def]
    return ReportTemplateFactory(
        organisation=p.org, name=f"{LEAK_MARKER} report", funder=f"{LEAK_MARKER} funder"
    )


def _run(p: OrgPersonas) -> ReportRun:
    return ReportRun.objects.create(
        organisation=p.org,
        template=_template(p),
        status=ReportRun.Status.DONE,
        content={"title": LEAK_MARKER},
        csv=LEAK_MARKER.encode(),
        pdf=LEAK_MARKER.encode(),
        xlsx=LEAK_MARKER.encode(),
    )


def _template_kwargs(p: OrgPersonas) -> dict[str, Any]:
    return {"template_id": _template(p).pk}


def _run_kwargs(p: OrgPersonas) -> dict[str, Any]:
    return {"run_id": _run(p).pk}


ROUTES = {
    "insights:report_template_edit": _template_kwargs,
    "insights:report_run_create": lambda p: {**_template_kwargs(p), "__post__": {}},
    "insights:report_run": _run_kwargs,
    "insights:report_run_status": _run_kwargs,
    "insights:report_download": lambda p: {**_run_kwargs(p), "fmt": "csv"},
    "api:insights_report_template": _template_kwargs,
    "api:insights_report_run_create": lambda p: {**_template_kwargs(p), "__post__": {}, "__json__": True},
    "api:insights_report_run": _run_kwargs,
    "api:insights_report_file": lambda p: {**_run_kwargs(p), "fmt": "csv"},
}


def seed_reports(p: OrgPersonas) -> None:
    _run(p)
    IndicatorValue.objects.create(
        organisation=p.org,
        site=p.site,
        slice_key=f"site:{p.site.pk}",
        day=p.org.today(),
        indicator_id="active_peers",
        value=7,
        numerator=7,
        denominator=0,
    )


SEED = [seed_reports]
