"""The fairness panel: hours per peer and their Gini, the share of shifts to new peers, requests
and places per stage, and the server-rendered chart (an image; the table beside it has the numbers)."""

from __future__ import annotations

import base64
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerPosition, Stage

from . import allocation as A
from .models import Assignment, Shift, ShiftStatus, SignUp
from .selectors import HOLDING, day_bounds, local_date, policy_for

_CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5360",
    colors=("#0b5d57",),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    title_font_size=16,
)


def fairness(organisation: Organisation, first: date, last: date) -> dict[str, Any]:
    """Hours per peer and their Gini, the share of shifts to new peers, requests vs places per stage."""
    policy = policy_for(organisation)
    start, end = day_bounds(organisation, first, (last - first).days + 1)
    worked = Assignment.objects.filter(
        organisation=organisation,
        status__in=HOLDING,
        shift__starts_at__gte=start,
        shift__starts_at__lt=end,
    ).select_related("shift", "peer")
    hours: dict[int, float] = defaultdict(float)
    new_shifts = total_shifts = 0
    for a in worked:
        hours[a.peer_id] += float(a.shift.hours)
        total_shifts += 1
        if a.peer.joined_on >= local_date(organisation, a.shift.starts_at) - timedelta(
            days=policy.new_peer_days
        ):
            new_shifts += 1
    asking = set(
        SignUp.objects.filter(
            organisation=organisation, shift__starts_at__gte=start, shift__starts_at__lt=end
        ).values_list("peer_id", flat=True)
    )
    for peer_id in asking:
        hours.setdefault(peer_id, 0.0)
    values = sorted(hours.values())
    bands = [("0", 0, 0), ("<10", 0, 10), ("10–20", 10, 20), ("20–40", 20, 40), ("40–80", 40, 80)]
    histogram = [{"label": "0", "count": sum(1 for v in values if v == 0)}]
    histogram += [
        {"label": label, "count": sum(1 for v in values if v > 0 and low <= v < high)}
        for label, low, high in bands[1:]
    ]
    histogram.append({"label": "80+", "count": sum(1 for v in values if v >= 80)})
    per_stage = _requests_per_stage(organisation, start, end)
    return {
        "first": first,
        "last": last,
        "peers": len(values),
        "gini": round(A.gini(values), 3),
        "total_hours": round(sum(values), 1),
        "shifts": total_shifts,
        "new_shifts": new_shifts,
        "new_share": round(100 * new_shifts / total_shifts, 1) if total_shifts else 0.0,
        "histogram": histogram,
        "per_stage": per_stage,
    }


def _requests_per_stage(organisation: Organisation, start: datetime, end: datetime) -> list[dict[str, Any]]:
    stages = list(Stage.objects.filter(organisation=organisation).order_by("order"))
    positions = dict(
        PeerPosition.objects.filter(peer__organisation=organisation).values_list("peer_id", "stage_id")
    )
    requests: dict[int | None, int] = defaultdict(int)
    granted: dict[int | None, int] = defaultdict(int)
    for peer_id in SignUp.objects.filter(
        organisation=organisation, shift__starts_at__gte=start, shift__starts_at__lt=end
    ).values_list("peer_id", flat=True):
        requests[positions.get(peer_id)] += 1
    for peer_id in Assignment.objects.filter(
        organisation=organisation, status__in=HOLDING, shift__starts_at__gte=start, shift__starts_at__lt=end
    ).values_list("peer_id", flat=True):
        granted[positions.get(peer_id)] += 1
    # Places on shifts whose role starts at each stage (roles open to everyone count at the first).
    offered: dict[int | None, int] = defaultdict(int)
    first_stage = stages[0].pk if stages else None
    for stage_id, slots in (
        Shift.objects.filter(organisation=organisation, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=ShiftStatus.CANCELLED)
        .values_list("role__min_stage_id", "slots")
    ):
        offered[stage_id or first_stage] += slots
    rows = [
        {
            "stage": s.name,
            "requests": requests.get(s.pk, 0),
            "places": granted.get(s.pk, 0),
            "offered": offered.get(s.pk, 0),
        }
        for s in stages
    ]
    if requests.get(None) or granted.get(None):
        rows.append(
            {"stage": "—", "requests": requests.get(None, 0), "places": granted.get(None, 0), "offered": 0}
        )
    return rows


def hours_chart(data: dict[str, Any]) -> str:
    """Server-rendered SVG bar chart of peers per band of hours (the table beside it has the numbers)."""
    chart = pygal.Bar(
        show_legend=False,
        height=300,
        width=600,
        x_title=str(_("Hours in the period")),
        y_title=str(_("Peers")),
        style=_CHART_STYLE,
        disable_xml_declaration=True,
        js=[],
    )
    chart.x_labels = [row["label"] for row in data["histogram"]]
    chart.add(str(_("Peers")), [row["count"] for row in data["histogram"]])
    # An image, not inline SVG: the page's CSP allows no inline styles, and the table has the numbers.
    svg = chart.render()
    raw = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")
