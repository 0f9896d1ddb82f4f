"""Invoicing API: business lines, priced work orders, invoices and credit notes, with clear refusals (409)."""

from __future__ import annotations

import json

from peerwork.invoicing.models import Invoice

from .factories import business_line, finished_order

API = "/api/v1/invoicing"


def _send(client, method, path, body):  # type: ignore[no-untyped-def]
    return getattr(client, method)(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def test_a_coordinator_makes_a_business_line_and_a_priced_order(org_a, client_for):
    client = client_for(org_a.coordinator)
    line = business_line(org_a.org)
    line.is_business_line = False
    line.save()
    saved = _send(
        client, "put", f"/business-lines/{line.pk}", {"trading_name": "Spokes", "invoice_prefix": "SP-"}
    )
    assert saved.status_code == 200 and saved.json()["invoice_prefix"] == "SP-"
    refused = _send(
        client,
        "post",
        "/work-orders",
        {
            "work_stream_id": line.pk,
            "customer": "Bakery",
            "description": "Leaflets",
            "quantity": 10,
            "price": "-1",
        },
    )
    assert refused.status_code == 422 and "price" in refused.json()["errors"]  # the schema: 0 or more
    made = _send(
        client,
        "post",
        "/work-orders",
        {
            "work_stream_id": line.pk,
            "customer": "Bakery",
            "description": "Leaflets",
            "quantity": 10,
            "price": "2.5",
        },
    )
    assert made.status_code == 201
    order = made.json()
    assert (order["status"], order["price"], order["quantity_done"]) == ("open", "2.50", 0)
    listed = client.get(f"{API}/work-orders").json()["items"]
    assert [o["customer"] for o in listed] == ["Bakery"]


def test_target_and_cancel_through_the_api(org_a, client_for):
    client = client_for(org_a.coordinator)
    order = finished_order(business_line(org_a.org), quantity=10)
    low = _send(client, "post", f"/work-orders/{order.pk}/target", {"quantity": 5, "reason": "x"})
    assert low.status_code == 409 and "above the current one" in low.json()["detail"]
    raised = _send(client, "post", f"/work-orders/{order.pk}/target", {"quantity": 20, "reason": "more"})
    assert raised.json()["status"] == "open"
    cancelled = _send(client, "post", f"/work-orders/{order.pk}/cancel", {"reason": "Customer left"})
    assert cancelled.json()["status"] == "cancelled"


def test_invoices_are_issued_paid_and_voided_by_a_credit_note(org_a, client_for):
    client = client_for(org_a.coordinator)
    order = finished_order(business_line(org_a.org), quantity=100, price="0.45")
    empty = _send(client, "post", "/invoices", {"work_order_ids": []})
    assert empty.status_code == 409 and "Choose at least one work order" in empty.json()["detail"]
    made = _send(client, "post", "/invoices", {"work_order_ids": [order.pk]})
    assert made.status_code == 201
    invoice = made.json()
    assert invoice["number"] == "MP-1" and invoice["total"] == "45.00"
    assert invoice["lines"][0]["quantity"] == "100.00"
    again = _send(client, "post", "/invoices", {"work_order_ids": [order.pk]})
    assert again.status_code == 409 and "already invoiced in full" in again.json()["detail"]
    paid = _send(
        client, "post", f"/invoices/{invoice['id']}/paid", {"paid_on": org_a.org.today().isoformat()}
    )
    assert paid.json()["status"] == "paid"
    note = _send(client, "post", f"/invoices/{invoice['id']}/void", {"reason": "Wrong address"})
    assert note.status_code == 201 and note.json()["amount"] == "-45.00"
    assert client.get(f"{API}/credit-notes").json()["items"][0]["number"] == "MP-CN1"
    assert client.get(f"{API}/invoices/{invoice['id']}").json()["status"] == "void"


def test_another_organisation_and_other_roles_get_nothing(org_a, org_b, client_for):
    order = finished_order(business_line(org_a.org))
    other = client_for(org_b.coordinator)
    assert _send(other, "post", "/invoices", {"work_order_ids": [order.pk]}).status_code == 404
    assert other.get(f"{API}/invoices").json()["items"] == []
    assert not Invoice.objects.exists()
    for user in (org_a.evaluator, org_a.supervisor):
        assert client_for(user).get(f"{API}/invoices").status_code == 403
