"""Server-rendered SVG charts (pygal), embedded as images so no script or inline style reaches the page.

Each chart sits beside a table of the same numbers; the image's text alternative says what it shows.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import date

import pygal
from django.core.cache import cache
from pygal.style import Style

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5360",
    colors=("#0b5d57", "#8a3b00", "#3b5ba5", "#6b2e7a", "#1d6b2f", "#a4161a"),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=13,
)


def _config(chart: pygal.graph.graph.Graph) -> pygal.graph.graph.Graph:
    chart.config.js = []
    chart.config.disable_xml_declaration = True
    chart.config.style = STYLE
    chart.config.width = 640
    chart.config.height = 300
    chart.config.legend_at_bottom = True
    chart.config.print_values = False
    chart.config.show_y_guides = True
    return chart


def data_uri(svg: bytes | str) -> str:
    raw = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")


def _cached(kind: str, inputs: object, render: Callable[[], str]) -> str:
    """Rendering SVG is the slow part of a dashboard; the same numbers give the same chart."""
    digest = hashlib.sha256(json.dumps([kind, inputs], default=str).encode()).hexdigest()
    key = f"insights-chart:{digest}"
    found = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found, 3600)
    return found


def bars(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> str:
    return _cached("bars", [title, labels, series], lambda: _bars(title, labels, series))


def trend(title: str, points: Sequence[tuple[date, float | None]], name: str) -> str:
    return _cached("trend", [title, points, name], lambda: _trend(title, points, name))


def _bars(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> str:
    chart = _config(pygal.Bar(title=title))
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, [None if v is None else round(v, 2) for v in values])
    return data_uri(chart.render())


def _trend(title: str, points: Sequence[tuple[date, float | None]], name: str) -> str:
    chart = _config(pygal.Line(title=title, x_label_rotation=30, show_minor_x_labels=False))
    chart.x_labels = [d.strftime("%d %b") for d, _v in points]
    chart.x_labels_major_every = max(1, len(points) // 8)
    chart.add(name, [None if v is None else round(v, 2) for _d, v in points])
    return data_uri(chart.render())
