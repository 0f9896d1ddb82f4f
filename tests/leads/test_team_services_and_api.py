"""A peer lead logs services on their team's shifts (not another team's), and the phones API."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.models import PeerPhone
from peerwork.services.models import EntryKind, ServiceEntry
from peerwork.services.services import records_sync
from tests.shifts.factories import WorkStreamFactory

from .factories import make_lead, make_team, paired_phone, signed_in_phone, team_shift_today

pytestmark = pytest.mark.django_db


def _contact(shift_id: int, peer_id: int | None = None) -> dict:
    record = {
        "uuid": str(uuid.uuid4()),
        "shift": shift_id,
        "type": "entry",
        "kind": EntryKind.CONTACT,
        "quantity": 3,
        "occurred_at": timezone.now().isoformat(),
    }
    if peer_id is not None:
        record["peer"] = peer_id
    return record


def test_a_lead_logs_for_a_team_member_on_a_team_shift_but_not_on_another_teams(org_a):
    team = make_team(org_a)
    other = team_shift_today(org_a, WorkStreamFactory(organisation=org_a.org, name="Cleaning"), name="Clean")
    results = records_sync(
        organisation=org_a.org,
        user=team.lead_user,
        is_staff=False,
        records=[_contact(team.shift.pk, org_a.peer.pk), _contact(other.pk)],
    )
    assert [r.status for r in results] == ["accepted", "rejected"]
    assert "not on this shift" in results[1].reason
    entry = ServiceEntry.objects.get(shift=team.shift)
    assert entry.peer_id == org_a.peer.pk and entry.quantity == 3
    assert not ServiceEntry.objects.filter(shift=other).exists()


def test_without_the_capability_a_lead_logs_only_their_own_shifts(org_a):
    team = make_team(org_a)
    team.stage.peer_capabilities = ["run_team_desk"]
    team.stage.save()
    [result] = records_sync(
        organisation=org_a.org, user=team.lead_user, is_staff=False, records=[_contact(team.shift.pk)]
    )
    assert result.status == "rejected"


def test_the_entry_page_of_a_team_shift_opens_for_the_lead_only(org_a, client_for):
    team = make_team(org_a)
    _phone, client = signed_in_phone(org_a, team.lead_user)
    url = reverse("services:entry", kwargs={"shift_id": team.shift.pk})
    assert client.get(url).status_code == 200
    assert team.shift.role.name in client.get(reverse("services:home")).content.decode()
    _other_lead, other_user = make_lead(org_a, name="Ola")
    assert client_for(other_user).get(url).status_code == 404


def test_staff_list_and_switch_off_phones_through_the_api(org_a, org_b, client_for):
    team = make_team(org_a)
    phone, _raw = paired_phone(org_a, team.lead_user)
    client = client_for(org_a.coordinator)
    body = client.get("/api/v1/phones/").json()
    assert [item["id"] for item in body["items"]] == [phone.pk]
    assert body["items"][0]["peer_id"] == team.lead.pk and body["items"][0]["is_active"] is True
    assert client_for(org_a.peer_user).get("/api/v1/phones/").status_code == 403
    assert client_for(org_b.coordinator).get("/api/v1/phones/").json()["items"] == []
    assert client_for(org_b.coordinator).post(f"/api/v1/phones/{phone.pk}/revoke").status_code == 404
    revoked = client.post(f"/api/v1/phones/{phone.pk}/revoke")
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert PeerPhone.objects.get(pk=phone.pk).revoked_at is not None
