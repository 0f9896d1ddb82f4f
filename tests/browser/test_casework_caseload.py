"""A peer support worker, on a phone: from My work to the caseload, a session with each of two clients
(a name in the next step is refused first, with what was typed kept), then one client handed over.
Everything by accessible names, axe clean."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.casework.models import CaseClient, CaseSession
from tests.casework.factories import client_on, plan_for, second_worker

PHONE = {"width": 390, "height": 844}


def _record_session(page, code: str, minutes: str, where: str, kind: str, next_step: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name=code).click()
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Minutes").fill(minutes)
    page.get_by_role("group", name="Where").get_by_label(where).check()
    page.get_by_role("group", name="Kind of session").get_by_label(kind).check()
    page.get_by_label("Next step").fill(next_step)


@pytest.mark.django_db(transaction=True)
def test_a_worker_records_sessions_with_two_clients_and_hands_one_over(
    live_server, page, org_a, sign_in_browser, axe_check
):
    robin, _user = second_worker(org_a)
    first = client_on(org_a.peer, "F-ABCD-1980")
    plan_for(first, ("Stable housing", "Find day work"))
    client_on(org_a.peer, "M-WXYZ-1975")
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.peer_user)

    page.goto(live_server.url + reverse("peers:my_work"))
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    page.get_by_role("link", name="Open my caseload").click()
    axe_check(page)

    _record_session(page, "F-ABCD-1980", "45", "Outreach", "Accompaniment", "meet Lena Berg at the clinic")
    page.get_by_label("Progress on: Stable housing").select_option(label="Some progress")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("“Lena Berg” looks like a person's name")).to_be_visible()
    expect(page.get_by_label("Minutes")).to_have_value("45")
    assert CaseSession.objects.count() == 0
    axe_check(page)
    page.get_by_label("Next step").fill("meet at the clinic after lunch")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("Session recorded.")).to_be_visible()
    sessions = page.get_by_role("region", name="Sessions")
    expect(sessions.get_by_text("meet at the clinic after lunch")).to_be_visible()
    expect(sessions.get_by_text("Stable housing: Some progress")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="My caseload").click()
    _record_session(page, "M-WXYZ-1975", "30", "Phone", "Check-in", "call again on Friday")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("Session recorded.")).to_be_visible()

    page.get_by_role("link", name="Hand over").click()
    page.get_by_label("Hand over to").select_option(label=str(robin))
    page.get_by_label("Handover note").fill("prefers the phone in the morning")
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Client handed over to {robin}.")).to_be_visible()
    expect(page.get_by_role("link", name="F-ABCD-1980")).to_be_visible()
    expect(page.get_by_role("link", name="M-WXYZ-1975")).to_have_count(0)
    page.screenshot(path="/tmp/casework-browser-caseload-390.png", full_page=True)
    assert CaseClient.objects.get(client_code="M-WXYZ-1975").worker == robin
    assert CaseSession.objects.count() == 2
