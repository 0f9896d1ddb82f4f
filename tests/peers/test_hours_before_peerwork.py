"""Hours brought forward: what a peer worked before the programme used Peerwork, recorded by staff."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.peers.services import peer_create, peer_hours_before_set


def test_a_coordinator_records_the_hours_and_the_peer_page_says_who_and_from_what(org_a, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    client = client_for(org_a.coordinator)
    url = reverse("peers:hours_before", args=[robin.pk])
    assert "Hours worked before Peerwork" in client.get(url).content.decode()
    response = client.post(url, {"hours": "320.5", "source": "Paper timesheets 2023–2026"})
    assert response.status_code == 302
    robin.refresh_from_db()
    assert robin.hours_before == Decimal("320.50")
    assert robin.hours_before_source == "Paper timesheets 2023–2026"
    assert robin.hours_before_recorded_by == org_a.coordinator
    assert robin.hours_before_recorded_at is not None
    page = client.get(reverse("peers:detail", args=[robin.pk])).content.decode()
    assert "Hours before Peerwork" in page and "320.5" in page and "Paper timesheets 2023–2026" in page
    assert f"recorded by {org_a.coordinator}" in page


def test_every_change_is_audited_with_the_previous_figure(org_a):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    peer_hours_before_set(peer=robin, hours=Decimal("120"), source="Spreadsheet", by=org_a.coordinator)
    peer_hours_before_set(peer=robin, hours="140", source="Spreadsheet, corrected", by=org_a.admin)
    events = list(
        AuditEvent.objects.filter(action="peer_hours_before_set", object_id=str(robin.pk)).order_by("id")
    )
    assert [(e.detail["previous"], e.detail["hours"]) for e in events] == [
        ("0.00", "120.00"),
        ("120.00", "140.00"),
    ]
    assert [e.actor_id for e in events] == [org_a.coordinator.pk, org_a.admin.pk]
    assert events[1].detail["source"] == "Spreadsheet, corrected"


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "Hours cannot be negative"),
        ("25000", "more than ten years of full-time work"),
        ("lots", "Enter the number of hours"),
        ("NaN", "Enter the number of hours"),
    ],
)
def test_bad_hours_keep_what_was_typed_and_save_nothing(org_a, client_for, hours, message):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    response = client_for(org_a.coordinator).post(
        reverse("peers:hours_before", args=[robin.pk]), {"hours": hours, "source": "Paper timesheets 2024"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'value="{hours}"' in body and 'value="Paper timesheets 2024"' in body
    robin.refresh_from_db()
    assert robin.hours_before == 0 and robin.hours_before_recorded_by is None
    assert not AuditEvent.objects.filter(action="peer_hours_before_set").exists()


def test_hours_without_a_source_are_refused(org_a, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    response = client_for(org_a.coordinator).post(
        reverse("peers:hours_before", args=[robin.pk]), {"hours": "200", "source": " "}
    )
    assert "Say where the figure comes from" in response.content.decode()
    robin.refresh_from_db()
    assert robin.hours_before == 0


def test_another_organisation_gets_404_and_a_peer_cannot_set_their_own(org_a, org_b, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    url = reverse("peers:hours_before", args=[robin.pk])
    assert client_for(org_b.coordinator).get(url).status_code == 404
    assert client_for(org_b.admin).post(url, {"hours": "300", "source": "x"}).status_code == 404
    own = reverse("peers:hours_before", args=[org_a.peer.pk])
    assert client_for(org_a.peer_user).post(own, {"hours": "300", "source": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        peer_hours_before_set(peer=org_a.peer, hours="300", source="my notes", by=org_a.peer_user)
    robin.refresh_from_db()
    org_a.peer.refresh_from_db()
    assert robin.hours_before == 0 and org_a.peer.hours_before == 0


def test_a_peer_does_not_see_the_link_and_a_coordinator_does(org_a, client_for):
    url = reverse("peers:hours_before", args=[org_a.peer.pk])
    page = client_for(org_a.coordinator).get(reverse("peers:detail", args=[org_a.peer.pk])).content.decode()
    assert url in page
    assert client_for(org_a.peer_user).get(url).status_code == 403


def test_a_round_figure_reads_as_typed_on_the_peer_page_and_in_the_form(org_a, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    peer_hours_before_set(peer=robin, hours="300", source="Paper timesheets", by=org_a.coordinator)
    client = client_for(org_a.coordinator)
    page = client.get(reverse("peers:detail", args=[robin.pk])).content.decode()
    assert "<dd>300 — Paper timesheets" in page and "3E+2" not in page
    form = client.get(reverse("peers:hours_before", args=[robin.pk])).content.decode()
    assert 'value="300"' in form
