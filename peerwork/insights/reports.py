"""Funder reports: the suppressed tables a template asks for, and their PDF, XLSX and CSV files."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peerwork.core.exports import csv_bytes, xlsx_bytes
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage

from . import business
from .models import IndicatorValue, ReportTemplate
from .registry import COUNT, INDEX, LAST, SITE, STAGE, Indicator, format_value, indicators
from .selectors import organisation_started_on
from .suppression import HIDDEN, published, published_count, suppress, suppression_note

# WeasyPrint reports every layout step at INFO; a report build should not fill the log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
Progress = Callable[[int, str], None]


class ReportPeriodError(ValueError):
    """The template's period cannot be reported (e.g. it ends before the organisation existed)."""


def check_period(organisation: Organisation, start: date, end: date) -> None:
    if end < start:
        raise ReportPeriodError(_("The period ends before it starts. Choose an end on or after the start."))
    started = organisation_started_on(organisation)
    if end < started:
        raise ReportPeriodError(
            _(
                "The period ends on %(end)s, before %(org)s has any records (its first day is %(first)s). "
                "Choose a period from %(first)s onwards."
            )
            % {"end": date_format(end), "org": organisation.name, "first": date_format(started)}
        )


def _values(
    organisation: Organisation, indicator: Indicator, start: date, end: date, site_ids: list[int]
) -> dict[tuple[int | None, int | None], tuple[float | None, float | None, float | None]]:
    """Period value, numerator and denominator per (site, stage) slice of one indicator."""
    rows = IndicatorValue.objects.filter(
        organisation=organisation,
        indicator_id=indicator.id,
        day__gte=start,
        day__lte=end,
        work_stream__isnull=True,
    ).filter(Q(site__isnull=True) | Q(site_id__in=site_ids))
    grouped: dict[tuple[int | None, int | None], list[tuple[date, float, float | None, float | None]]] = (
        defaultdict(list)
    )
    for site_id, stage_id, day, value, num, den in rows.values_list(
        "site_id", "stage_id", "day", "value", "numerator", "denominator"
    ):
        grouped[(site_id, stage_id)].append((day, value, num, den))
    last = max((r[0] for r in grouped.get((None, None), [])), default=None)
    out: dict[tuple[int | None, int | None], tuple[float | None, float | None, float | None]] = {}
    for key, items in grouped.items():
        if indicator.aggregation == LAST:
            items = [r for r in items if r[0] == last]
            if not items:
                continue
        if indicator.unit == INDEX:
            _day, value, num, den = items[-1]
            out[key] = (value, num, den)
            continue
        num = sum(r[2] or 0.0 for r in items)
        den = sum(r[3] or 0.0 for r in items)
        out[key] = (indicator.value_from(num, den), num, den)
    return out


def _count_section(
    indicator: Indicator,
    values: dict[tuple[int | None, int | None], tuple[float | None, float | None, float | None]],
    sites: list[Site],
    stages: list[Stage],
    threshold: int,
) -> dict[str, Any]:
    by_site = indicator.applies(SITE)
    by_stage = indicator.applies(STAGE) and stages
    columns: list[tuple[int | None, str]] = (
        [(s.pk, s.name) for s in sites] if by_site else [(None, _("All sites"))]
    )
    row_keys: list[tuple[int | None, str]] = (
        [(s.pk, s.name) for s in stages] if by_stage else [(None, _("All"))]
    )
    cells = [
        [round((values.get((col, row)) or (0.0, 0.0, 0.0))[1] or 0.0) for col, _name in columns]
        for row, _label in row_keys
    ]
    table = suppress(cells, threshold)
    n_cols = len(columns)

    def shown(i: int, j: int, value: int) -> str:
        count = None if table.is_hidden(i, j) else published_count(value, threshold)
        return HIDDEN if count is None else f"{count:,}"

    rows = [
        {
            "label": label,
            "cells": [shown(i, j, v) for j, v in enumerate(table.cells[i])],
            "total": shown(i, n_cols, table.row_totals[i]),
        }
        for i, (_key, label) in enumerate(row_keys)
    ]
    totals = {
        "label": _("Total"),
        "cells": [shown(len(row_keys), j, v) for j, v in enumerate(table.column_totals)],
        "total": shown(len(row_keys), n_cols, table.grand_total),
    }
    return {
        "kind": "table",
        "columns": [name for _key, name in columns],
        "rows": rows,
        "totals": totals,
        "hidden": len(table.hidden),
    }


