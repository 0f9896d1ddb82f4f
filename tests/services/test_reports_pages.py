"""Staff reports: today's tallies by shift and site, sharps by place with a plot, overdose responses."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from peerwork.audit.models import AuditEvent
from peerwork.services.services import records_sync

from .factories import new_uuid, shift_with_peer


def _log_day(org_a):  # type: ignore[no-untyped-def]
    shift = shift_with_peer(org_a)
    now = timezone.now().isoformat()
    records_sync(
        organisation=org_a.org,
        user=org_a.peer_user,
        is_staff=False,
        records=[
            {"uuid": new_uuid(), "kind": "contact", "shift": shift.pk, "quantity": 7, "occurred_at": now},
            {
                "uuid": new_uuid(),
                "kind": "sharps",
                "shift": shift.pk,
                "quantity": 12,
                "occurred_at": now,
                "place_name": "Moss Park",
                "latitude": "43.654500",
                "longitude": "-79.368700",
            },
            {
                "uuid": new_uuid(),
                "kind": "sharps",
                "shift": shift.pk,
                "quantity": 3,
                "occurred_at": now,
                "place_name": "Allan Gardens",
                "latitude": "43.662200",
                "longitude": "-79.374900",
            },
            {
                "uuid": new_uuid(),
                "type": "overdose",
                "shift": shift.pk,
                "occurred_at": now,
                "place_type": "park",
                "product": "nasal",
                "doses_given": 2,
                "outcome": "survived",
                "responders": [org_a.peer.pk],
            },
        ],
    )
    return shift


def test_today_shows_the_counts_by_site_and_shift(org_a, client_for):
    _log_day(org_a)
    body = client_for(org_a.coordinator).get(reverse("services:today")).content.decode()
    assert "Contacts" in body and ">7<" in body
    assert "Sharps recovered" in body and ">15<" in body
    assert "Overdose responses" in body


def test_sharps_by_place_has_a_table_and_an_svg_plot_without_map_tiles(org_a, client_for):
    _log_day(org_a)
    body = client_for(org_a.evaluator).get(reverse("services:sharps")).content.decode()
    assert "Moss Park" in body and "Allan Gardens" in body
    assert "<svg" in body and body.count('class="dot"') == 2
    assert "tile" not in body.lower() and "openstreetmap" not in body.lower()


def test_overdose_responses_are_for_staff_with_the_capability_and_each_view_is_audited(
    org_a, org_b, client_for
):
    _log_day(org_a)
    response = client_for(org_a.supervisor).get(reverse("services:overdoses"))
    assert response.status_code == 200
    assert "Public washroom" not in response.content.decode()
    assert org_a.peer.preferred_name in response.content.decode()
    assert AuditEvent.objects.filter(
        action="read_sensitive", object_type="services.overdoseresponse"
    ).exists()
    assert client_for(org_a.evaluator).get(reverse("services:overdoses")).status_code == 403
    assert client_for(org_a.peer_user).get(reverse("services:overdoses")).status_code == 403
    other = client_for(org_b.supervisor).get(reverse("services:overdoses")).content.decode()
    assert org_a.peer.preferred_name not in other


def test_reports_count_only_accepted_records(org_a, client_for):
    shift = shift_with_peer(org_a)
    records_sync(
        organisation=org_a.org,
        user=org_a.peer_user,
        is_staff=False,
        records=[
            {
                "uuid": new_uuid(),
                "kind": "contact",
                "shift": shift.pk,
                "quantity": -9,
                "occurred_at": timezone.now().isoformat(),
            }
        ],
    )
    body = client_for(org_a.coordinator).get(reverse("services:today")).content.decode()
    assert "Nothing recorded on this day yet" in body
