"""A peer's own phone: staff make a one-time link, the phone pairs once, the PIN opens it, wrong PINs
lock it like a staff password, and switching it off ends its sessions at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.middleware import SESSION_PHONE
from peerwork.accounts.models import Membership, PeerPhone
from peerwork.accounts.services import peer_phone_link_create, peer_phone_revoke
from peerwork.audit.models import AuditEvent
from tests.personas import sign_in

from .factories import PIN, make_lead, paired_phone, phone_client, signed_in_phone

pytestmark = pytest.mark.django_db


def test_staff_make_a_link_with_a_qr_code_on_the_peers_phone_page(org_a, client_for):
    lead, _user = make_lead(org_a)
    response = client_for(org_a.coordinator).post(reverse("peers:phone", kwargs={"pk": lead.pk}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "/accounts/phone/pair/" in text and "<svg" in text
    phone = PeerPhone.objects.get(user=lead.user)
    assert phone.paired_at is None and phone.pairing_code_hash
    assert AuditEvent.objects.filter(action="phone_link_created").exists()


def test_the_link_pairs_the_phone_once_and_a_second_use_gets_a_clear_message(org_a):
    _lead, user = make_lead(org_a)
    phone, code = peer_phone_link_create(organisation=org_a.org, user=user, by=org_a.coordinator)
    url = reverse("accounts:phone_pair", kwargs={"code": code})
    browser = Client()
    assert "Pair this phone" in browser.get(url).content.decode()
    response = browser.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:phone")
    assert settings.PEERWORK_KIOSK_COOKIE not in response.cookies
    page = browser.get(reverse("accounts:phone"))
    assert page.status_code == 200 and "Hello, Lee" in page.content.decode()

    second = Client().post(url)
    assert second.status_code == 410
    assert "already used" in second.content.decode()
    phone.refresh_from_db()
    assert phone.paired_at is not None


def test_an_expired_link_says_so_and_pairs_nothing(org_a):
    _lead, user = make_lead(org_a)
    phone, code = peer_phone_link_create(
        organisation=org_a.org, user=user, by=org_a.coordinator, lifetime=timedelta(minutes=1)
    )
    url = reverse("accounts:phone_pair", kwargs={"code": code})
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = Client().post(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    phone.refresh_from_db()
    assert phone.paired_at is None


def test_an_unknown_link_is_404_with_words(org_a):
    response = Client().get(reverse("accounts:phone_pair", kwargs={"code": "not-a-code"}))
    assert response.status_code == 404
    assert "not known" in response.content.decode()


def test_a_new_link_replaces_an_unused_one_and_a_paired_phone_must_be_switched_off_first(org_a):
    _lead, user = make_lead(org_a)
    _phone, first = peer_phone_link_create(organisation=org_a.org, user=user, by=org_a.coordinator)
    _again, second = peer_phone_link_create(organisation=org_a.org, user=user, by=org_a.coordinator)
    assert PeerPhone.objects.filter(user=user).count() == 1
    assert Client().get(reverse("accounts:phone_pair", kwargs={"code": first})).status_code == 404
    Client().post(reverse("accounts:phone_pair", kwargs={"code": second}))
    coordinator = sign_in(Client(), org_a.coordinator)
    response = coordinator.post(reverse("peers:phone", kwargs={"pk": user.peer_profile.pk}), follow=True)
    assert "already has a paired phone" in response.content.decode()
    assert PeerPhone.objects.filter(user=user).count() == 1


def test_the_pin_opens_the_phone_with_staff_session_limits(org_a):
    _lead, user = make_lead(org_a)
    phone, client = signed_in_phone(org_a, user)
    assert client.session[SESSION_PHONE] == phone.pk
    assert client.get(reverse("peers:my_work")).status_code == 200
    # Idle longer than a kiosk allows but within the staff limit: still signed in.
    later = timezone.now() + timedelta(seconds=settings.PEERWORK_KIOSK_IDLE_TIMEOUT_SECONDS + 60)
    with time_machine.travel(later):
        assert client.get(reverse("peers:my_work")).status_code == 200
    with time_machine.travel(later + timedelta(seconds=settings.PEERWORK_IDLE_TIMEOUT_SECONDS + 60)):
        response = client.get(reverse("peers:my_work"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:phone")


def test_wrong_pins_pause_the_phone_like_a_staff_lockout(org_a):
    _lead, user = make_lead(org_a)
    _phone, raw = paired_phone(org_a, user)
    client = phone_client(raw)
    for _ in range(settings.PEERWORK_LOCKOUT_ATTEMPTS - 1):
        assert client.post(reverse("accounts:phone"), {"pin": "9999"}).status_code == 200
    locked = client.post(reverse("accounts:phone"), {"pin": "9999"})
    assert locked.status_code == 429
    assert "Too many tries" in locked.content.decode()
    # Even the right PIN waits for the pause to end.
    assert client.post(reverse("accounts:phone"), {"pin": PIN}).status_code == 429
    assert "_auth_user_id" not in client.session
    later = timezone.now() + timedelta(seconds=settings.PEERWORK_LOCKOUT_WINDOW_SECONDS + 1)
    with time_machine.travel(later):
        assert client.post(reverse("accounts:phone"), {"pin": PIN}).status_code == 302


def test_switching_the_phone_off_ends_its_session_at_once(org_a, client_for):
    _lead, user = make_lead(org_a)
    phone, client = signed_in_phone(org_a, user)
    response = client_for(org_a.coordinator).post(reverse("peers:phone_revoke", kwargs={"pk": phone.pk}))
    assert response.status_code == 302
    after = client.get(reverse("peers:my_work"))
    assert after.status_code == 302 and after["Location"] == reverse("accounts:phone")
    assert "_auth_user_id" not in client.session
    # The phone itself is no longer a phone: no PIN page.
    assert client.get(reverse("accounts:phone")).status_code == 403
    assert AuditEvent.objects.filter(action="phone_revoked", object_id=str(phone.pk)).exists()


def test_a_browser_without_a_paired_phone_cookie_gets_no_pin_page(org_a):
    response = Client().get(reverse("accounts:phone"))
    assert response.status_code == 403
    assert "not paired" in response.content.decode()


def test_a_revoked_phones_old_link_says_it_was_switched_off(org_a):
    _lead, user = make_lead(org_a)
    phone, code = peer_phone_link_create(organisation=org_a.org, user=user, by=org_a.coordinator)
    peer_phone_revoke(phone=phone)
    response = Client().get(reverse("accounts:phone_pair", kwargs={"code": code}))
    assert response.status_code == 410 and "switched off" in response.content.decode()


def test_only_staff_who_may_pair_phones_reach_the_phone_pages(org_a, org_b, client_for):
    lead, _user = make_lead(org_a)
    url = reverse("peers:phone", kwargs={"pk": lead.pk})
    assert client_for(org_a.supervisor).get(url).status_code == 403
    assert client_for(org_a.peer_user).get(url).status_code == 403
    assert client_for(org_b.coordinator).get(url).status_code == 404
    assert client_for(org_a.admin).get(url).status_code == 200


def test_a_site_limited_coordinator_sees_only_phones_of_their_sites_peers(org_a, client_for):
    lead, user = make_lead(org_a, name="Harbour Hana")
    lead.sites.add(org_a.other_site)
    phone, _raw = paired_phone(org_a, user)
    membership = Membership.objects.get(user=org_a.coordinator, organisation=org_a.org)
    membership.sites.set([org_a.site])
    client = client_for(org_a.coordinator)
    assert "Harbour Hana" not in client.get(reverse("peers:phones")).content.decode()
    assert client.post(reverse("peers:phone_revoke", kwargs={"pk": phone.pk})).status_code == 404


def test_a_peer_whose_membership_ended_cannot_open_their_phone(org_a):
    _lead, user = make_lead(org_a)
    _phone, raw = paired_phone(org_a, user)
    Membership.objects.filter(user=user).update(is_active=False)
    response = phone_client(raw).post(reverse("accounts:phone"), {"pin": PIN})
    assert response.status_code == 403
