"""A coordinator sees which stages are starved of next-stage work, adds stretch places and watches
the stuck count change, in a real browser, by accessible names, on a phone and a desktop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.shifts.nextstage import role_develops_set
from peerwork.shifts.selectors import monday_of
from tests.insights import factories as f

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
NAMES = ("Participant", "Peer worker", "Senior peer", "Peer lead")


def _regent_park(personas):  # type: ignore[no-untyped-def]
    org = personas.org
    stages = f.ladder(org, NAMES)
    team_lead = f.role(org, "Team lead", min_stage=stages[2])
    role_develops_set(role=team_lead, develops_stage=stages[3], by=personas.coordinator)
    for i in range(4):
        f.peer(org, f"Senior {i}", org.today() - timedelta(days=300), personas.site, stages[2])
    return monday_of(org.today()) + timedelta(days=8)  # next Tuesday


def _row(page, stage: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The cells of one stage's row in the per-stage table, found by its row header."""
    table = page.get_by_role("table", name="Places offered per stage against peers at each stage")
    header = page.get_by_role("rowheader", name=stage, exact=True)
    return [c.inner_text() for c in table.get_by_role("row").filter(has=header).get_by_role("cell").all()]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_coordinator_adds_stretch_places_and_the_stuck_count_falls(
    size, live_server, page, axe_check, sign_in_browser, org_a
):
    tuesday = _regent_park(org_a)
    page.set_viewport_size(SIZES[size])
    sign_in_browser(page, org_a.coordinator)
    fairness = live_server.url + reverse("shifts:fairness")

    page.goto(fairness)
    starved = page.get_by_role("list", name="Stages starved of work")
    expect(
        starved.get_by_text(
            "Senior peer: 4 peers, 0 Peer lead places in 6 weeks (below 0.5 a peer), so they are stuck."
        )
    ).to_be_visible()
    assert _row(page, "Senior peer")[-1] == "4"
    page.screenshot(path=f"/tmp/nextstage-before-{size}.png", full_page=True)
    axe_check(page)

    # Two team lead shifts next week, two places each: one place a senior peer.
    for hour in (9, 15):
        page.goto(live_server.url + reverse("shifts:shift_new"))
        page.get_by_label("Role").select_option(label="Team lead")
        page.get_by_label("Starts").fill(f"{tuesday.isoformat()}T{hour:02d}:00")
        page.get_by_label("Ends").fill(f"{tuesday.isoformat()}T{hour + 3:02d}:00")
        page.get_by_label("Places (needed)").fill("2")
        page.get_by_role("button", name="Save shift").click()
        page.wait_for_load_state()

    page.goto(fairness)
    expect(page.get_by_text("No peer is stuck: every stage has next-stage work.")).to_be_visible()
    cells = _row(page, "Senior peer")
    assert cells[2] == "4 (towards Peer lead)" and cells[-1] == "0"  # four Peer lead places, nobody stuck
    page.screenshot(path=f"/tmp/nextstage-after-{size}.png", full_page=True)
    axe_check(page)
