"""The team's service entry page asks a peer lead who did the work: a picker of this team's members
on the shift only, whose choice the records carry; a peer who logs only for themself sees none."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from peerwork.services.models import EntryKind, ServiceEntry
from peerwork.shifts.models import Assignment
from tests.shifts.factories import WorkStreamFactory

from .factories import make_lead, make_team, team_shift_today

pytestmark = pytest.mark.django_db


def _options(page: str) -> list[str]:
    select = re.search(r'<select id="tallies-for-peer"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, "no picker"
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select.group(1))


def test_the_lead_picks_among_the_team_members_on_this_shift_only(org_a, client_for):
    team = make_team(org_a)
    elsewhere, _user = make_lead(org_a, name="Ola")  # a peer on another team's shift
    other_shift = team_shift_today(org_a, WorkStreamFactory(organisation=org_a.org, name="Cleaning"), "Clean")
    Assignment.objects.create(organisation=org_a.org, shift=other_shift, peer=elsewhere)
    page = client_for(team.lead_user).get(reverse("services:entry", kwargs={"shift_id": team.shift.pk}))
    html = page.content.decode()
    assert '<label for="tallies-for-peer">Who did this work' in html
    assert _options(html) == [org_a.peer.preferred_name]
    assert re.search(r'<select id="tallies-for-peer"[^>]*required', html)  # the lead is not on it
    assert 'id="referral-for-peer"' in html


def test_the_chosen_member_is_recorded_as_who_did_the_work(org_a, client_for):
    team = make_team(org_a)
    url = reverse("services:entry", kwargs={"shift_id": team.shift.pk})
    posted = client_for(team.lead_user).post(
        url, {"form": "tallies", EntryKind.CONTACT: "4", "peer": str(org_a.peer.pk)}
    )
    assert posted.status_code == 302
    entry = ServiceEntry.objects.get(shift=team.shift)
    assert (entry.peer_id, entry.quantity, entry.kind) == (org_a.peer.pk, 4, EntryKind.CONTACT)


def test_a_peer_not_on_the_shift_is_refused_and_nothing_is_saved(org_a, client_for):
    team = make_team(org_a)
    stranger, _user = make_lead(org_a, name="Ola")
    url = reverse("services:entry", kwargs={"shift_id": team.shift.pk})
    page = client_for(team.lead_user).post(
        url, {"form": "tallies", EntryKind.CONTACT: "2", "peer": str(stranger.pk)}, follow=True
    )
    assert "The peer named is not on this shift." in page.content.decode()
    assert not ServiceEntry.objects.exists()


def test_a_peer_logging_their_own_shift_gets_no_picker(org_a, client_for):
    team = make_team(org_a)
    page = client_for(org_a.peer_user).get(reverse("services:entry", kwargs={"shift_id": team.shift.pk}))
    assert page.status_code == 200
    assert "Who did this work" not in page.content.decode()


def test_a_lead_of_another_organisation_gets_a_404(org_a, org_b, client_for):
    team = make_team(org_a)
    _other, other_user = make_lead(org_b, name="Bo")
    url = reverse("services:entry", kwargs={"shift_id": team.shift.pk})
    assert client_for(other_user).get(url).status_code == 404
    assert client_for(org_b.coordinator).get(url).status_code == 404
