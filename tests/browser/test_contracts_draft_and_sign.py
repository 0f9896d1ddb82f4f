"""A coordinator drafts a fixed-term contract from the peer's page, adds a standing shift and signs it,
by accessible names, axe clean; the peer then finds it under My work."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.shifts.contracts.models import Contract, ContractStatus
from tests.shifts.factories import RoleFactory

# A needed field's label ends "(needed)"; these match the field whether or not it is needed.
STARTS, ENDS = re.compile(r"^Starts( \(needed\))?$"), re.compile(r"^Ends( \(needed\))?$")
PAY, ROLE = re.compile(r"^Pay( \(needed\))?$"), re.compile(r"^Role( \(needed\))?$")


@pytest.mark.django_db(transaction=True)
def test_the_coordinator_drafts_and_signs_a_contract(live_server, page, org_a, sign_in_browser, axe_check):
    RoleFactory(organisation=org_a.org, name="Mailing", is_day_labour=True)
    today = org_a.org.today()
    sign_in_browser(page, org_a.coordinator)
    page.goto(live_server.url + reverse("peers:detail", args=[org_a.peer.pk]))
    page.get_by_role("link", name="Draft a contract").click()
    expect(page.get_by_role("heading", name="Draft a contract")).to_be_visible()
    page.get_by_label("Kind").select_option(label="Fixed-term")
    page.get_by_label("Paid from site").select_option(label=org_a.site.name)
    page.get_by_label(STARTS).fill(today.isoformat())
    page.get_by_label(ENDS).fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Hours per week").fill("18")
    page.get_by_role("group", name="Roles").get_by_label("Mailing").check()
    page.get_by_label(PAY).select_option(label="Salary per pay period")
    page.get_by_label("Salary per pay period").fill("1650")
    page.get_by_label("Pay period", exact=True).select_option(label="Monthly")
    axe_check(page)
    page.get_by_role("button", name="Save the draft").click()
    # the mistake is named and what was typed is kept
    expect(page.get_by_text("The contract cannot end before it starts.")).to_be_visible()
    expect(page.get_by_label("Salary per pay period")).to_have_value("1650")
    page.get_by_label(ENDS).fill((today + timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    page.get_by_label("Day of the week").select_option(label="Monday")
    page.get_by_label(STARTS).fill("09:00")
    page.get_by_label(ENDS).fill("15:00")
    page.get_by_label(ROLE).select_option(label="Mailing")
    page.get_by_role("button", name="Add the standing shift").click()
    expect(page.get_by_text("Standing shift added.")).to_be_visible()
    expect(page.get_by_role("cell", name="Monday", exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Sign the contract").click()
    expect(page.get_by_text("Contract signed.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the signed contract (PDF)")).to_be_visible()
    axe_check(page)
    contract = Contract.objects.get(peer=org_a.peer)
    assert contract.status == ContractStatus.ACTIVE and contract.standing_shifts.count() == 1

    page.context.clear_cookies()
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("peers:my_work"))
    page.get_by_role("link", name="My contract, standing shifts and PDF").click()
    expect(page.get_by_role("heading", name="My contract")).to_be_visible()
    expect(page.get_by_role("link", name="The signed contract in Français (PDF)")).to_be_visible()
    axe_check(page)
