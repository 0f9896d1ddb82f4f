"""A peer fills their role check on a phone from My work; a coordinator puts an action on the
drifting role from the dashboard. Found by accessible names; checked with axe."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.support.models import RoleAction, RoleActionKind, RoleCheck
from tests.support.factories import role_with_duties, worked_shift

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_a_peer_fills_the_role_check_due_on_my_work(live_server, page, org_a, sign_in_browser, axe_check):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site, duties_done=["Hand out supplies"], other_work="Front desk")
    page.set_viewport_size(PHONE)
    sign_in_browser(page, org_a.peer_user)

    page.goto(live_server.url + reverse("peers:my_work"))
    expect(page.get_by_text("Your role check is due")).to_be_visible()
    page.get_by_role("link", name="Do my role check").click()

    expect(page.get_by_role("heading", name="My role check")).to_be_visible()
    page.get_by_role("button", name="Save my role check").click()  # nothing answered yet
    expect(page.get_by_text("Say in a few words what your time went on.")).to_be_visible()
    axe_check(page)
    page.get_by_label("What were you hired for?").select_option(label=role.name)
    page.get_by_role("radio", name="Less than half").check()
    page.get_by_label("What did you actually spend your time on?").fill("Mostly the front desk")
    page.get_by_label("What would you change?").fill("A desk rota")
    page.get_by_role("button", name="Save my role check").click()

    expect(page.get_by_text("Only you and your supervisor see it.")).to_be_visible()
    expect(page.get_by_role("heading", name="My role checks")).to_be_visible()
    page.get_by_role("button", name="with the coordinators").click()
    expect(page.get_by_text("The coordinators can now see this role check.")).to_be_visible()
    check = RoleCheck.objects.get(peer=org_a.peer)
    assert (check.role, check.time_on_role, check.spent_on, check.shared) == (
        role,
        30,
        "Mostly the front desk",
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_records_an_action_on_a_drifting_role(
    live_server, page, org_a, sign_in_browser, axe_check
):
    role = role_with_duties(org_a.org)
    worked_shift(
        org_a.peer, role, org_a.site, duties_done=["Hand out supplies"], other_work="Front desk cover"
    )
    sign_in_browser(page, org_a.coordinator)

    page.goto(live_server.url + reverse("insights:dashboard"))
    panel = page.get_by_role("region", name="Roles that drift: what the organisation is doing")
    panel.get_by_role("link", name=role.name).click()

    expect(page.get_by_role("heading", name=f"Role: {role.name}")).to_be_visible()
    expect(page.get_by_text("Front desk cover").first).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name="Change the staffing").check()
    page.get_by_label("What will change").fill("A second person on the front desk")
    review = org_a.org.today() + timedelta(days=21)
    page.get_by_label("Review by").fill(review.isoformat())
    page.get_by_role("button", name="Record the action").click()

    expect(page.get_by_text("The action on the role is recorded.")).to_be_visible()
    action = RoleAction.objects.get(role=role)
    assert (action.kind, action.review_on, action.created_by) == (
        RoleActionKind.STAFFING,
        review,
        org_a.coordinator,
    )
    page.get_by_label("Outcome").fill("Rota changed; front desk covered by staff")
    page.get_by_role("button", name="Close with this outcome").click()
    expect(page.get_by_text("The action is closed with its outcome.")).to_be_visible()
    action.refresh_from_db()
    assert not action.is_open
