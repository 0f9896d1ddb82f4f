"""API: records made off shift and a peer's contribution; org-scoped, own records only."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from peerwork.pay.models import Payout
from peerwork.services.models import OverdoseResponse, ServiceEntry
from peerwork.shifts.selectors import policy_for
from peerwork.support.models import DebriefOffer

from .test_peer_contribution import _history


def _post(client, name, body):  # type: ignore[no-untyped-def]
    return client.post(reverse(name), data=json.dumps(body), content_type="application/json")


def _overdose_body(p, **changes):  # type: ignore[no-untyped-def]
    body = {
        "uuid": "5d0c2f38-3b7e-4a51-8f5e-0c8f1e2d3a4b",
        "site": p.site.pk,
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "place_type": "street",
        "product": "nasal",
        "doses_given": 1,
        "outcome": "survived",
    }
    body.update(changes)
    return body


def test_a_peer_records_an_off_shift_overdose_response_and_a_repeat_is_not_saved_twice(
    org_a, client_for, django_capture_on_commit_callbacks
):
    policy = policy_for(org_a.org)
    policy.offshift_honorarium = Decimal("25.00")
    policy.save()
    client = client_for(org_a.peer_user)
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, "api:offshift_overdose", _overdose_body(org_a))
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["response"]["shift_id"] is None and data["response"]["responder_ids"] == [org_a.peer.pk]
    assert "owed" in data["pay_lines"][0]
    assert DebriefOffer.objects.filter(peer=org_a.peer).count() == 1
    again = _post(client, "api:offshift_overdose", _overdose_body(org_a))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert OverdoseResponse.objects.count() == 1 and Payout.objects.count() == 1


def test_bad_off_shift_records_are_refused_with_the_reason_and_nothing_saved(org_a, org_b, client_for):
    client = client_for(org_a.peer_user)
    future = _post(
        client,
        "api:offshift_overdose",
        _overdose_body(org_a, occurred_at=(timezone.now() + timedelta(days=1)).isoformat()),
    )
    assert future.status_code == 409 and "in the future" in future.json()["errors"]["occurred_at"][0]
    elsewhere = _post(client, "api:offshift_overdose", _overdose_body(org_a, site=org_b.site.pk))
    assert elsewhere.status_code == 409 and "site" in elsewhere.json()["errors"]
    sharps = _post(
        client,
        "api:offshift_sharps",
        {
            "site": org_b.site.pk,
            "occurred_at": timezone.now().isoformat(),
            "quantity": 3,
            "place_name": "Lane",
        },
    )
    assert sharps.status_code == 409 and "site" in sharps.json()["errors"]
    assert not OverdoseResponse.objects.exists() and not ServiceEntry.objects.exists()


def test_a_peer_records_needles_picked_up_off_shift(org_a, client_for):
    response = _post(
        client_for(org_a.peer_user),
        "api:offshift_sharps",
        {
            "site": org_a.site.pk,
            "occurred_at": timezone.now().isoformat(),
            "quantity": 5,
            "place_name": "Lane",
        },
    )
    assert response.status_code == 201
    assert response.json()["entry"]["shift_id"] is None and response.json()["entry"]["quantity"] == 5


def test_roles_that_log_no_services_cannot_record_off_shift(org_a, client_for):
    assert (
        _post(client_for(org_a.evaluator), "api:offshift_overdose", _overdose_body(org_a)).status_code == 403
    )


def test_a_peer_reads_their_own_contribution(org_a, client_for):
    _history(org_a)
    data = client_for(org_a.peer_user).get(reverse("api:contribution_mine"), {"period": "year"}).json()
    assert data["peer_id"] == org_a.peer.pk and data["needles_recovered"] == 31 + 99
    assert data["hours_by_role"][0] == {"role": "Needle recovery", "hours": "8.00"}
    bad = client_for(org_a.peer_user).get(
        reverse("api:contribution_mine"), {"period": "custom", "start": "2024-05-01", "end": "2024-04-01"}
    )
    assert bad.status_code == 409 and "first day must come before" in bad.json()["detail"]


def test_staff_read_a_peers_contribution_another_org_gets_404_and_a_peer_403(org_a, org_b, client_for):
    _history(org_a)
    url = reverse("api:contribution_peer", args=[org_a.peer.pk])
    assert client_for(org_a.coordinator).get(url, {"period": "year"}).json()["needles_recovered"] == 31 + 99
    assert client_for(org_b.coordinator).get(url).status_code == 404
    assert client_for(org_a.peer_user).get(url).status_code == 403
    assert client_for(org_a.coordinator).get(reverse("api:contribution_mine")).status_code == 403
