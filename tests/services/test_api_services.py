"""The services API: catalogue, logs, events, stock, client-code checks; every route org-scoped."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import StockLevel, SupplyItem
from peerwork.services.services import catalogue_ensure, records_sync

from .factories import OverdoseResponseFactory, ServiceEntryFactory, new_uuid, shift_with_peer


def _post(client, name, body):  # type: ignore[no-untyped-def]
    return client.post(reverse(name), data=json.dumps(body), content_type="application/json")


def test_the_catalogue_starts_with_the_bc_categories(org_a, client_for):
    data = client_for(org_a.peer_user).get(reverse("api:services_catalogue")).json()
    categories = {item["category"] for item in data["items"]}
    assert categories == {"safer_sex", "injection", "inhalation", "naloxone"}
    assert data["count"] == 13


def test_logs_list_accepted_records_of_the_callers_organisation_only(org_a, org_b, client_for):
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
                "quantity": 4,
                "occurred_at": timezone.now().isoformat(),
            }
        ],
    )
    mine = client_for(org_a.evaluator).get(reverse("api:services_logs"), {"shift": shift.pk}).json()
    assert mine["count"] == 1 and mine["items"][0]["quantity"] == 4
    assert client_for(org_b.evaluator).get(reverse("api:services_logs")).json()["count"] == 0
    entry_id = mine["items"][0]["id"]
    assert client_for(org_b.evaluator).get(reverse("api:services_log", args=[entry_id])).status_code == 404


def test_events_need_the_overdose_capability(org_a, client_for):
    event = OverdoseResponseFactory(organisation=org_a.org, site=org_a.site)
    event.responders.set([org_a.peer])
    ok = client_for(org_a.supervisor).get(reverse("api:services_event", args=[event.pk]))
    assert ok.status_code == 200 and ok.json()["responder_ids"] == [org_a.peer.pk]
    assert client_for(org_a.evaluator).get(reverse("api:services_events")).status_code == 403


def test_stock_movements_through_the_api_never_go_below_zero(org_a, client_for):
    catalogue_ensure(organisation=org_a.org)
    kits = SupplyItem.objects.get(organisation=org_a.org, name="Naloxone kits")
    client = client_for(org_a.coordinator)
    body = {"action": "received", "site_id": org_a.site.pk, "item_id": kits.pk, "quantity": 10}
    assert _post(client, "api:services_stock_move", body).status_code == 201
    refused = _post(
        client, "api:services_stock_move", {**body, "action": "adjusted", "quantity": -11, "reason": "lost"}
    )
    assert refused.status_code == 409
    assert "below zero" in refused.json()["detail"]
    moved = _post(
        client,
        "api:services_stock_move",
        {**body, "action": "transferred", "quantity": 4, "to_site_id": org_a.other_site.pk},
    )
    assert moved.status_code == 201
    levels = {
        level["site_id"]: level["balance"]
        for level in client.get(reverse("api:services_stock")).json()["items"]
    }
    assert levels == {org_a.site.pk: 6, org_a.other_site.pk: 4}
    assert StockLevel.objects.count() == 2


def test_stock_of_another_organisation_is_404(org_a, org_b, client_for):
    catalogue_ensure(organisation=org_a.org)
    kits = SupplyItem.objects.get(organisation=org_a.org, name="Naloxone kits")
    body = {"action": "received", "site_id": org_a.site.pk, "item_id": kits.pk, "quantity": 10}
    assert _post(client_for(org_b.coordinator), "api:services_stock_move", body).status_code == 404
    assert _post(client_for(org_a.evaluator), "api:services_stock_move", body).status_code == 403


def test_client_codes_are_checked_against_the_organisations_scheme(org_a, client_for):
    client = client_for(org_a.peer_user)
    good = _post(client, "api:services_client_code", {"code": "f abcd 1980"}).json()
    assert good == {"valid": True, "code": "F-ABCD-1980", "message": ""}
    bad = _post(client, "api:services_client_code", {"code": "John Smith"}).json()
    assert not bad["valid"] and "gender letter" in bad["message"]


def test_a_sync_batch_over_the_limit_is_refused_whole(org_a, client_for):
    shift = shift_with_peer(org_a)
    records = [{"uuid": new_uuid(), "kind": "contact", "shift": shift.pk, "quantity": 1} for _ in range(1001)]
    response = _post(client_for(org_a.peer_user), "api:services_sync", {"records": records})
    assert response.status_code == 422


def test_an_evaluator_cannot_sync(org_a, client_for):
    entry = ServiceEntryFactory(organisation=org_a.org, site=org_a.site)
    assert entry.pk
    assert _post(client_for(org_a.evaluator), "api:services_sync", {"records": []}).status_code == 403
