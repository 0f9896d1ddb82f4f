"""At 390 px, a peer lead logs contacts for a team member: the entry page asks "Who did this work"
(only the team members on this shift), refuses to save before a choice, and the synced record names
the member — by accessible names, axe clean."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.services.models import EntryKind, ServiceEntry
from peerwork.services.services import catalogue_ensure
from tests.leads.factories import make_team


@pytest.mark.django_db(transaction=True)
def test_a_lead_logs_contacts_for_a_team_member(live_server, page, sign_in_browser, org_a, axe_check):
    catalogue_ensure(organisation=org_a.org)
    team = make_team(org_a, name="Lee Lead")
    member = org_a.peer.preferred_name
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, team.lead_user)
    page.goto(live_server.url + reverse("services:entry", args=[team.shift.pk]))
    page.locator("#services-entry[data-ready='true']").wait_for()

    picker = page.locator("#tally-form").get_by_label("Who did this work")
    assert picker.locator("option").all_inner_texts() == ["Choose…", member]
    axe_check(page)
    page.get_by_role("button", name="One more: Contacts").click()
    page.locator("#tally-form [data-save]").click()
    expect(page.locator("#tally-form").get_by_text("Choose who did this work.")).to_be_visible()
    assert not ServiceEntry.objects.exists()

    picker.select_option(label=member)
    page.locator("#tally-form [data-save]").click()
    expect(page.get_by_role("status").filter(has_text="All entries sent.")).to_be_visible()
    entry = ServiceEntry.objects.get(shift=team.shift)
    assert (entry.kind, entry.quantity, entry.peer_id) == (EntryKind.CONTACT, 1, org_a.peer.pk)
