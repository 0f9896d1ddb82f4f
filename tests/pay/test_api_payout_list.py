"""The API's payout list: newest first, a page at a time, in the same queries for 5 payouts or 60."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerwork.pay import services


def _owe(org, count, start=0):  # type: ignore[no-untyped-def]
    for index in range(start, start + count):
        services.payout_create_manual(
            organisation=org.org,
            peer=org.peer,
            amount="10.00",
            reason=f"bus fare {index:03d}",
            earned_on=date(2026, 9, 1) + timedelta(days=index // 2),
            actor=org.coordinator,
        )


def test_the_list_is_newest_first_in_the_same_queries_for_5_and_60_payouts(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    _owe(org_a, 5)
    _owe(org_b, 3)
    client.get("/api/v1/pay/payouts")
    with CaptureQueriesContext(connection) as few:
        body = client.get("/api/v1/pay/payouts").json()
    assert body["count"] == 5
    assert [item["reason"] for item in body["items"]] == [f"bus fare {n:03d}" for n in (4, 3, 2, 1, 0)]
    _owe(org_a, 55, start=5)
    with CaptureQueriesContext(connection) as many:
        body = client.get("/api/v1/pay/payouts", {"page_size": 50, "page": 2}).json()
    assert body["count"] == 60
    assert [item["reason"] for item in body["items"]] == [f"bus fare {n:03d}" for n in range(9, -1, -1)]
    assert len(many.captured_queries) == len(few.captured_queries)
