"""Insights API: indicators, dashboard figures with clear refusals (409), report templates, runs and files."""

from __future__ import annotations

import json
from datetime import timedelta

from peerwork.insights.services import rollups_refresh

from . import factories as f

API = "/api/v1/insights"


def _post(client, path, body=None):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", data=json.dumps(body or {}), content_type="application/json")


def _history(personas):  # type: ignore[no-untyped-def]
    org = personas.org
    s1, _s2, _s3 = f.ladder(org)
    t = org.today()
    entry = f.role(org)
    people = [f.peer(org, f"P{i}", t - timedelta(days=30), personas.site, s1) for i in range(8)]
    for n in range(1, 10):
        work = f.shift(org, personas.site, entry, t - timedelta(days=n), slots=8)
        for person in people:
            f.worked(work, person)
    rollups_refresh(organisation=org, first_day=t - timedelta(days=40), last_day=t)
    return t


def test_indicators_are_listed_with_their_meaning(org_a, client_for):
    items = client_for(org_a.evaluator).get(f"{API}/indicators").json()["items"]
    ids = {i["id"] for i in items}
    assert {"active_peers", "new_peer_share", "hours_gini", "debrief_follow_up"} <= ids
    assert all(i["description"] for i in items)


def test_dashboard_figures_come_from_the_rollups(org_a, client_for):
    _history(org_a)
    body = client_for(org_a.evaluator).get(f"{API}/dashboard").json()
    figures = {fig["indicator"]: fig for fig in body["figures"]}
    assert body["has_data"] is True
    # 72 shifts and 8 active peers, published rounded to the nearest 5 (insights/suppression.py).
    assert figures["shifts_worked"]["value"] == 70
    assert figures["active_peers"]["by_stage"]["Participant"] == 10


def test_bad_dashboard_filters_are_refused_with_the_reason(org_a, org_b, client_for):
    client = client_for(org_a.evaluator)
    t = org_a.org.today()
    empty = client.get(
        f"{API}/dashboard", {"start": t.isoformat(), "end": (t - timedelta(days=1)).isoformat()}
    )
    assert empty.status_code == 409 and "empty" in empty.json()["detail"]
    foreign = client.get(f"{API}/dashboard", {"site": org_b.site.pk})
    assert foreign.status_code == 409 and "site" in foreign.json()["detail"]
    quiet = client.get(f"{API}/dashboard", {"site": org_a.other_site.pk}).json()
    assert quiet["has_data"] is False and quiet["message"]


def test_a_report_is_built_through_the_api_and_its_files_fetched(
    org_a, client_for, django_capture_on_commit_callbacks
):
    t = _history(org_a)
    client = client_for(org_a.evaluator)
    made = _post(
        client,
        "/report-templates",
        {
            "name": "Monthly",
            "funder": "Ministry",
            "indicator_ids": ["active_peers", "shifts_worked"],
            "period_start": (t - timedelta(days=30)).isoformat(),
            "period_end": t.isoformat(),
            "site_ids": [org_a.site.pk],
        },
    )
    assert made.status_code == 201, made.content
    with django_capture_on_commit_callbacks(execute=True):
        queued = _post(client, f"/report-templates/{made.json()['id']}/runs")
    assert queued.status_code == 202
    run = client.get(f"{API}/report-runs/{queued.json()['id']}").json()
    assert run["status"] == "done" and set(run["files"]) == {"pdf", "xlsx", "csv"}
    assert client.get(run["files"]["pdf"]).content.startswith(b"%PDF")


def test_a_template_before_the_organisation_existed_is_refused(org_a, client_for):
    response = _post(
        client_for(org_a.evaluator),
        "/report-templates",
        {
            "name": "Old",
            "funder": "X",
            "indicator_ids": ["active_peers"],
            "period_start": "2001-01-01",
            "period_end": "2001-02-01",
        },
    )
    assert response.status_code == 409
    assert "has any records" in response.json()["detail"]


def test_unknown_indicators_are_refused(org_a, client_for):
    t = org_a.org.today()
    response = _post(
        client_for(org_a.evaluator),
        "/report-templates",
        {
            "name": "X",
            "funder": "X",
            "indicator_ids": ["made_up"],
            "period_start": t.isoformat(),
            "period_end": t.isoformat(),
        },
    )
    assert response.status_code == 409 and "made_up" in response.json()["detail"]


def test_a_peer_gets_403(org_a, client_for):
    assert client_for(org_a.peer_user).get(f"{API}/dashboard").status_code == 403
