"""A synced record must fall on its shift's day (give or take the coordinator's grace), belong to the
person sending it, and never reveal another person's record through a reused UUID."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import ServiceEntry
from peerwork.services.records import device_owner_key
from peerwork.services.services import records_sync
from peerwork.shifts.selectors import policy_for

from .factories import ShiftFactory, new_uuid, shift_with_peer

NOW = datetime.fromisoformat("2026-03-10T18:00:00+00:00")


def _contact(on_shift, when, **extra):  # type: ignore[no-untyped-def]
    return {
        "uuid": new_uuid(),
        "kind": "contact",
        "shift": on_shift.pk,
        "quantity": 1,
        "occurred_at": when,
        **extra,
    }


def _sync(org, user, *records, is_staff=False):  # type: ignore[no-untyped-def]
    return records_sync(organisation=org.org, user=user, is_staff=is_staff, records=list(records))


@time_machine.travel(NOW, tick=False)
def test_a_record_dated_far_from_its_shift_is_refused_with_the_reason(org_a):
    shift = shift_with_peer(org_a, starts_at=NOW - timedelta(hours=3), ends_at=NOW - timedelta(hours=1))
    [old] = _sync(org_a, org_a.peer_user, _contact(shift, "0001-01-01T00:00:00"))
    assert old.status == "rejected" and "outside this shift's day" in old.reason
    [last_year] = _sync(org_a, org_a.peer_user, _contact(shift, (NOW - timedelta(days=365)).isoformat()))
    assert last_year.status == "rejected"
    [on_the_day] = _sync(org_a, org_a.peer_user, _contact(shift, (NOW - timedelta(hours=2)).isoformat()))
    assert on_the_day.status == "accepted"
    assert ServiceEntry.objects.filter(organisation=org_a.org).count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_grace_the_coordinator_sets_widens_the_day(org_a):
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        starts_at=NOW - timedelta(days=3, hours=2),
        ends_at=NOW - timedelta(days=3),
    )
    two_days_after = (NOW - timedelta(days=1)).isoformat()
    [refused] = _sync(org_a, org_a.coordinator, _contact(shift, two_days_after), is_staff=True)
    assert refused.status == "rejected" and "give or take 12 hours" in refused.reason
    policy = policy_for(org_a.org)
    policy.log_grace_hours = 72
    policy.save()
    [accepted] = _sync(org_a, org_a.coordinator, _contact(shift, two_days_after), is_staff=True)
    assert accepted.status == "accepted"


def test_the_coordinator_sets_the_grace_on_the_shift_rules_page(org_a, client_for):
    client = client_for(org_a.coordinator)
    page = client.get(reverse("shifts:policy"))
    assert page.status_code == 200 and 'name="log_grace_hours"' in page.content.decode()


def test_another_persons_uuid_is_refused_without_revealing_their_record(org_a, org_b):
    shift = shift_with_peer(org_a)
    record = _contact(shift, timezone.now().isoformat())
    [theirs] = _sync(org_a, org_a.coordinator, record, is_staff=True)
    assert theirs.status == "accepted" and theirs.id
    [mine] = _sync(org_a, org_a.peer_user, record)
    assert mine.status == "rejected" and mine.id is None and not mine.duplicate
    assert str(theirs.id) not in mine.reason
    # the same person sending the same record again is an idempotent duplicate
    [again] = _sync(org_a, org_a.coordinator, record, is_staff=True)
    assert (again.status, again.id, again.duplicate) == ("accepted", theirs.id, True)
    # another organisation has its own UUIDs: the same one is a new record there, and no leak
    other = shift_with_peer(org_b)
    [elsewhere] = _sync(org_b, org_b.peer_user, {**record, "shift": other.pk})
    assert elsewhere.status == "accepted" and elsewhere.id != theirs.id and not elsewhere.duplicate


def test_a_record_queued_by_someone_else_on_the_device_is_refused(org_a, client_for):
    shift = shift_with_peer(org_a)
    now = timezone.now().isoformat()
    someone_else = _contact(shift, now, owner=device_owner_key(org_a.coordinator))
    mine = _contact(shift, now, owner=device_owner_key(org_a.peer_user))
    response = client_for(org_a.peer_user).post(
        reverse("api:services_sync"),
        data={"records": [someone_else, mine]},
        content_type="application/json",
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "accepted"]
    assert "someone else" in results[0]["reason"]
    assert ServiceEntry.objects.get(organisation=org_a.org).recorded_by == org_a.peer_user


def test_the_owner_key_is_opaque_and_per_person(org_a):
    key = device_owner_key(org_a.peer_user)
    assert key == device_owner_key(org_a.peer_user) != device_owner_key(org_a.coordinator)
    assert str(org_a.peer_user.pk) != key and org_a.peer_user.username not in key
