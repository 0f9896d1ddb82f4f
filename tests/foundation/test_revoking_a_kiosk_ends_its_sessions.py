"""Revoking a kiosk signs out everyone whose session was opened on it, at their next click."""

from django.urls import reverse

from peerwork.accounts.services import kiosk_revoke

from .factories import PIN, kiosk_client, make_kiosk, make_peer_login
from .test_kiosk_sign_in import _person_url

ME = "/api/v1/me"


def _signed_in_at(org, name="Robin"):
    device, raw = make_kiosk(org)
    credential = make_peer_login(org, name)
    client = kiosk_client(raw)
    assert client.post(_person_url(credential), {"pin": PIN}).status_code == 302
    assert client.get(ME).status_code == 200
    return device, client


def test_a_session_opened_on_a_revoked_kiosk_is_signed_out(org_a):
    device, client = _signed_in_at(org_a)
    kiosk_revoke(device=device)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:kiosk")
    assert "_auth_user_id" not in client.session
    assert client.get(ME).status_code == 401


def test_the_admin_revoking_a_kiosk_signs_out_its_session_but_not_others(org_a, org_b, client_for):
    device, client = _signed_in_at(org_a)
    _other_device, other = _signed_in_at(org_a, "Kim")
    outsider = client_for(org_b.admin).post(reverse("orgadmin:kiosk_revoke", args=[device.pk]))
    assert outsider.status_code == 404
    assert client.get(ME).status_code == 200
    client_for(org_a.admin).post(reverse("orgadmin:kiosk_revoke", args=[device.pk]))
    assert client.get(ME).status_code == 401
    assert other.get(ME).status_code == 200
