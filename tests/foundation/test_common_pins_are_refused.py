"""The most common PINs (1234, 0000, 2580…), sequences and repeats are refused wherever a PIN is set,
with a plain reason; a weak PIN set before this rule still signs its peer in (no one is locked out)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from peerwork.accounts.models import PeerCredential
from peerwork.accounts.services import peer_credential_set_pin, peer_login_create, pin_validate
from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_create
from tests.personas import sign_in

from .factories import kiosk_client, make_kiosk
from .test_kiosk_sign_in import _person_url

TOO_EASY = "too easy to guess"
COMMON = [
    "1234", "0000", "1111", "2222", "9999", "1212", "2580", "0852", "1004", "4321", "6969", "2000",
    "1122", "5555", "7777", "123456", "000000", "111111", "654321", "121212", "12345", "98765",
    "3456", "123123", "112233", "7890", "147258", "159753",
]  # fmt: skip


@pytest.mark.parametrize("pin", COMMON)
def test_a_common_pin_is_refused_with_a_plain_reason(pin):
    with pytest.raises(ValidationError) as caught:
        pin_validate(pin)
    assert caught.value.code == "pin_common"
    assert TOO_EASY in caught.value.messages[0]


@pytest.mark.parametrize("pin", ["4817", "90210", "3947", "13579", "246802", "5839", "1357"])
def test_an_ordinary_pin_is_accepted(pin):
    assert pin_validate(pin) == pin


def test_the_service_refuses_to_store_a_common_pin(org_a):
    user = peer_login_create(organisation=org_a.org, display_name="Robin")
    with pytest.raises(ValidationError):
        peer_credential_set_pin(user=user, pin="2580")
    assert PeerCredential.objects.get(user=user).pin_hash == ""


def test_the_coordinators_pin_form_explains_a_common_pin(org_a, org_b, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    response = client_for(org_a.coordinator).post(reverse("peers:pin", args=[robin.pk]), {"pin": "1234"})
    assert response.status_code == 200
    assert TOO_EASY in response.content.decode()
    robin.refresh_from_db()
    assert robin.user is None
    outsider = client_for(org_b.coordinator).post(reverse("peers:pin", args=[robin.pk]), {"pin": "4817"})
    assert outsider.status_code == 404


def test_onboarding_with_a_common_pin_keeps_what_was_typed(org_a, client_for):
    response = client_for(org_a.coordinator).post(
        reverse("peers:onboard"), {"preferred_name": "Robin", "pin": "0000"}
    )
    assert response.status_code == 200
    assert TOO_EASY in response.content.decode()
    assert 'value="Robin"' in response.content.decode()
    assert not PeerWorker.objects.filter(preferred_name="Robin").exists()


def test_the_api_refuses_a_common_pin_in_the_one_error_shape(org_a):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    client = sign_in(Client(), org_a.coordinator)
    set_pin = client.post(
        f"/api/v1/peers/{robin.pk}/pin", data=json.dumps({"pin": "1111"}), content_type="application/json"
    )
    assert set_pin.status_code == 409
    assert TOO_EASY in json.dumps(set_pin.json()["errors"])
    created = client.post(
        "/api/v1/peers/",
        data=json.dumps({"preferred_name": "Kim", "pin": "123456"}),
        content_type="application/json",
    )
    assert created.status_code == 409
    assert TOO_EASY in json.dumps(created.json()["errors"]["pin"])
    assert not PeerWorker.objects.filter(preferred_name="Kim").exists()


def test_a_weak_pin_set_before_the_rule_still_signs_in(org_a):
    _device, raw = make_kiosk(org_a)
    user = peer_login_create(organisation=org_a.org, display_name="Robin")
    credential = PeerCredential.objects.get(user=user)
    PeerCredential.objects.filter(pk=credential.pk).update(pin_hash=make_password("1234"))
    response = kiosk_client(raw).post(_person_url(credential), {"pin": "1234"})
    assert response.status_code == 302
