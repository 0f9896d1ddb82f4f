"""Support learns of every overdose response recorded, after commit, with its responders set."""

from __future__ import annotations

import pytest
from django.utils import timezone

from peerwork.services import hooks
from peerwork.services.imports import check_rows, records_import
from peerwork.services.services import records_sync

from .factories import new_uuid, shift_with_peer


@pytest.fixture
def heard():  # type: ignore[no-untyped-def]
    seen: list = []

    def listener(event):  # type: ignore[no-untyped-def]
        seen.append((event.pk, sorted(p.pk for p in event.responders.all())))

    hooks.overdose_response_recorded.register("test.listener", listener)
    yield seen
    hooks.overdose_response_recorded._items = [
        item for item in hooks.overdose_response_recorded._items if item[1] != "test.listener"
    ]


def _event(shift, peer):  # type: ignore[no-untyped-def]
    return {
        "uuid": new_uuid(),
        "type": "overdose",
        "shift": shift.pk,
        "occurred_at": timezone.now().isoformat(),
        "place_type": "washroom",
        "product": "nasal",
        "doses_given": 2,
        "outcome": "survived",
        "responders": [peer.pk],
    }


def test_a_synced_overdose_response_is_announced_once_after_commit(
    org_a, heard, django_capture_on_commit_callbacks
):
    shift = shift_with_peer(org_a)
    record = _event(shift, org_a.peer)
    with django_capture_on_commit_callbacks(execute=True):
        [result] = records_sync(
            organisation=org_a.org, user=org_a.peer_user, is_staff=False, records=[record]
        )
    assert heard == [(result.id, [org_a.peer.pk])]
    with django_capture_on_commit_callbacks(execute=True):
        records_sync(organisation=org_a.org, user=org_a.peer_user, is_staff=False, records=[record])
    assert len(heard) == 1, "a replayed sync must not announce the event again"


def test_a_rejected_overdose_response_is_not_announced(org_a, heard, django_capture_on_commit_callbacks):
    shift = shift_with_peer(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        records_sync(
            organisation=org_a.org,
            user=org_a.peer_user,
            is_staff=False,
            records=[{**_event(shift, org_a.peer), "responders": []}],
        )
    assert heard == []


def test_an_imported_overdose_response_is_announced(org_a, heard, django_capture_on_commit_callbacks):
    text = (
        "occurred_at,site,kind,place_type,product,doses_given,outcome\n"
        f"2024-03-01 10:00,{org_a.site.name},overdose,park,nasal,2,survived\n"
    )
    checked = check_rows(organisation=org_a.org, user=org_a.admin, text=text, digest="x")
    assert checked.error_count == 0, checked.errors
    with django_capture_on_commit_callbacks(execute=True):
        records_import(organisation=org_a.org, user=org_a.admin, checked=checked, job=None)
    assert len(heard) == 1
