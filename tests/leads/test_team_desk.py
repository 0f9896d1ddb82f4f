"""A peer lead runs the check-in desk and sees the week for their team's shifts only; another team's
place is 404, and a peer whose stage does not grant it gets 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.shifts.models import Assignment, AssignmentStatus
from tests.factories import PeerWorkerFactory
from tests.shifts.factories import WorkStreamFactory

from .factories import make_lead, make_team, signed_in_phone, team_shift_today

pytestmark = pytest.mark.django_db


def test_the_lead_checks_a_team_member_in_and_out_from_their_phone(org_a):
    team = make_team(org_a)
    _phone, client = signed_in_phone(org_a, team.lead_user)
    desk = client.get(reverse("shifts:team_desk")).content.decode()
    assert org_a.peer.preferred_name in desk
    response = client.post(reverse("shifts:team_desk_check_in", kwargs={"pk": team.member_place.pk}))
    assert response.status_code == 302
    place = Assignment.objects.get(pk=team.member_place.pk)
    assert place.status == AssignmentStatus.CHECKED_IN
    assert place.check_in_channel == "team" and place.checked_in_by == team.lead_user
    out_url = reverse("shifts:team_desk_check_out", kwargs={"pk": place.pk})
    assert client.get(out_url).status_code == 200
    done = client.post(out_url, {"duties": ["Hand out supplies"], "other": ""})
    assert done.status_code == 302 and done["Location"] == reverse("shifts:team_desk")
    place.refresh_from_db()
    assert place.status == AssignmentStatus.COMPLETED


def test_a_place_on_another_teams_shift_is_404_and_not_listed(org_a):
    team = make_team(org_a)
    other_stream = WorkStreamFactory(organisation=org_a.org, name="Cleaning crew")
    other_shift = team_shift_today(org_a, other_stream, name="Cleaning")
    stranger = PeerWorkerFactory(organisation=org_a.org, preferred_name="Quentin Other")
    other_place = Assignment.objects.create(organisation=org_a.org, shift=other_shift, peer=stranger)
    _phone, client = signed_in_phone(org_a, team.lead_user)
    assert "Quentin Other" not in client.get(reverse("shifts:team_desk")).content.decode()
    assert "Quentin Other" not in client.get(reverse("shifts:team_week")).content.decode()
    assert client.post(reverse("shifts:team_desk_check_in", kwargs={"pk": other_place.pk})).status_code == 404
    assert client.get(reverse("shifts:team_desk_check_out", kwargs={"pk": other_place.pk})).status_code == 404
    other_place.refresh_from_db()
    assert other_place.status == AssignmentStatus.ASSIGNED


def test_a_peer_without_the_capability_gets_403_and_it_is_audited(org_a, client_for):
    team = make_team(org_a)
    watcher, watcher_user = make_lead(org_a, name="Wren", capabilities=("see_team_week",))
    # Wren's own stage grants only the week (make_lead would reuse the lead stage at order 90).
    week_only = Stage.objects.create(
        organisation=org_a.org, name="Watcher", order=91, peer_capabilities=["see_team_week"]
    )
    PeerPosition.objects.filter(peer=watcher).update(stage=week_only)
    team.stream.leads.add(watcher)
    client = client_for(watcher_user)
    assert client.get(reverse("shifts:team_week")).status_code == 200
    assert client.get(reverse("shifts:team_desk")).status_code == 403
    response = client.post(reverse("shifts:team_desk_check_in", kwargs={"pk": team.member_place.pk}))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="authorisation_refused", actor=watcher_user).exists()
    # An ordinary peer: nothing of the team pages.
    plain = client_for(org_a.peer_user)
    assert plain.get(reverse("shifts:team_week")).status_code == 403
    assert plain.get(reverse("shifts:team_desk")).status_code == 403


def test_staff_pages_of_the_desk_stay_closed_to_a_peer_lead(org_a):
    team = make_team(org_a)
    _phone, client = signed_in_phone(org_a, team.lead_user)
    assert client.get(reverse("shifts:desk")).status_code == 403
    assert client.get(reverse("shifts:week")).status_code == 403


def test_the_team_week_shows_who_holds_each_place(org_a):
    team = make_team(org_a)
    _phone, client = signed_in_phone(org_a, team.lead_user)
    page = client.get(reverse("shifts:team_week")).content.decode()
    assert team.stream.name in page and org_a.peer.preferred_name in page
    assert "Places taken: 1 of 2" in page


def test_my_work_shows_my_team_to_a_lead_only(org_a, client_for):
    team = make_team(org_a)
    _phone, client = signed_in_phone(org_a, team.lead_user)
    assert "My team" in client.get(reverse("peers:my_work")).content.decode()
    assert "Check-in desk for my team" in client.get(reverse("peers:my_work")).content.decode()
    assert "My team" not in client_for(org_a.peer_user).get(reverse("peers:my_work")).content.decode()


def test_staff_name_the_peer_leads_of_a_work_stream(org_a, client_for):
    lead, _user = make_lead(org_a, name="Morgan")
    stream = WorkStreamFactory(organisation=org_a.org, name="Bike repair")
    url = reverse("shifts:stream_leads", kwargs={"pk": stream.pk})
    client = client_for(org_a.coordinator)
    assert "Morgan" in client.get(url).content.decode()
    assert client.post(url, {"leads": [lead.pk]}).status_code == 302
    assert list(stream.leads.all()) == [lead]
    assert "Morgan" in client.get(reverse("shifts:roles")).content.decode()
    assert client_for(org_a.peer_user).get(url).status_code == 403
