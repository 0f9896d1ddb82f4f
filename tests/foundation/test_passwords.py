"""Django's password validators (common passwords, length) and the forced change of a temporary one."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from peerwork.accounts.roles import Role
from peerwork.accounts.services import member_add

from ..personas import PASSWORD


def test_a_common_password_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_password("password1234")
    assert any("too common" in m for m in caught.value.messages)


def test_a_short_password_is_refused():
    with pytest.raises(ValidationError):
        validate_password("Xk3!short")


def test_adding_a_member_with_a_common_password_says_why_on_the_field(org_a):
    with pytest.raises(ValidationError) as caught:
        member_add(
            organisation=org_a.org,
            username="newperson",
            display_name="New Person",
            password="qwertyuiop123",
            role=Role.EVALUATOR,
        )
    assert "password" in caught.value.message_dict


def test_a_temporary_password_must_be_changed_before_anything_else(org_a):
    membership = member_add(
        organisation=org_a.org,
        username="newperson",
        display_name="New Person",
        password=PASSWORD,
        role=Role.EVALUATOR,
    )
    client = Client()
    client.post(reverse("accounts:sign_in"), {"username": "newperson", "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:password_change"))
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "password1234", "new_password2": "password1234"},
    )
    assert weak.status_code == 200 and "too common" in weak.content.decode()
    new = "a-river-runs-through-2026"
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    membership.user.refresh_from_db()
    assert not membership.user.must_change_password
    assert client.get(reverse("home")).status_code in (200, 302)
    assert not client.get(reverse("home")).get("Location", "").startswith(reverse("accounts:password_change"))
