"""Pages for a signed-in person, API answers to a token, kiosk pages and downloads are never stored
(Cache-Control: no-store): a shared kiosk or a proxy cache must not keep them. The public sign-in
page caches as before (static files are served by the proxy, never through these middlewares)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from peerwork.accounts.tokens import api_token_create
from peerwork.peers.services import peer_card_issue, peer_create
from tests.foundation.factories import PIN, kiosk_client, make_kiosk, make_peer_login


def _no_store(response) -> bool:  # type: ignore[no-untyped-def]
    return "no-store" in response.get("Cache-Control", "")


def test_a_pdf_download_is_not_stored(org_a, org_b, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    peer_card_issue(peer=robin, issued_by=org_a.coordinator)
    pdf = client_for(org_a.coordinator).get(reverse("peers:card_pdf", args=[robin.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert _no_store(pdf)
    assert client_for(org_b.coordinator).get(reverse("peers:card_pdf", args=[robin.pk])).status_code == 404


def test_api_answers_to_a_token_are_not_stored(org_a):
    _token, raw = api_token_create(user=org_a.admin, organisation=org_a.org, name="script")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")
    assert response.status_code == 200
    assert _no_store(response)


def test_kiosk_pages_are_not_stored_before_and_after_sign_in(org_a):
    _device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    person = reverse("accounts:kiosk_person", kwargs={"pk": credential.pk})
    assert _no_store(client.get(reverse("accounts:kiosk")))
    assert _no_store(client.get(person))
    signed_in = client.post(person, {"pin": PIN})
    assert signed_in.status_code == 302 and _no_store(signed_in)
    assert _no_store(client.get(signed_in["Location"], follow=True))


def test_a_kiosk_page_opened_in_another_browser_is_not_stored(org_a):
    assert _no_store(Client().get(reverse("accounts:kiosk")))
    assert _no_store(Client().get(reverse("accounts:kiosk_pair", kwargs={"code": "unknown"})))


def test_the_public_sign_in_page_caches_as_before(db):
    assert not _no_store(Client().get(reverse("accounts:sign_in")))
