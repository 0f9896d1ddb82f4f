"""Planner API: scenarios with clear refusals, forecast runs with bands, backtests."""

from __future__ import annotations

import json

from peerwork.pathway.models import Stage

from .factories import eight_months

API = "/api/v1/planner"


def _post(client, path, body=None):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", data=json.dumps(body or {}), content_type="application/json")


def test_a_scenario_with_negative_shifts_gets_422_naming_the_stage(org_a, client_for):
    eight_months(org_a)
    entry = Stage.objects.get(organisation=org_a.org, order=1)
    response = _post(
        client_for(org_a.evaluator), "/scenarios", {"name": "x", "places_per_week": {str(entry.pk): -3}}
    )
    assert response.status_code == 422
    assert f"places_per_week.{entry.pk}" in response.json()["errors"]


def test_a_stage_of_another_organisation_is_refused(org_a, org_b, client_for):
    eight_months(org_b)
    foreign = Stage.objects.filter(organisation=org_b.org).first()
    response = _post(
        client_for(org_a.evaluator), "/scenarios", {"name": "x", "places_per_week": {str(foreign.pk): 3}}
    )
    assert response.status_code == 409
    assert response.json()["errors"]["places_per_week"] == [f"Stage {foreign.pk} is not on your ladder."]


def test_a_forecast_runs_and_returns_bands(org_a, client_for, django_capture_on_commit_callbacks):
    eight_months(org_a)
    client = client_for(org_a.evaluator)
    made = _post(client, "/scenarios", {"name": "As now", "runs": 100})
    assert made.status_code == 201, made.content
    with django_capture_on_commit_callbacks(execute=True):
        queued = _post(client, f"/scenarios/{made.json()['id']}/runs")
    assert queued.status_code == 202
    run = client.get(f"{API}/runs/{queued.json()['id']}").json()
    assert run["status"] == "done"
    band = run["result"]["bands"]["active_total"]
    assert len(band["p50"]) == 52
    assert all(lo <= mid <= hi for lo, mid, hi in zip(band["p10"], band["p50"], band["p90"], strict=True))


def test_a_backtest_runs_through_the_api(org_a, client_for, django_capture_on_commit_callbacks):
    eight_months(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        queued = _post(client_for(org_a.evaluator), "/backtests")
    run = client_for(org_a.evaluator).get(f"{API}/runs/{queued.json()['id']}").json()
    assert run["status"] == "done", run["message"]
    assert "mean_absolute_error" in run["result"]
