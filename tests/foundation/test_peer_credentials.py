"""Peers' sign-ins: no password, no e-mail; a hashed 4–6 digit PIN and a QR card secret."""

import pytest
from django.core.exceptions import ValidationError

from peerwork.accounts.models import Membership, PeerCredential
from peerwork.accounts.roles import Role
from peerwork.accounts.services import (
    peer_credential_issue_card,
    peer_credential_set_pin,
    peer_login_create,
)


def test_peer_login_create_makes_a_user_without_password_or_email(org_a):
    user = peer_login_create(organisation=org_a.org, display_name="Robin")
    assert not user.has_usable_password()
    assert user.email == ""
    assert str(user) == "Robin"
    assert Membership.objects.get(user=user).role == Role.PEER
    assert PeerCredential.objects.get(user=user).qr_secret


@pytest.mark.parametrize("pin", ["", "123", "1234567", "12a4", "abcd"])
def test_a_pin_must_be_four_to_six_digits(org_a, pin):
    user = peer_login_create(organisation=org_a.org, display_name="Robin")
    with pytest.raises(ValidationError) as caught:
        peer_credential_set_pin(user=user, pin=pin)
    assert "4 to 6 digits" in caught.value.messages[0]


@pytest.mark.parametrize("pin", ["4817", "13579", "246802"])
def test_a_pin_is_stored_hashed(org_a, pin):
    user = peer_login_create(organisation=org_a.org, display_name="Robin")
    credential = peer_credential_set_pin(user=user, pin=pin)
    assert pin not in credential.pin_hash
    assert credential.check_pin(pin)
    assert not credential.check_pin("0000")


def test_a_new_card_replaces_the_old_one(org_a):
    user = peer_login_create(organisation=org_a.org, display_name="Robin")
    old = PeerCredential.objects.get(user=user).qr_secret
    credential = peer_credential_issue_card(user=user)
    assert credential.qr_secret != old


def test_a_card_secret_already_in_use_is_refused(org_a):
    first = peer_login_create(organisation=org_a.org, display_name="Robin")
    second = peer_login_create(organisation=org_a.org, display_name="Kim")
    taken = PeerCredential.objects.get(user=first).qr_secret
    with pytest.raises(ValidationError):
        peer_credential_issue_card(user=second, secret=taken)


def test_only_a_peer_can_get_a_pin(org_a):
    with pytest.raises(ValidationError):
        peer_credential_set_pin(user=org_a.coordinator, pin="4817")


def test_another_organisation_cannot_set_the_pin(org_a, org_b):
    user = peer_login_create(organisation=org_a.org, display_name="Robin")
    with pytest.raises(ValidationError):
        peer_credential_set_pin(user=user, pin="4817", organisation=org_b.org)
