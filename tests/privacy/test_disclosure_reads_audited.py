"""Reading a consent and its disclosures is audited the same way on the page and through the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from peerwork.accounts.tokens import api_token_create
from peerwork.audit.models import AuditEvent
from peerwork.privacy.services import disclosure_record

from .factories import consent_for

pytestmark = pytest.mark.django_db


def _api(user, organisation) -> Client:  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(user=user, organisation=organisation, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _reads(consent) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    return [
        (e.action, e.object_type, e.detail["fields"])
        for e in AuditEvent.objects.filter(action="read_sensitive", object_id=str(consent.pk)).order_by("id")
    ]


def test_disclosures_read_through_the_api_are_audited_like_the_consent_page(org_a, org_b, client_for):
    consent = consent_for(org_a)
    disclosure_record(
        consent=consent, disclosed_on=consent.signed_on, recipient="Caseworker", what="Pay", by=org_a.admin
    )
    page = client_for(org_a.admin).get(reverse("privacy:consent_detail", args=[consent.pk]))
    assert page.status_code == 200 and "Caseworker" in page.content.decode()
    on_page = _reads(consent)
    assert on_page == [("read_sensitive", "privacy.consentrecord", ["consent", "disclosures"])]

    api = _api(org_a.admin, org_a.org)
    assert api.get(f"/api/v1/privacy/consents/{consent.pk}/disclosures").json()["count"] == 1
    assert api.get(f"/api/v1/privacy/consents/{consent.pk}").status_code == 200
    through_api = _reads(consent)[1:]
    assert through_api == [
        ("read_sensitive", "privacy.consentrecord", ["disclosures"]),
        ("read_sensitive", "privacy.consentrecord", ["consent"]),
    ]

    other = _api(org_b.admin, org_b.org)
    assert other.get(f"/api/v1/privacy/consents/{consent.pk}/disclosures").status_code == 404
    assert (
        client_for(org_b.admin).get(reverse("privacy:consent_detail", args=[consent.pk])).status_code == 404
    )
    assert len(_reads(consent)) == 3  # a refused read records no read
