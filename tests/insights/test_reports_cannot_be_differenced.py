"""The differencing attacks of issue 14 get nothing small back, and large counts still show.

A user who runs the same report for all sites and then for fewer, or for a period and the same
period less one day, and subtracts, must not learn a count from 1 to the threshold. Neither may
the dashboard or its API show stage counts of 1 to 5 or a mean over one person.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from django.utils import timezone

from peerwork.insights.models import IndicatorValue, ReportTemplate
from peerwork.insights.reports import report_content
from peerwork.insights.rollups import slice_key
from peerwork.orgs.models import Organisation

from ..factories import SiteFactory
from . import factories as f

API = "/api/v1/insights/dashboard"
THRESHOLD = 5  # the personas' organisation keeps the default


def _row(org, indicator, day, numerator, denominator=None, site=None, stage=None):  # type: ignore[no-untyped-def]
    value = numerator if denominator is None else numerator / denominator
    IndicatorValue.objects.create(
        organisation=org,
        site=site,
        stage=stage,
        slice_key=slice_key(site.pk if site else None, stage.pk if stage else None),
        day=day,
        indicator_id=indicator,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )


@pytest.fixture
def new_peers(org_a):  # type: ignore[no-untyped-def]
    """New peers in the 30 days to today: 12 at site A, 2 at B (one on the last day), 7 at C."""
    org = org_a.org
    today = org.today()
    first = today - timedelta(days=29)
    Organisation.objects.filter(pk=org.pk).update(created_at=timezone.now() - timedelta(days=60))
    org.refresh_from_db()
    site_c = SiteFactory(organisation=org, name="Site C")
    sites = {"A": org_a.site, "B": org_a.other_site, "C": site_c}
    joins = {"A": [first + timedelta(days=n) for n in range(12)], "B": [first + timedelta(days=20), today]}
    joins["C"] = [first + timedelta(days=n) for n in range(2, 9)]
    per_day: dict[date, int] = {}
    for name, days in joins.items():
        for day in days:
            _row(org, "new_peers", day, 1, site=sites[name])
            per_day[day] = per_day.get(day, 0) + 1
    for day, count in per_day.items():
        _row(org, "new_peers", day, count)
    return org_a, sites, first, today


def _report(org, sites, start, end):  # type: ignore[no-untyped-def]
    template = ReportTemplate.objects.create(
        organisation=org,
        name="Q",
        funder="F",
        indicator_ids=["new_peers"],
        period_start=start,
        period_end=end,
    )
    template.sites.set(sites)
    (section,) = report_content(template)["sections"]
    (row,) = section["rows"]
    return dict(zip([*section["columns"], "Total"], [*row["cells"], row["total"]], strict=True))


def _possible(shown: str) -> range:
    """The true counts an attacker can still hold possible for one published cell, knowing the rule
    (a figure that is not a multiple of 5 cannot have been rounded, so it is exact)."""
    if shown == "*":
        return range(0, 40)
    value = int(shown.replace(",", ""))
    if value == 0 or value % 5:
        return range(value, value + 1)
    return range(value - 2, value + 3)


def test_all_sites_against_fewer_sites_gives_back_no_small_count(new_peers):
    org_a, sites, start, end = new_peers
    everywhere = _report(org_a.org, sites.values(), start, end)
    without_b = _report(org_a.org, [sites["A"], sites["C"]], start, end)

    assert everywhere[sites["B"].name] == "*"
    # Every (A, B, C) that fits everything both reports show: B is never pinned down.
    names = [sites[k].name for k in "ABC"]
    fits = {
        b
        for a, b, c in product(range(40), repeat=3)
        if a in _possible(everywhere[names[0]])
        and b in _possible(everywhere[names[1]])
        and c in _possible(everywhere[names[2]])
        and a + b + c in _possible(everywhere["Total"])
        and a in _possible(without_b[names[0]])
        and c in _possible(without_b[names[2]])
        and a + c in _possible(without_b["Total"])
    }
    assert 2 in fits and len(fits & set(range(1, THRESHOLD + 1))) > 1


def test_a_period_against_the_period_less_one_day_gives_back_no_small_count(new_peers):
    org_a, sites, start, end = new_peers
    whole = _report(org_a.org, sites.values(), start, end)
    less_a_day = _report(org_a.org, sites.values(), start, end - timedelta(days=1))

    assert whole["Total"] == "20" and less_a_day["Total"] == "20"  # 21 and 20, rounded
    last_day = {
        t - s for t, s in product(_possible(whole["Total"]), _possible(less_a_day["Total"])) if t >= s
    }
    assert 1 in last_day and len(last_day) > 1


def test_large_counts_still_show_rounded_to_five(new_peers):
    org_a, sites, start, end = new_peers
    shown = _report(org_a.org, sites.values(), start, end)
    assert shown[sites["A"].name] == "10"  # 12
    assert all(v == "*" or int(v) % 5 == 0 for v in shown.values())


def test_the_dashboard_and_its_api_show_no_stage_count_of_one_to_five_and_no_mean_over_one_person(
    org_a, org_b, client_for
):
    org = org_a.org
    today = org.today()
    stages = f.ladder(org)
    for stage, count in zip(stages, [3, 1, 23], strict=True):
        _row(org, "active_peers", today, count, stage=stage)
    _row(org, "active_peers", today, 27)
    _row(org, "days_to_first_shift", today, 40, 1)  # one new peer waited 40 days
    client = client_for(org_a.evaluator)

    body = client.get(API).json()
    figures = {figure["indicator"]: figure for figure in body["figures"]}
    assert figures["active_peers"]["by_stage"] == {
        "Participant": None,
        "Peer worker": None,
        "Lead peer": 25.0,
    }
    assert figures["active_peers"]["value"] == 25.0
    mean = figures["days_to_first_shift"]
    assert (mean["value"], mean["numerator"], mean["denominator"], mean["hidden"]) == (None, None, None, True)
    assert "rounded to the nearest 5" in body["suppression"]

    page = client.get("/insights/").content.decode()
    assert "40.0" not in page and ">40<" not in page
    assert "rounded to the nearest 5" in page
    other = client_for(org_b.evaluator).get(API).json()
    assert {figure["indicator"]: figure["value"] for figure in other["figures"]}["active_peers"] in (0, None)
