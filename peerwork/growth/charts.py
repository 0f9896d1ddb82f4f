"""A competence's ratings over time as a server-rendered SVG (pygal): the peer's line and the
supervisor's, on the competence's own steps. The page shows the same numbers in a table beside it."""

from __future__ import annotations

import base64
from datetime import date

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pygal.style import Style

from .selectors import CompetenceTrack

_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2a2a",
    foreground_strong="#1d2a2a",
    foreground_subtle="#5b6b6b",
    colors=("#0b5d57", "#b4531c"),
    font_family="system-ui, sans-serif",
    label_font_size=17,
    major_label_font_size=17,
    legend_font_size=18,
    title_font_size=20,
)


def _months(track: CompetenceTrack) -> list[date]:
    """The first of each month the ratings span (at most four labels, so they never overlap)."""
    days = [r.rated_on for r in track.peer + track.supervisor]
    first, last = min(days), max(days)
    months = []
    day = date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = max(1, -(-len(months) // 4))
    return months[::step] or [first]


def track_svg(track: CompetenceTrack) -> str:
    """Both ratings of one competence over time, as a data: URI for an <img>."""
    chart = pygal.DateLine(
        style=_STYLE,
        width=560,
        height=320,
        title=track.competence.name,
        range=(1, max(track.steps, 2)),
        y_labels=list(range(1, max(track.steps, 2) + 1)),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        x_label_rotation=0,
        x_value_formatter=lambda d: date_format(d, "M Y"),
        show_x_guides=False,
        js=[],
        disable_xml_declaration=True,
        dots_size=5,
        stroke_style={"width": 3},
        print_values=False,
        truncate_legend=-1,
        truncate_label=-1,
    )
    chart.x_labels = _months(track)
    chart.add(_("Peer's own rating"), [(r.rated_on, r.level) for r in track.peer])
    chart.add(
        _("Supervisor's rating"),
        [(r.rated_on, r.level) for r in track.supervisor],
        stroke_style={"width": 3, "dasharray": "8,4"},
    )
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
