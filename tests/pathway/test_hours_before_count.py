"""Hours brought forward from before Peerwork count on the ladder, and My work says how many."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from peerwork.pathway import hooks
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.pathway.selectors import eligibility_for, eligibility_many
from peerwork.pathway.services import peer_position_start
from peerwork.peers.services import peer_hours_before_set


def _at_trainee(org_a, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        hooks.hours_worked_many, "_impl", lambda org, peers, until: {p.pk: Decimal("18") for p in peers}
    )
    peer_position_start(peer=org_a.peer)
    trainee = Stage.objects.get(organisation=org_a.org, order=2)
    PeerPosition.objects.filter(peer=org_a.peer).update(
        stage=trainee, since=org_a.org.today() - timedelta(weeks=6)
    )
    return org_a.peer


def test_hours_before_peerwork_meet_the_hours_criterion_with_the_hours_worked_here(org_a, monkeypatch):
    peer = _at_trainee(org_a, monkeypatch)
    hours = {c.key: c for c in eligibility_for(peer).criteria}["hours"]
    assert (hours.met, hours.text) == (False, "18 of 40 hours worked")
    peer_hours_before_set(peer=peer, hours="30", source="Paper timesheets 2025", by=org_a.coordinator)
    peer.refresh_from_db()
    hours = {c.key: c for c in eligibility_for(peer).criteria}["hours"]
    assert hours.met and hours.have == Decimal("48")
    assert hours.text == "48 of 40 hours worked, including 30 hours before Peerwork"
    # The list pages' bulk form counts them too.
    bulk = eligibility_many(org_a.org, [peer])[peer.pk]
    assert {c.key: c.have for c in bulk.criteria}["hours"] == Decimal("48")


def test_my_work_says_how_many_hours_came_from_before_peerwork(org_a, client_for, monkeypatch):
    peer = _at_trainee(org_a, monkeypatch)
    peer_hours_before_set(peer=peer, hours="12.5", source="Spreadsheet", by=org_a.coordinator)
    body = client_for(org_a.peer_user).get(reverse("peers:my_work")).content.decode()
    assert "30.5 of 40 hours worked, including 12.5 hours before Peerwork" in body
