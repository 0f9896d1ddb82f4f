"""Server-rendered SVG charts (pygal), embedded as images; the numbers always sit in a table beside them."""

from __future__ import annotations

import base64
from decimal import Decimal

import pygal
from pygal.style import Style

from .selectors import Point

_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2a2a",
    foreground_strong="#1d2a2a",
    foreground_subtle="#5b6b6b",
    colors=("#0b5d57", "#b4531c", "#3d4fa1", "#7a2e72"),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    title_font_size=16,
)


def trajectory_svg(
    series: dict[str, list[Point]], *, low: Decimal, high: Decimal, title: str, cutoff: Decimal | None = None
) -> str:
    """A line per series over the dates of its points, as a data: URI for an <img>."""
    dates = sorted({p.on for points in series.values() for p in points})
    chart = pygal.Line(
        style=_STYLE,
        width=720,
        height=360,
        title=title,
        range=(float(low), float(high)),
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        x_label_rotation=30,
        js=[],
        disable_xml_declaration=True,
        dots_size=5,
        stroke_style={"width": 3},
        print_values=False,
    )
    chart.x_labels = [d.isoformat() for d in dates]
    for name, points in series.items():
        by_date = {p.on: (float(p.value) if p.value is not None else None) for p in points}
        chart.add(name, [by_date.get(d) for d in dates], allow_interruptions=True)
    if cutoff is not None and dates:
        chart.add(
            f"≥ {cutoff}", [float(cutoff)] * len(dates), show_dots=False, stroke_style={"dasharray": "6,4"}
        )
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def quarters_svg(
    labels: list[str], medians: list[float | None], *, low: Decimal, high: Decimal, title: str
) -> str:
    """Median score per quarter as bars (hidden quarters left empty), as a data: URI."""
    chart = pygal.Bar(
        style=_STYLE,
        width=720,
        height=320,
        title=title,
        range=(float(low), float(high)),
        show_legend=False,
        x_label_rotation=30,
        js=[],
        disable_xml_declaration=True,
    )
    chart.x_labels = labels
    chart.add(title, medians)
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
