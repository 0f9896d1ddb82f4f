"""The device sync upserts by UUID: a repeated request never duplicates, and only accepted records count."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import OverdoseResponse, ServiceEntry, SupplyItem
from peerwork.services.services import catalogue_ensure, records_sync

from .factories import new_uuid, shift_with_peer


def _records(shift, org, peer):  # type: ignore[no-untyped-def]
    catalogue_ensure(organisation=org)
    syringes = SupplyItem.objects.get(organisation=org, name="Syringes")
    now = timezone.now().isoformat()
    return [
        {
            "uuid": new_uuid(),
            "type": "entry",
            "kind": "supplies",
            "shift": shift.pk,
            "item": syringes.pk,
            "quantity": 10,
            "occurred_at": now,
        },
        {
            "uuid": new_uuid(),
            "type": "entry",
            "kind": "contact",
            "shift": shift.pk,
            "quantity": 4,
            "occurred_at": now,
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
            "responders": [peer.pk],
        },
    ]


def _sync(client, records):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("api:services_sync"), data=json.dumps({"records": records}), content_type="application/json"
    )


def test_replaying_the_same_sync_request_keeps_exactly_one_copy(org_a, client_for):
    shift = shift_with_peer(org_a)
    records = _records(shift, org_a.org, org_a.peer)
    client = client_for(org_a.peer_user)
    first = _sync(client, records)
    assert first.status_code == 200, first.content
    assert first.json()["accepted"] == 3
    assert all(not r["duplicate"] for r in first.json()["results"])
    second = _sync(client, records)
    assert second.status_code == 200
    assert second.json()["accepted"] == 3
    assert all(r["duplicate"] for r in second.json()["results"])
    assert [r["id"] for r in first.json()["results"]] == [r["id"] for r in second.json()["results"]]
    assert ServiceEntry.objects.filter(organisation=org_a.org).count() == 2
    assert OverdoseResponse.objects.filter(organisation=org_a.org).count() == 1


def test_the_same_uuid_twice_in_one_batch_is_saved_once(org_a):
    shift = shift_with_peer(org_a)
    record = _records(shift, org_a.org, org_a.peer)[1]
    results = records_sync(
        organisation=org_a.org, user=org_a.peer_user, is_staff=False, records=[record, dict(record)]
    )
    assert [r.status for r in results] == ["accepted", "accepted"]
    assert results[1].duplicate
    assert ServiceEntry.objects.filter(organisation=org_a.org).count() == 1


def test_one_bad_record_rejects_only_itself(org_a):
    shift = shift_with_peer(org_a)
    good, contact, event = _records(shift, org_a.org, org_a.peer)
    bad = {**contact, "uuid": new_uuid(), "quantity": -2}
    results = records_sync(
        organisation=org_a.org, user=org_a.peer_user, is_staff=False, records=[good, bad, event]
    )
    assert [r.status for r in results] == ["accepted", "rejected", "accepted"]
    assert "negative" in results[1].reason
    assert ServiceEntry.objects.filter(organisation=org_a.org).count() == 1


def test_a_rejected_record_is_not_stored_so_it_never_counts(org_a):
    shift = shift_with_peer(org_a)
    bad = {**_records(shift, org_a.org, org_a.peer)[1], "client_code": "Jane Smith"}
    results = records_sync(organisation=org_a.org, user=org_a.peer_user, is_staff=False, records=[bad])
    assert results[0].status == "rejected"
    assert not ServiceEntry.objects.filter(organisation=org_a.org).exists()


def test_the_same_uuid_in_another_organisation_is_a_different_record(org_a, org_b):
    shift_a = shift_with_peer(org_a)
    shift_b = shift_with_peer(org_b)
    record = _records(shift_a, org_a.org, org_a.peer)[1]
    records_sync(organisation=org_a.org, user=org_a.peer_user, is_staff=False, records=[record])
    results = records_sync(
        organisation=org_b.org,
        user=org_b.peer_user,
        is_staff=False,
        records=[{**record, "shift": shift_b.pk}],
    )
    assert results[0].status == "accepted" and not results[0].duplicate
    assert ServiceEntry.objects.count() == 2
