"""Demo: the momentum rollups for the demo organisation and a funder report template (runs last)."""

from __future__ import annotations

from datetime import timedelta

from peerwork.core.demo import DemoContext
from peerwork.orgs.models import Site

from .services import report_template_save, rollups_refresh


def build(ctx: DemoContext) -> None:
    org = ctx["org"]
    refresh = rollups_refresh(organisation=org, last_day=ctx.today, first_day=ctx.today - timedelta(days=400))
    first_of_month = ctx.today.replace(day=1)
    quarter_end = first_of_month - timedelta(days=1)
    quarter_start = (quarter_end - timedelta(days=85)).replace(day=1)
    report_template_save(
        organisation=org,
        name="Quarterly harm reduction report",
        funder="City Public Health",
        indicator_ids=[
            "active_peers",
            "new_peers",
            "promotions",
            "shifts_worked",
            "hours_worked",
            "new_peer_share",
            "retention",
            "services_delivered",
            "supplies_given",
            "sharps_recovered",
            "overdose_responses",
        ],
        period_start=quarter_start,
        period_end=quarter_end,
        sites=list(Site.objects.filter(organisation=org)),
        notes="Figures from Peerwork's daily rollups; small counts are hidden.",
    )
    ctx.notes.append(
        f"Insights: {refresh.rows_written} rollup rows; dashboard at /insights/, "
        "one funder report template at /insights/reports/."
    )
