"""Planner charts: median lines with their 10–90% bands, as SVG images (pygal, no script)."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pygal
from pygal.style import Style

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5360",
    colors=("#0b5d57", "#0b5d57", "#0b5d57", "#8a3b00", "#8a3b00", "#8a3b00", "#3b5ba5"),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=13,
    title_font_size=16,
)


def _uri(svg: bytes | str) -> str:
    raw = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")


def bands(
    title: str,
    weeks: int,
    series: dict[str, dict[str, Sequence[float]]],
    actual: Sequence[float] | None = None,
) -> str:
    """One dashed 10% and 90% line and one solid median line per named series (and what happened)."""
    chart = pygal.Line(title=title, show_dots=False, show_minor_x_labels=False, legend_at_bottom=True)
    chart.config.js = []
    chart.config.disable_xml_declaration = True
    chart.config.style = STYLE
    chart.config.width = 640
    chart.config.height = 320
    chart.x_labels = [str(w) for w in range(1, weeks + 1)]
    chart.x_labels_major_every = max(1, weeks // 13)
    for name, band in series.items():
        chart.add(f"{name}: 10%", band["p10"], stroke_style={"width": 1, "dasharray": "4, 4"})
        chart.add(f"{name}: median", band["p50"], stroke_style={"width": 3})
        chart.add(f"{name}: 90%", band["p90"], stroke_style={"width": 1, "dasharray": "4, 4"})
    if actual is not None:
        chart.add("What happened", list(actual), stroke_style={"width": 3})
    return _uri(chart.render())


def sampled_rows(
    weeks: int, series: dict[str, dict[str, Sequence[float]]], every: int = 4
) -> list[list[str]]:
    """Table rows beside a chart: week, then 10% / median / 90% for each series, every few weeks."""
    picks = sorted({*range(every - 1, weeks, every), weeks - 1})
    rows = []
    for w in picks:
        row = [str(w + 1)]
        for band in series.values():
            row.append(f"{band['p10'][w]:g} – {band['p50'][w]:g} – {band['p90'][w]:g}")
        rows.append(row)
    return rows
