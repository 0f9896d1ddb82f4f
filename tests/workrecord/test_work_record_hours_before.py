"""The work record counts hours worked before Peerwork and says so."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from peerwork.peers.services import peer_hours_before_set
from peerwork.workrecord.selectors import work_record_for

from .factories import with_history


def test_the_record_totals_include_hours_before_peerwork_and_say_how_many(org_a, client_for):
    with_history(org_a)
    peer_hours_before_set(peer=org_a.peer, hours="300", source="Paper timesheets", by=org_a.coordinator)
    org_a.peer.refresh_from_db()
    record = work_record_for(org_a.peer)
    assert record.total_hours == Decimal("320.00")
    page = client_for(org_a.peer_user).get(reverse("workrecord:mine")).content.decode()
    assert "Including 300 hours before Peerwork." in page
    assert ">320<" in page


def test_a_record_with_only_hours_before_peerwork_shows_them(org_a, client_for):
    peer_hours_before_set(peer=org_a.peer, hours="150", source="Spreadsheet", by=org_a.coordinator)
    page = client_for(org_a.peer_user).get(reverse("workrecord:mine")).content.decode()
    assert "150 hours worked before Peerwork." in page
    assert "No paid shifts yet." not in page
