"""Bad input never gives a 500: a bad sync record is rejected by itself (the rest are saved), and a
list filter or page number beyond what a database holds is a 422 in the API's one error shape."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import ServiceEntry

from .factories import new_uuid, shift_with_peer

BEYOND_64_BITS = 2**70


def _contact(on_shift, **extra):  # type: ignore[no-untyped-def]
    return {
        "uuid": new_uuid(),
        "type": "entry",
        "kind": "contact",
        "shift": on_shift.pk,
        "quantity": 1,
        "occurred_at": timezone.now().isoformat(),
        **extra,
    }


BAD_RECORDS = {
    "offset of 99 hours": ({"occurred_at": "2026-12-05T01:00:00+99:00"}, "date and time"),
    "year 1 with an offset": ({"occurred_at": "0001-01-01T00:00:00+05:00"}, "date and time"),
    "lone surrogate in a client code": ({"client_code": "\ud800"}, "broken character"),
    "lone surrogate in a place": ({"kind": "sharps", "place_name": "park \udfff"}, "broken character"),
    "shift id beyond 64 bits": ({"shift": BEYOND_64_BITS}, "shift"),
    "item id beyond 64 bits": ({"kind": "supplies", "item": BEYOND_64_BITS}, "item"),
    "peer id beyond 64 bits": ({"peer": BEYOND_64_BITS}, "peer"),
    "responder id beyond 64 bits": (
        {"type": "overdose", "place_type": "street", "responders": [BEYOND_64_BITS]},
        "responders",
    ),
    "a count that is not a number": ({"quantity": "lots"}, "quantity"),
    "a shift that is not a number": ({"shift": "tuesday"}, "shift"),
    "a record that is not an object": (None, "record"),
}


@pytest.mark.parametrize("case", BAD_RECORDS, ids=list(BAD_RECORDS))
def test_one_bad_record_is_rejected_and_the_good_ones_are_saved(case, org_a, client_for):
    shift = shift_with_peer(org_a)
    extra, reason = BAD_RECORDS[case]
    bad = 7 if extra is None else _contact(shift, **extra)
    good = [_contact(shift), _contact(shift, quantity=2)]
    body = json.dumps({"records": [good[0], bad, good[1]]})
    response = client_for(org_a.peer_user).post(
        reverse("api:services_sync"), data=body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert [r["status"] for r in data["results"]] == ["accepted", "rejected", "accepted"]
    assert (data["accepted"], data["rejected"]) == (2, 1)
    assert reason in data["results"][1]["reason"]
    assert data["results"][1]["id"] is None
    saved = ServiceEntry.objects.filter(organisation=org_a.org)
    assert sorted(str(u) for u in saved.values_list("client_uuid", flat=True)) == sorted(
        g["uuid"] for g in good
    )


def test_a_batch_that_is_not_a_list_of_records_is_a_422_in_the_error_shape(org_a, client_for):
    client = client_for(org_a.peer_user)
    for body in ('{"records": 5}', "[]", "not json"):
        response = client.post(reverse("api:services_sync"), data=body, content_type="application/json")
        assert response.status_code in {400, 422}, body
        assert set(response.json()) == {"detail", "errors"}


LIST_QUERIES = [
    ("api:services_logs", {"shift": BEYOND_64_BITS}),
    ("api:services_logs", {"page": BEYOND_64_BITS}),
    ("api:services_logs", {"page": 10**30}),
    ("api:services_catalogue", {"page": 2**63}),
    ("api:services_events", {"page": BEYOND_64_BITS}),
    ("api:pay_payout_list", {"peer_id": BEYOND_64_BITS}),
    ("/api/v1/shifts/", {"site_id": BEYOND_64_BITS}),
    ("/api/v1/support/sessions", {"peer_id": BEYOND_64_BITS}),
    ("/api/v1/peers/", {"page": BEYOND_64_BITS}),
    ("/api/v1/peers/", {"page_size": BEYOND_64_BITS}),
]


@pytest.mark.parametrize(("name", "query"), LIST_QUERIES)
def test_list_filters_and_pages_beyond_what_a_database_holds_are_a_422(name, query, org_a, client_for):
    url = name if name.startswith("/") else reverse(name)
    response = client_for(org_a.admin).get(url, query)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Some values are not valid."
    assert list(body["errors"]) == list(query)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_first_and_last_days_of_the_calendar_are_empty_lists(day, org_a, client_for):
    response = client_for(org_a.admin).get(reverse("api:services_logs"), {"day": day})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("page", [str(2**70), "1e400", "-1", "x"])
def test_html_lists_answer_any_page_number(page, org_a, client_for):
    client = client_for(org_a.admin)
    for url in (reverse("services:overdoses"), reverse("peers:list")):
        assert client.get(url, {"page": page}).status_code == 200, url
    end = (timezone.now() + timedelta(days=1)).date().isoformat()
    assert client.get(reverse("services:sharps"), {"start": "0001-01-01", "end": end}).status_code == 200
    assert client.get(reverse("services:today"), {"day": "9999-12-31"}).status_code == 200
