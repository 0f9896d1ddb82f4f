"""The privacy API (consents, disclosures, retention, exports), the peer page's privacy panel and
the scheduled dry run."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from peerwork.accounts.tokens import api_token_create
from peerwork.privacy.models import PurgeRun, PurgeStatus
from tests.personas import sign_in


def _api(personas, user=None) -> Client:  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(user=user or personas.admin, organisation=personas.org, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _post(client: Client, url: str, body: dict):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_consent_disclosure_and_revocation_through_the_api(org_a):
    client = _api(org_a)
    consent = {
        "peer_id": org_a.peer.pk,
        "discloser": org_a.org.name,
        "information": "Shifts and pay",
        "recipients": "Benefits office",
        "purpose": "Benefit reporting",
        "expires_on": "2027-11-01",
        "right_to_revoke_explained": True,
        "signature_method": "screen",
        "signed_on": "2026-11-01",
    }
    missing = _post(client, "/api/v1/privacy/consents", {**consent, "right_to_revoke_explained": False})
    assert missing.status_code == 409 and "right_to_revoke_explained" in missing.json()["errors"]
    created = _post(client, "/api/v1/privacy/consents", consent)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    told = _post(
        client,
        f"/api/v1/privacy/consents/{pk}/disclosures",
        {"disclosed_on": "2026-11-20", "recipient": "Benefits office", "what": "November pay"},
    )
    assert told.status_code == 201 and told.json()["notice"]
    assert client.get(f"/api/v1/privacy/consents/{pk}/disclosures").json()["count"] == 1
    revoked = _post(client, f"/api/v1/privacy/consents/{pk}/revoke", {"revoked_on": "2026-11-25"})
    assert revoked.json()["revoked_on"] == "2026-11-25"
    late = _post(
        client,
        f"/api/v1/privacy/consents/{pk}/disclosures",
        {"disclosed_on": "2026-11-26", "recipient": "x", "what": "y"},
    )
    assert late.status_code == 409 and "not in force on that day" in late.json()["detail"]
    assert client.get("/api/v1/privacy/consents").json()["count"] == 1


def test_retention_dry_run_then_purge_and_only_once(org_a):
    client = _api(org_a)
    run = client.post("/api/v1/privacy/retention/runs")
    assert run.status_code == 201 and run.json()["status"] == PurgeStatus.DRY_RUN
    done = client.post(f"/api/v1/privacy/retention/runs/{run.json()['id']}/purge")
    assert done.status_code == 200 and done.json()["status"] == PurgeStatus.DONE
    again = client.post(f"/api/v1/privacy/retention/runs/{run.json()['id']}/purge")
    assert again.status_code == 409 and "Only the latest dry run" in again.json()["detail"]


def test_peer_export_is_a_zip_and_erase_works_and_peers_are_refused(org_a):
    client = _api(org_a)
    asked = {"requested_by_peer": True, "reason": "asked at the drop-in"}
    response = _post(client, f"/api/v1/privacy/peers/{org_a.peer.pk}/export", asked)
    assert response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    research = client.get("/api/v1/privacy/research-export", {"start": "2026-01-01", "end": "2026-12-31"})
    assert research.status_code == 200 and research["Content-Type"] == "application/zip"
    peer_client = sign_in(Client(), org_a.peer_user)  # peers get no API tokens: their session
    assert _post(peer_client, f"/api/v1/privacy/peers/{org_a.peer.pk}/export", asked).status_code == 403
    erased = _post(client, f"/api/v1/privacy/peers/{org_a.peer.pk}/erase", {"reason": "asked in person"})
    assert erased.status_code == 200
    org_a.peer.refresh_from_db()
    assert "ZEBULON" not in str(org_a.peer)


def test_the_peer_page_links_export_and_erase_for_privacy_managers_only(org_a, client_for):
    url = reverse("peers:detail", kwargs={"pk": org_a.peer.pk})
    export = reverse("privacy:peer_export", kwargs={"peer_pk": org_a.peer.pk})
    assert export.encode() in client_for(org_a.admin).get(url).content
    assert export.encode() not in client_for(org_a.coordinator).get(url).content


def test_the_scheduled_dry_run_reports_every_organisation(org_a, org_b):
    out = io.StringIO()
    call_command("retention_dry_run", stdout=out)
    assert PurgeRun.objects.filter(status=PurgeStatus.DRY_RUN).count() >= 2
    assert org_a.org.slug in out.getvalue() and org_b.org.slug in out.getvalue()
