"""A peer completes the recovery check-in on a phone-sized page; the evaluator sees trajectory and cohort."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.assessments.models import AssessmentResponse, ResponseStatus
from tests.assessments.factories import enable_clients, finished, instrument


@pytest.mark.django_db(transaction=True)
def test_a_peer_completes_the_recovery_check_in_on_a_phone(
    live_server, page, axe_check, sign_in_browser, org_a
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("assessments:mine"))
    axe_check(page)
    page.get_by_role("button", name="Start Recovery check-in").click()
    page.wait_for_url("**/responses/*/")
    axe_check(page)
    page.screenshot(path="/tmp/assessments-respond-mobile.png", full_page=True)
    # Answer two, save for later, come back: the answers are still there.
    first = page.get_by_role("group", name="1. I feel I can handle what each day brings.")
    first.get_by_label("Agree", exact=True).check()
    page.get_by_role("group", name="2. I look after my health").get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    expect(first.get_by_label("Agree", exact=True)).to_be_checked()
    # Each answer is saved as soon as it is chosen (a kiosk time-out loses nothing).
    page.get_by_role("group", name="3. ").get_by_label("Not sure").check()
    page.get_by_text("Your answers are saved as you go.").wait_for()
    page.reload()
    expect(page.get_by_role("group", name="3. ").get_by_label("Not sure")).to_be_checked()
    for number in range(3, 13):
        group = page.get_by_role("group", name=f"{number}. ")
        group.get_by_label("Agree", exact=True).check()
    page.get_by_label("Share this result with staff").check()
    page.get_by_role("button", name="Finish", exact=True).click()
    page.wait_for_url("**/result/")
    expect(page.get_by_text("Thank you. Your check-in is finished and saved.")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/assessments-result-mobile.png", full_page=True)
    response = AssessmentResponse.objects.get(peer=org_a.peer)
    assert response.status == ResponseStatus.SUBMITTED and response.shared_with_staff
    assert response.scores.get(target="total").value == 45  # r02 answered 5; r07, r12 reversed


@pytest.mark.django_db(transaction=True)
def test_the_evaluator_sees_a_trajectory_and_cohort_change(
    live_server, page, axe_check, sign_in_browser, org_a
):
    org = org_a.org
    org.small_cell_threshold = 1
    org.save()
    enable_clients(org)
    for value, days_ago in ((2, 200), (3, 110), (4, 10)):
        response = finished(org, peer=org_a.peer, value=value, share=True, site=org_a.site)
        AssessmentResponse.objects.filter(pk=response.pk).update(
            submitted_at=timezone.now() - timedelta(days=days_ago)
        )
    for code, first, latest in (("F-AAAA-1980", 2, 3), ("M-BBBB-1975", 3, 5)):
        early = finished(org, client_code=code, value=first, site=org_a.site)
        AssessmentResponse.objects.filter(pk=early.pk).update(
            submitted_at=timezone.now() - timedelta(days=100)
        )
        finished(org, client_code=code, value=latest, site=org_a.site)
    sign_in_browser(page, org_a.evaluator)
    page.goto(live_server.url + reverse("assessments:person", args=[org_a.peer.pk]))
    expect(page.get_by_role("img", name="Chart of Recovery check-in scores over time")).to_be_visible()
    expect(page.get_by_role("cell", name="28.00").first).to_be_visible()
    expect(page.get_by_role("cell", name="44.00").first).to_be_visible()
    axe_check(page)
    page.goto(live_server.url + reverse("assessments:cohort"))
    page.get_by_label("Questionnaire").select_option(str(instrument(org, "recovery-checkin").pk))
    page.get_by_role("button", name="Show cohort").click()
    # The figures come with the next page: wait for them (is_visible() would read the page as it is).
    table = page.get_by_role("table", name="Cohort statistics")
    expect(table.get_by_role("row", name="People with a score (n) 5")).to_be_visible()  # 3, rounded
    expect(table.get_by_text("+16.00")).to_be_visible()
    axe_check(page)
    page.screenshot(path="/tmp/assessments-cohort-test.png", full_page=True)
