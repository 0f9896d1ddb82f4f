"""An API request made with a token filters by the organisation's local date, as its pages do.

At 02:00 UTC on 10 December it is 21:00 on the 9th in Toronto (org A's zone): a service delivered then
belongs to the 9th.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

from django.test import Client

from peerwork.accounts.tokens import api_token_create
from tests.services.factories import ServiceEntryFactory

EVENING_OF_THE_NINTH = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)


def _services(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = zipfile.ZipFile(io.BytesIO(response.content)).read("services.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _api(personas) -> Client:  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(user=personas.admin, organisation=personas.org, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_research_export_of_the_ninth_holds_the_evening_of_the_ninth(org_a, org_b):
    ServiceEntryFactory(organisation=org_a.org, site=org_a.site, occurred_at=EVENING_OF_THE_NINTH)
    ninth = {"start": "2026-12-09", "end": "2026-12-09"}
    tenth = {"start": "2026-12-10", "end": "2026-12-10"}
    client = _api(org_a)
    assert len(_services(client.get("/api/v1/privacy/research-export", ninth))) == 1
    assert _services(client.get("/api/v1/privacy/research-export", tenth)) == []
    # Another organisation's token sees none of it, on either day.
    other = _api(org_b)
    assert _services(other.get("/api/v1/privacy/research-export", ninth)) == []
