"""Reads for dashboards, alerts and reports: period figures from the rollup table, never raw rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Min, QuerySet
from django.utils.translation import gettext as _

from peerwork.accounts.sites import site_scope, sites_visible, within_sites
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import WorkStream
from peerwork.shifts.nextstage import LadderWork, ladder_work

from . import indicators as _declared  # noqa: F401  (registers the indicators)
from . import indicators_ladder as _ladder  # noqa: F401
from . import indicators_support as _support  # noqa: F401
from . import indicators_voice as _voice  # noqa: F401
from .models import IndicatorValue, ReportRun, ReportTemplate, RollupRefresh
from .registry import INDEX, LAST, SITE, STREAM, Indicator, format_value, indicators
from .suppression import HIDDEN, Published, published, published_count

Row = tuple[str, int | None, date, float, float | None, float | None]


@dataclass
class Figure:
    indicator: Indicator
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    by_stage: list[tuple[str, float | None]] = field(default_factory=list)
    series: list[tuple[date, float | None]] = field(default_factory=list)
    not_split: bool = False  # the filter asks for a slice this indicator is not kept by
    alert: str = ""
    hidden: bool = False  # withheld by the small-cell rules (suppression.py)
    goal_withheld: str = ""  # why the goal cannot count as met (e.g. a stage with no places)

    @property
    def shown(self) -> str:
        return HIDDEN if self.hidden else format_value(self.value, self.indicator.unit)

    @property
    def goal_met(self) -> bool | None:
        if self.goal_withheld:
            return False
        return self.indicator.meets_goal(self.value)


@dataclass
class Momentum:
    organisation: Organisation
    start: date
    end: date
    site: Site | None
    work_stream: WorkStream | None
    figures: dict[str, Figure]
    has_data: bool
    last_refresh: RollupRefresh | None

    @property
    def alerts(self) -> list[Figure]:
        return [f for f in self.figures.values() if f.alert]


def _aggregate(indicator: Indicator, rows: list[Row]) -> tuple[float | None, float | None, float | None]:
    if not rows:
        return (0.0, 0.0, 0.0) if indicator.is_count else (None, None, None)
    if indicator.aggregation == LAST:
        last = max(r[2] for r in rows)
        rows = [r for r in rows if r[2] == last]
    if indicator.unit == INDEX:
        row = rows[-1]
        return row[3], row[4], row[5]
    num = sum(r[4] or 0.0 for r in rows)
    den = sum(r[5] or 0.0 for r in rows)
    return indicator.value_from(num, den), num, den


def _bucket(day: date, start: date, end: date) -> date:
    if (end - start).days > 120:
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def _series(
    indicator: Indicator, rows: list[Row], start: date, end: date, threshold: int | None
) -> list[tuple[date, float | None]]:
    buckets: dict[date, list[Row]] = defaultdict(list)
    for row in rows:
        buckets[_bucket(row[2], start, end)].append(row)
    return [
        (key, _published(indicator, _aggregate(indicator, buckets[key]), threshold))
        for key in sorted(buckets)
    ]


def _rows(
    organisation: Organisation, start: date, end: date, site_id: int | None, stream_id: int | None
) -> QuerySet[IndicatorValue]:
    qs = IndicatorValue.objects.filter(organisation=organisation, day__gte=start, day__lte=end)
    qs = qs.filter(site_id=site_id) if site_id else qs.filter(site__isnull=True)
    return qs.filter(work_stream_id=stream_id) if stream_id else qs.filter(work_stream__isnull=True)


def _publish(
    indicator: Indicator, figure: tuple[float | None, float | None, float | None], threshold: int | None
) -> Published:
    """The figure under the small-cell rules; ``threshold`` None only for ``exact`` reads."""
    if threshold is None:
        return Published(*figure, hidden=False)
    return published(indicator.unit, *figure, threshold)


def _published(
    indicator: Indicator, figure: tuple[float | None, float | None, float | None], threshold: int | None
) -> float | None:
    return _publish(indicator, figure, threshold).value


def figures_site(organisation: Organisation, site: Site | None) -> Site | None:
    """The site whose figures a person sees: ``site``, or for a person limited to some sites (who
    may not see organisation-wide figures) the first of theirs."""
    if site is not None or site_scope() is None:
        return site
    return sites_visible(organisation).first()


def momentum_for(
    organisation: Organisation,
    start: date,
    end: date,
    *,
    site: Site | None = None,
    work_stream: WorkStream | None = None,
    indicator_ids: list[str] | None = None,
    exact: bool = False,
    ladder: LadderWork | None = None,
) -> Momentum:
    """Every indicator's figure for the period and filters, with its stage split, series and alert.

    ``ladder`` is the ladder's work on ``end`` when the caller has it already (the dashboard shows it).

    Every number is published under the small-cell rules (hidden or rounded), so no two queries
    can be subtracted to give back a small count. ``exact=True`` skips them, for checks of the
    computation itself: such figures are never shown to anyone.
    """
    threshold = None if exact else organisation.small_cell_threshold
    wanted = [indicators.get(i) for i in indicator_ids] if indicator_ids else indicators.all()
    stages = dict(Stage.objects.filter(organisation=organisation).values_list("id", "name"))
    by_indicator: dict[str, list[Row]] = defaultdict(list)
    by_stage: dict[tuple[str, int], list[Row]] = defaultdict(list)
    rows = _rows(organisation, start, end, site.pk if site else None, work_stream.pk if work_stream else None)
    for row in rows.values_list("indicator_id", "stage_id", "day", "value", "numerator", "denominator"):
        if row[1] is None:
            by_indicator[row[0]].append(row)
        else:
            by_stage[(row[0], row[1])].append(row)
    has_data = bool(by_indicator)
    figures: dict[str, Figure] = {}
    for indicator in wanted:
        not_split = (site is not None and not indicator.applies(SITE)) or (
            work_stream is not None and not indicator.applies(STREAM)
        )
        if not_split:
            figures[indicator.id] = Figure(indicator=indicator, value=None, not_split=True)
            continue
        own = by_indicator.get(indicator.id, [])
        shown = _publish(indicator, _aggregate(indicator, own) if has_data else (None, None, None), threshold)
        value = shown.value
        figure = Figure(
            indicator=indicator,
            value=value,
            numerator=shown.numerator,
            denominator=shown.denominator,
            hidden=shown.hidden,
        )
        figure.series = _series(indicator, own, start, end, threshold)
        if indicator.applies("stage"):
            for sid, name in stages.items():
                stage_rows = by_stage.get((indicator.id, sid), [])
                stage_value = _published(indicator, _aggregate(indicator, stage_rows), threshold)
                figure.by_stage.append((name, stage_value))
        if indicator.alert and indicator.alert.fires(value):
            figure.alert = str(indicator.alert.message).format(
                value=format_value(value, indicator.unit),
                threshold=format_value(indicator.alert.threshold, indicator.unit),
                label=indicator.label,
            )
        figures[indicator.id] = figure
    if "stuck_peers" in figures and not figures["stuck_peers"].not_split:
        figures["stuck_peers"].goal_withheld = _ladder_gap(ladder or ladder_work(organisation, end))
    return Momentum(
        organisation=organisation,
        start=start,
        end=end,
        site=site,
        work_stream=work_stream,
        figures=figures,
        has_data=has_data,
        last_refresh=last_refresh(organisation),
    )


def _ladder_gap(work: LadderWork) -> str:
    """Why no goal about stuck peers is met while a stage has no places or too few (else "")."""
    names = [row.stage.name for row in work.without_places + work.starved]
    if not names:
        return ""
    return _("Not met while these stages are starved of work: %(stages)s.") % {
        "stages": ", ".join(dict.fromkeys(names))
    }


def per_quarter(
    organisation: Organisation,
    indicator_id: str,
    today: date,
    *,
    site: Site | None = None,
    quarters: int = 4,
    exact: bool = False,
) -> list[tuple[str, float | None]]:
    """A flow count summed per calendar quarter, the current quarter last (e.g. promotions); published
    under the small-cell rules (None when hidden)."""
    starts = []
    year, quarter = today.year, (today.month - 1) // 3
    for _step in range(quarters):
        starts.append(date(year, quarter * 3 + 1, 1))
        quarter -= 1
        if quarter < 0:
            year, quarter = year - 1, 3
    starts.reverse()
    rows = IndicatorValue.objects.filter(
        organisation=organisation,
        indicator_id=indicator_id,
        day__gte=starts[0],
        day__lte=today,
        stage__isnull=True,
        work_stream__isnull=True,
    )
    rows = rows.filter(site=site) if site else rows.filter(site__isnull=True)
    totals = dict.fromkeys(starts, 0.0)
    for day, numerator in rows.values_list("day", "numerator"):
        key = max(s for s in starts if s <= day)
        totals[key] += numerator or 0.0
    threshold = organisation.small_cell_threshold
    return [
        (f"{s.year} Q{(s.month - 1) // 3 + 1}", totals[s] if exact else published_count(totals[s], threshold))
        for s in starts
    ]


def last_refresh(organisation: Organisation) -> RollupRefresh | None:
    return RollupRefresh.objects.filter(organisation=organisation).order_by("-created_at", "-id").first()


def rollup_coverage(organisation: Organisation) -> dict[str, Any]:
    return IndicatorValue.objects.filter(organisation=organisation).aggregate(
        first=Min("day"), last=Max("day")
    )


def organisation_started_on(organisation: Organisation) -> date:
    """The first day the organisation has records for: its creation, or its first peer if earlier."""
    created = organisation.created_at.astimezone(organisation.zone).date()
    first_peer = PeerWorker.objects.filter(organisation=organisation).aggregate(first=Min("joined_on"))[
        "first"
    ]
    return min(created, first_peer) if first_peer else created


def report_templates_for(organisation: Organisation) -> QuerySet[ReportTemplate]:
    return within_sites(ReportTemplate.objects.filter(organisation=organisation)).prefetch_related("sites")


def report_runs_for(organisation: Organisation) -> QuerySet[ReportRun]:
    return (
        within_sites(ReportRun.objects.filter(organisation=organisation))
        .select_related("template")
        .defer("pdf", "xlsx", "csv", "content")
    )
