"""Planner pages: what-ifs with clear refusals, forecast runs with bands, comparison and the backtest."""

from __future__ import annotations

from django.urls import reverse

from peerwork.pathway.models import Stage
from peerwork.planner.models import PlannerRun, Scenario
from peerwork.planner.services import backtest, scenario_save

from .factories import eight_months


def test_negative_shifts_are_refused_with_a_clear_message_and_the_form_keeps_what_was_typed(
    org_a, client_for
):
    eight_months(org_a)
    entry = Stage.objects.get(organisation=org_a.org, order=1)
    page = client_for(org_a.evaluator).post(
        reverse("planner:scenario_new"),
        {
            "name": "Cut back",
            f"places_{entry.pk}": "-5",
            "cohort_size": "0",
            "cohort_every_weeks": "0",
            "runs": "100",
            "seed": "1",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "cannot be negative" in text
    assert 'value="Cut back"' in text
    assert 'value="-5.0"' in text or 'value="-5"' in text
    assert not Scenario.objects.filter(organisation=org_a.org).exists()


def test_the_service_refuses_negative_values_too(org_a):
    from django.core.exceptions import ValidationError

    eight_months(org_a)
    entry = Stage.objects.get(organisation=org_a.org, order=1)
    try:
        scenario_save(organisation=org_a.org, name="x", places_per_week={str(entry.pk): -1}, cohort_size=-2)
    except ValidationError as exc:
        assert "cannot be negative" in str(exc.message_dict["places_per_week"])
        assert "cohort_size" in exc.message_dict
    else:
        raise AssertionError("negative values were accepted")


def test_a_scenario_runs_and_shows_bands_and_two_compare_side_by_side(
    org_a, client_for, django_capture_on_commit_callbacks
):
    eight_months(org_a)
    client = client_for(org_a.evaluator)
    entry = Stage.objects.get(organisation=org_a.org, order=1)
    for name, places in (("As now", ""), ("More entry", "20")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("planner:scenario_new"),
                {
                    "name": name,
                    f"places_{entry.pk}": places,
                    "cohort_size": "0",
                    "cohort_every_weeks": "0",
                    "runs": "100",
                    "seed": "3",
                },
            )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "Active peers by stage" in page and "median" in page
    a, b = Scenario.objects.filter(organisation=org_a.org).order_by("name")
    page = client.get(reverse("planner:compare"), {"a": a.pk, "b": b.pk}).content.decode()
    assert "After 52 weeks" in page and "As now" in page and "More entry" in page


def test_the_backtest_forecasts_the_second_half_and_measures_its_error(org_a):
    eight_months(org_a)
    result = backtest(org_a.org, runs=100)
    assert result["weeks"] >= 4
    assert len(result["actual"]) == len(result["forecast"]["p50"]) == result["weeks"]
    assert result["mean_absolute_error"] >= 0
    assert 0 <= result["weeks_inside_band"] <= result["weeks"]


def test_a_backtest_without_history_fails_with_the_reason(
    org_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org_a.evaluator).post(reverse("planner:backtest"))
    run = PlannerRun.objects.get(organisation=org_a.org)
    assert run.status == PlannerRun.Status.FAILED
    assert "ladder" in run.message or "weeks" in run.message
    assert run.message in client_for(org_a.evaluator).get(response["Location"]).content.decode()


def test_peers_and_supervisors_cannot_use_the_planner(org_a, client_for):
    assert client_for(org_a.peer_user).get(reverse("planner:index")).status_code == 403
    assert client_for(org_a.supervisor).get(reverse("planner:index")).status_code == 403
