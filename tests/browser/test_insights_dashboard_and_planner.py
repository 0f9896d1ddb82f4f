"""The evaluator's dashboard and the planner comparison, in a real browser, on a phone and a desktop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.insights.services import rollups_refresh
from peerwork.planner.models import PlannerRun
from peerwork.planner.services import planner_run_execute, scenario_save
from tests.planner.factories import eight_months

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _ready(personas):  # type: ignore[no-untyped-def]
    org = eight_months(personas)
    t = org.today()
    rollups_refresh(organisation=org, first_day=t - timedelta(days=120), last_day=t)
    scenarios = [
        scenario_save(organisation=org, name="As now", places_per_week={}, runs=100, seed=1),
        scenario_save(
            organisation=org,
            name="Bigger cohorts",
            places_per_week={},
            cohort_size=6,
            cohort_every_weeks=8,
            runs=100,
            seed=1,
        ),
    ]
    for scenario in scenarios:
        planner_run_execute(PlannerRun.objects.create(organisation=org, scenario=scenario))
    return scenarios


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_dashboard_and_planner_comparison_are_usable_and_accessible(
    size, live_server, page, axe_check, sign_in_browser, org_a
):
    a, b = _ready(org_a)
    page.set_viewport_size(SIZES[size])
    sign_in_browser(page, org_a.evaluator)

    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name="Momentum dashboard")).to_be_visible()
    assert page.locator("#indicator-active_peers .figure").inner_text().strip() != "—"
    expect(page.get_by_role("heading", name="Alerts")).to_be_visible()
    page.screenshot(path=f"/tmp/insights-browser-dashboard-{size}.png", full_page=True)
    axe_check(page)

    page.get_by_label("Period").select_option("custom")
    page.get_by_label("From").fill(org_a.org.today().isoformat())
    page.get_by_label("To").fill((org_a.org.today() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("The period is empty")).to_be_visible()

    page.goto(live_server.url + reverse("planner:compare") + f"?a={a.pk}&b={b.pk}")
    expect(page.get_by_text("After 52 weeks")).to_be_visible()
    expect(page.get_by_role("heading", name="Active peers", exact=True)).to_be_visible()
    page.screenshot(path=f"/tmp/insights-browser-compare-{size}.png", full_page=True)
    axe_check(page)
