"""Each kind of bad record is rejected with a reason a peer can act on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerwork.services.services import records_sync
from peerwork.shifts.models import ShiftStatus
from tests.factories import PeerWorkerFactory

from .factories import AssignmentFactory, ShiftFactory, new_uuid, shift_with_peer


def _contact(shift, **extra):  # type: ignore[no-untyped-def]
    return {
        "uuid": new_uuid(),
        "type": "entry",
        "kind": "contact",
        "shift": shift.pk,
        "quantity": 1,
        "occurred_at": timezone.now().isoformat(),
        **extra,
    }


def _reason(org_a, record, *, is_staff=False):  # type: ignore[no-untyped-def]
    user = org_a.coordinator if is_staff else org_a.peer_user
    [result] = records_sync(organisation=org_a.org, user=user, is_staff=is_staff, records=[record])
    assert result.status == "rejected"
    return result.reason


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"quantity": -1}, "cannot be negative"),
        ({"quantity": 0}, "at least 1"),
        ({"quantity": "lots"}, "whole number"),
        ({"client_code": "F-AB-80"}, "gender letter"),
        ({"client_code": "Mary Jones"}, "Client code"),
        ({"kind": "gossip"}, "not one of the choices"),
        ({"occurred_at": ""}, "when it happened"),
        ({"uuid": "not-a-uuid"}, "UUID"),
    ],
)
def test_bad_values_are_rejected_with_a_clear_reason(org_a, extra, expected):
    shift = shift_with_peer(org_a)
    assert expected in _reason(org_a, _contact(shift, **extra))


def test_a_time_in_the_future_is_rejected(org_a):
    shift = shift_with_peer(org_a)
    later = (timezone.now() + timedelta(hours=2)).isoformat()
    assert "future" in _reason(org_a, _contact(shift, occurred_at=later))


def test_a_peer_cannot_log_on_a_shift_they_are_not_on(org_a):
    other = ShiftFactory(organisation=org_a.org, site=org_a.site)
    assert "not on this shift" in _reason(org_a, _contact(other))


def test_staff_may_log_on_any_shift_of_their_organisation(org_a):
    other = ShiftFactory(organisation=org_a.org, site=org_a.site)
    [result] = records_sync(
        organisation=org_a.org, user=org_a.coordinator, is_staff=True, records=[_contact(other)]
    )
    assert result.status == "accepted"


def test_another_organisations_shift_does_not_exist(org_a, org_b):
    foreign = shift_with_peer(org_b)
    assert "does not exist" in _reason(org_a, _contact(foreign), is_staff=True)


def test_a_cancelled_shift_takes_no_records(org_a):
    shift = shift_with_peer(org_a, status=ShiftStatus.CANCELLED)
    assert "cancelled" in _reason(org_a, _contact(shift))


def test_sharps_need_a_place(org_a):
    shift = shift_with_peer(org_a)
    assert "where the sharps" in _reason(org_a, _contact(shift, kind="sharps", quantity=3))
    assert "both latitude" in _reason(org_a, _contact(shift, kind="sharps", latitude="43.6"))


def test_a_referral_needs_where_and_what_for(org_a):
    shift = shift_with_peer(org_a)
    assert "Choose" in _reason(org_a, _contact(shift, kind="referral", referral_to="housing"))


def _overdose(shift, **extra):  # type: ignore[no-untyped-def]
    return {
        "uuid": new_uuid(),
        "type": "overdose",
        "shift": shift.pk,
        "occurred_at": timezone.now().isoformat(),
        "place_type": "street",
        "product": "injectable",
        "doses_given": 1,
        "outcome": "survived",
        **extra,
    }


def test_overdose_responders_must_be_on_the_shift(org_a, org_b):
    shift = shift_with_peer(org_a)
    assert "Choose who responded" in _reason(org_a, _overdose(shift, responders=[]))
    assert "on this shift" in _reason(org_a, _overdose(shift, responders=[org_b.peer.pk]))


def test_an_overdose_needs_a_place_and_sane_doses(org_a):
    shift = shift_with_peer(org_a)
    assert "where it happened" in _reason(org_a, _overdose(shift, place_type="", responders=[org_a.peer.pk]))
    assert "doses given must be 0" in _reason(
        org_a, _overdose(shift, product="none", doses_given=2, responders=[org_a.peer.pk])
    )
    assert "negative" in _reason(org_a, _overdose(shift, doses_given=-1, responders=[org_a.peer.pk]))


def test_a_second_responder_on_the_shift_is_accepted(org_a):
    shift = shift_with_peer(org_a)
    partner = PeerWorkerFactory(organisation=org_a.org)
    AssignmentFactory(shift=shift, peer=partner)
    [result] = records_sync(
        organisation=org_a.org,
        user=org_a.peer_user,
        is_staff=False,
        records=[_overdose(shift, responders=[org_a.peer.pk, partner.pk])],
    )
    assert result.status == "accepted"
