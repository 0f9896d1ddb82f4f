"""Contracts API: draft, standing shifts, sign, renew, end, make the week, pay salaries; terms the rules
refuse are a 409 with the rule's message and nothing saved; another organisation gets 404; a peer
reads only their own."""

from __future__ import annotations

import json

import pytest

from peerwork.shifts.contracts import services
from peerwork.shifts.contracts.models import Contract, StandingShift
from peerwork.shifts.models import Shift

from .helpers import draft, role_for

API = "/api/v1/employment"
pytestmark = pytest.mark.django_db


def _send(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def _body(org_a, role, **changes):  # type: ignore[no-untyped-def]
    body = {
        "peer_id": org_a.peer.pk, "site_id": org_a.site.pk, "kind": "fixed_term",
        "starts_on": "2027-01-04", "ends_on": "2027-06-30", "hours_per_week": "20",
        "role_ids": [role.pk], "pay_basis": "salary", "salary": "2000.00", "salary_period": "month",
    }  # fmt: skip
    body.update(changes)
    return body


def test_a_coordinator_drafts_adds_standing_shifts_signs_and_pays_the_period(org_a, client_for):
    role = role_for(org_a)
    client = client_for(org_a.coordinator)
    created = _send(client, "/contracts", _body(org_a, role))
    assert created.status_code == 201, created.content
    contract_id = created.json()["id"]
    assert created.json()["status"] == "draft" and float(created.json()["weekly_hours"]) == 20
    shift = {
        "weekday": 0,
        "start_time": "09:00",
        "end_time": "13:00",
        "role_id": role.pk,
        "site_id": org_a.site.pk,
    }
    assert _send(client, f"/contracts/{contract_id}/standing-shifts", shift).status_code == 201
    overlap = _send(
        client,
        f"/contracts/{contract_id}/standing-shifts",
        {**shift, "start_time": "12:00", "end_time": "14:00"},
    )
    assert overlap.status_code == 409 and "overlap" in overlap.json()["detail"]
    signed = _send(client, f"/contracts/{contract_id}/sign", {})
    assert signed.status_code == 200 and signed.json()["status"] == "active"
    assert len(signed.json()["standing_shifts"]) == 1
    made = _send(client_for(org_a.coordinator), "/weeks/standing-shifts", {"week_start": "2027-01-06"})
    assert made.status_code == 200 and len(made.json()["shift_ids"]) == 1 and made.json()["not_held"] == []
    assert Shift.objects.get().standing_shift_id == StandingShift.objects.get().pk
    paid = _send(client, "/salary-runs", {"on": "2027-02-10"})
    assert paid.status_code == 200 and len(paid.json()["paid_payout_ids"]) == 1


def test_bad_terms_are_refused_with_the_rule_and_nothing_saved(org_a, client_for):
    role = role_for(org_a)
    org_a.org.minimum_wage_hourly = "17.20"
    org_a.org.save()
    client = client_for(org_a.coordinator)
    backwards = _send(client, "/contracts", _body(org_a, role, ends_on="2026-12-01"))
    assert backwards.status_code == 409
    assert backwards.json()["errors"]["ends_on"] == ["The contract cannot end before it starts."]
    low = _send(client, "/contracts", _body(org_a, role, salary="900.00"))
    assert low.status_code == 409 and "minimum wage" in low.json()["detail"]
    assert not Contract.objects.exists()


def test_renew_and_end(org_a, client_for):
    contract = services.contract_sign(contract=draft(org_a))
    client = client_for(org_a.coordinator)
    renewed = _send(client, f"/contracts/{contract.pk}/renew", {"ends_on": "2027-12-31"})
    assert renewed.status_code == 200 and renewed.json()["previous_id"] == contract.pk
    assert renewed.json()["renewal_count"] == 1
    ended = _send(client, f"/contracts/{contract.pk}/end", {"ended_on": "2027-05-01", "reason": "a post"})
    assert ended.status_code == 200 and ended.json()["status"] == "ended"


def test_another_organisation_gets_404_everywhere(org_a, org_b, client_for):
    contract = draft(org_a)
    role = role_for(org_a)
    client = client_for(org_b.coordinator)
    assert client.get(f"{API}/contracts/{contract.pk}").status_code == 404
    assert _send(client, f"/contracts/{contract.pk}/sign", {}).status_code == 404
    assert client.get(f"{API}/contracts").json()["items"] == []
    # org A's peer and role are not org B's to draft with
    assert _send(client, "/contracts", _body(org_a, role, site_id=org_b.site.pk)).status_code == 404
    contract.refresh_from_db()
    assert contract.status == "draft"


def test_a_peer_reads_only_their_own_signed_contract(org_a, client_for):
    contract = draft(org_a)
    peer = client_for(org_a.peer_user)
    assert peer.get(f"{API}/contracts/{contract.pk}").status_code == 404  # a draft is not theirs yet
    services.contract_sign(contract=contract)
    assert peer.get(f"{API}/contracts/{contract.pk}").json()["id"] == contract.pk
    assert [c["id"] for c in peer.get(f"{API}/contracts").json()["items"]] == [contract.pk]
    assert (
        _send(peer, f"/contracts/{contract.pk}/end", {"ended_on": "2027-02-01", "reason": "x"}).status_code
        == 403
    )


def test_the_api_says_which_standing_shift_the_rules_refused_and_why(org_a, org_b, client_for):
    from datetime import datetime, timedelta

    from peerwork.shifts.contracts import services
    from peerwork.shifts.models import Assignment, ShiftStatus
    from tests.shifts.factories import ShiftFactory

    from .helpers import START, add_standing, draft

    contract = draft(org_a)
    standing = add_standing(contract, weekday=0, start=9, end=13)
    services.contract_sign(contract=contract)
    starts = datetime(2027, 1, 4, 8, tzinfo=org_a.org.zone)
    clash = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=role_for(org_a, "Outreach"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        status=ShiftStatus.PUBLISHED,
    )
    Assignment.objects.create(organisation=org_a.org, shift=clash, peer=org_a.peer)
    made = _send(client_for(org_a.coordinator), "/weeks/standing-shifts", {"week_start": START.isoformat()})
    assert made.status_code == 200
    body = made.json()
    assert body["shift_ids"] == []
    [refused] = body["not_held"]
    assert refused["standing_shift_id"] == standing.pk and refused["peer_id"] == org_a.peer.pk
    assert refused["day"] == "2027-01-04" and "already has a shift at that time" in refused["reason"]
    other = _send(client_for(org_b.coordinator), "/weeks/standing-shifts", {"week_start": START.isoformat()})
    assert other.status_code == 200 and other.json() == {"shift_ids": [], "not_held": []}