def _value_section(
    indicator: Indicator,
    values: dict[tuple[int | None, int | None], tuple[float | None, float | None, float | None]],
    sites: list[Site],
    threshold: int,
) -> dict[str, Any]:
    columns: list[tuple[int | None, str]] = [(None, _("Whole organisation"))]
    if indicator.applies(SITE):
        columns += [(s.pk, s.name) for s in sites]
    cells = []
    hidden = 0
    for site_id, _name in columns:
        # A rate or mean built on a handful of people can point at them: hidden; hours rounded.
        shown = published(indicator.unit, *values.get((site_id, None), (None, None, None)), threshold)
        if shown.hidden:
            cells.append(HIDDEN)
            hidden += 1
        else:
            cells.append(format_value(shown.value, indicator.unit))
    return {
        "kind": "values",
        "columns": [name for _key, name in columns],
        "rows": [{"label": indicator.label, "cells": cells}],
        "hidden": hidden,
    }


def report_content(template: ReportTemplate, progress: Progress | None = None) -> dict[str, Any]:
    organisation = template.organisation
    check_period(organisation, template.period_start, template.period_end)
    sites = list(template.sites.all()) or list(Site.objects.filter(organisation=organisation))
    stages = list(Stage.objects.filter(organisation=organisation).order_by("order"))
    threshold = organisation.small_cell_threshold
    wanted = [indicators.get(i) for i in template.indicator_ids if i in indicators]
    sections = []
    for n, indicator in enumerate(wanted, start=1):
        values = _values(
            organisation, indicator, template.period_start, template.period_end, [s.pk for s in sites]
        )
        if indicator.unit == COUNT:
            body = _count_section(indicator, values, sites, stages, threshold)
        else:
            body = _value_section(indicator, values, sites, threshold)
        sections.append(
            {
                "id": indicator.id,
                "label": str(indicator.label),
                "description": str(indicator.description),
                **{k: [str(c) for c in v] if k == "columns" else v for k, v in body.items()},
            }
        )
        if progress:
            progress(
                10 + int(60 * n / max(1, len(wanted))), _("Computed %(label)s") % {"label": indicator.label}
            )
    sections += business.report_sections(organisation, template.period_start, template.period_end)
    return _stringify(
        {
            "title": template.name,
            "funder": template.funder,
            "organisation": organisation.name,
            "period_start": template.period_start.isoformat(),
            "period_end": template.period_end.isoformat(),
            "period": f"{date_format(template.period_start)} – {date_format(template.period_end)}",
            "sites": [s.name for s in sites],
            "threshold": threshold,
            "notes": template.notes,
            "generated_at": timezone.now().astimezone(organisation.zone).strftime("%Y-%m-%d %H:%M"),
            "sections": sections,
        }
    )


def _stringify(value: Any) -> Any:
    """Lazy translations and other objects to plain JSON."""
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stringify(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def long_rows(content: dict[str, Any]) -> list[list[Any]]:
    """One line per published figure: indicator, row, column, value ("*" when hidden)."""
    out: list[list[Any]] = []
    for section in content["sections"]:
        columns = list(section["columns"])
        lines = list(section["rows"])
        if section["kind"] == "table":
            columns.append(_("Total"))
            lines.append(section["totals"])
        for line in lines:
            cells = list(line["cells"]) + ([line["total"]] if "total" in line else [])
            for column, cell in zip(columns, cells, strict=False):
                out.append([section["label"], line["label"], column, _numeric(cell)])
    return out


def _numeric(cell: str) -> Any:
    """Keep counts as numbers in spreadsheets; hidden cells and formatted rates stay text."""
    try:
        return int(cell.replace(",", ""))
    except ValueError:
        return cell


def report_csv(content: dict[str, Any]) -> bytes:
    return csv_bytes([_("Indicator"), _("Row"), _("Column"), _("Value")], long_rows(content))


def report_xlsx(content: dict[str, Any]) -> bytes:
    about = [
        [_("Report"), content["title"]],
        [_("Funder"), content["funder"]],
        [_("Organisation"), content["organisation"]],
        [_("Period"), content["period"]],
        [_("Sites"), ", ".join(content["sites"])],
        [_("Hidden cells"), _hidden_note(content["threshold"])],
        [_("Made"), content["generated_at"]],
    ]
    return xlsx_bytes(
        {
            _("Figures"): ([_("Indicator"), _("Row"), _("Column"), _("Value")], long_rows(content)),
            _("About"): ([_("Item"), _("Value")], about),
        }
    )


def _hidden_note(threshold: int) -> str:
    return suppression_note(threshold)


def report_pdf(content: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy import kept off every other request

    html = render_to_string(
        "insights/report_pdf.html", {"report": content, "hidden_note": _hidden_note(content["threshold"])}
    )
    return HTML(string=html).write_pdf()
