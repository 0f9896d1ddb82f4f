"""Peers sign in on a registered kiosk: name or card, then a PIN; wrong PINs lock per person and kiosk."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.accounts.models import KioskDevice
from peerwork.accounts.services import kiosk_revoke
from peerwork.audit.models import AuditEvent

from .factories import PIN, kiosk_client, make_kiosk, make_peer_login

KIOSK = reverse("accounts:kiosk")


def _person_url(credential):
    return reverse("accounts:kiosk_person", kwargs={"pk": credential.pk})


def test_a_browser_that_is_not_a_kiosk_gets_a_plain_message():
    response = Client().get(KIOSK)
    assert response.status_code == 403
    assert "not a kiosk" in response.content.decode()


def test_a_tampered_or_unknown_cookie_is_not_a_kiosk(org_a):
    client = Client()
    client.cookies[settings.PEERWORK_KIOSK_COOKIE] = "forged:value"
    assert client.get(KIOSK).status_code == 403
    assert kiosk_client("never-registered").get(KIOSK).status_code == 403


def test_a_revoked_kiosk_stops_working(org_a):
    device, raw = make_kiosk(org_a)
    kiosk_revoke(device=device)
    assert kiosk_client(raw).get(KIOSK).status_code == 403


def test_only_the_token_hash_is_stored(org_a):
    device, raw = make_kiosk(org_a)
    assert raw not in device.token_hash
    assert KioskDevice.objects.filter(token_hash=device.token_hash).count() == 1


def test_the_kiosk_lists_peers_of_its_site_who_have_a_pin(org_a):
    _device, raw = make_kiosk(org_a)
    make_peer_login(org_a, "Robin")
    make_peer_login(org_a, "Elsewhere", sites=(org_a.other_site,))
    page = kiosk_client(raw).get(KIOSK).content.decode()
    assert "Robin" in page
    assert "Elsewhere" not in page


def test_the_right_pin_signs_the_peer_in_as_a_kiosk_session(org_a):
    device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    page = client.get(_person_url(credential)).content.decode()
    assert 'inputmode="numeric"' in page
    response = client.post(_person_url(credential), {"pin": PIN})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KIOSK] == device.pk
    assert int(client.session["_auth_user_id"]) == credential.user.pk
    event = AuditEvent.objects.get(action="kiosk_sign_in")
    assert event.actor == credential.user and event.organisation == org_a.org


def test_a_wrong_pin_says_so_and_is_audited(org_a):
    _device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    response = client.post(_person_url(credential), {"pin": "1111"})
    assert response.status_code == 200
    assert "PIN is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="kiosk_pin_failed").count() == 1


def test_five_wrong_pins_lock_that_peer_on_that_kiosk_only(org_a):
    _device, raw = make_kiosk(org_a)
    _other_device, other_raw = make_kiosk(org_a, name="Back office")
    credential = make_peer_login(org_a, "Robin")
    neighbour = make_peer_login(org_a, "Kim", pin="9753")
    client = kiosk_client(raw)
    for _ in range(5):
        client.post(_person_url(credential), {"pin": "1111"})
    locked = client.post(_person_url(credential), {"pin": PIN})
    assert locked.status_code == 429
    assert "Too many tries. Try again at" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert kiosk_client(raw).post(_person_url(neighbour), {"pin": "9753"}).status_code == 302
    assert kiosk_client(other_raw).post(_person_url(credential), {"pin": PIN}).status_code == 302


def test_a_scanned_card_leads_to_the_pin_step(org_a):
    _device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    response = client.post(
        reverse("accounts:kiosk_card"), {"card": f"https://x/accounts/kiosk/card/{credential.qr_secret}/"}
    )
    assert response["Location"] == _person_url(credential)
    link = client.get(reverse("accounts:kiosk_card_link", kwargs={"secret": credential.qr_secret}))
    assert link["Location"] == _person_url(credential)
    unknown = client.post(reverse("accounts:kiosk_card"), {"card": "nope"})
    assert "not known here" in unknown.content.decode()


def test_another_organisations_peer_is_not_found_on_this_kiosk(org_a, org_b):
    _device, raw_b = make_kiosk(org_b)
    credential_a = make_peer_login(org_a, "Robin")
    assert kiosk_client(raw_b).get(_person_url(credential_a)).status_code == 404


def test_a_one_time_link_makes_another_browser_the_kiosk(org_a, client_for):
    admin = client_for(org_a.admin)
    response = admin.post(
        reverse("orgadmin:kiosks"), {"name": "Tablet", "site": org_a.site.pk, "where": "link"}
    )
    link = response.context["link"]
    tablet = Client()
    assert "Tablet" in tablet.get(link).content.decode()
    paired = tablet.post(link)
    assert paired["Location"] == KIOSK
    assert tablet.get(KIOSK).status_code == 200
    assert Client().post(link).status_code == 404  # used up


def test_registering_this_browser_sets_the_kiosk_cookie(org_a, client_for):
    admin = client_for(org_a.admin)
    admin.post(reverse("orgadmin:kiosks"), {"name": "Desk", "site": org_a.site.pk, "where": "here"})
    cookie = admin.cookies[settings.PEERWORK_KIOSK_COOKIE]
    assert cookie["httponly"]
    assert int(cookie["max-age"]) > 365 * 24 * 3600
    assert AuditEvent.objects.filter(action="kiosk_registered").exists()


def test_signing_out_of_a_kiosk_session_returns_to_the_kiosk(org_a):
    _device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    client.post(_person_url(credential), {"pin": PIN})
    response = client.post(reverse("accounts:sign_out"))
    assert response["Location"] == KIOSK
    assert "_auth_user_id" not in client.session
