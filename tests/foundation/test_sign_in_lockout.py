"""Staff sign-in: 5 failures in 15 minutes lock the account; 5 from one address throttle that address
for 5 minutes, except for a right password of an account with a second factor (its own lockout guards it)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.accounts.models import SignInAttempt
from peerwork.audit.models import AuditEvent

from ..personas import PASSWORD

URL = reverse("accounts:sign_in")


def _try(client, username, password="wrong-password", address="10.0.0.1"):  # noqa: S107
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_right_password_signs_in_and_is_audited(client, org_a):
    response = _try(client, org_a.evaluator.username, PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="sign_in")
    assert event.actor == org_a.evaluator
    assert event.organisation == org_a.org


def test_wrong_password_says_so_plainly_and_is_audited(client, org_a):
    response = _try(client, org_a.evaluator.username)
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    event = AuditEvent.objects.get(action="sign_in_failed")
    assert event.actor_label == org_a.evaluator.username
    assert event.organisation == org_a.org


def test_five_failures_lock_the_account_even_with_the_right_password(client, org_a):
    for n in range(5):
        _try(client, org_a.evaluator.username, address=f"10.0.0.{n + 1}")
    response = _try(client, org_a.evaluator.username, PASSWORD, address="10.0.0.99")
    assert response.status_code == 429
    assert "paused for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in_locked_out").count() == 1


def test_five_failures_from_one_address_throttle_that_address_with_a_time_to_come_back(client, org_a):
    for n in range(5):
        _try(client, f"nobody{n}", address="192.0.2.7")
    response = _try(client, org_a.evaluator.username, PASSWORD, address="192.0.2.7")
    assert response.status_code == 429
    page = response.content.decode()
    assert "from this network" in page and "5 minutes" in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in_throttled").count() == 1
    other_address = _try(client, org_a.evaluator.username, PASSWORD, address="192.0.2.8")
    assert other_address.status_code == 302


def test_the_address_throttle_lifts_after_five_minutes(client, org_a):
    for n in range(5):
        _try(client, f"nobody{n}", address="192.0.2.7")
    SignInAttempt.objects.update(at=timezone.now() - timedelta(minutes=6))
    assert _try(client, org_a.evaluator.username, PASSWORD, address="192.0.2.7").status_code == 302


def test_made_up_names_from_one_address_do_not_lock_out_staff_who_sign_in_with_two_factor(client, org_a):
    device = TOTPDevice.objects.create(user=org_a.admin, name="phone", confirmed=True)
    for n in range(5):
        _try(client, f"nobody{n}", address="192.0.2.7")
    password = _try(client, org_a.admin.username, PASSWORD, address="192.0.2.7")
    assert password.status_code == 302
    assert password["Location"].startswith(reverse("accounts:two_factor_verify"))
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    verified = client.post(reverse("accounts:two_factor_verify"), {"token": code}, REMOTE_ADDR="192.0.2.7")
    assert verified.status_code == 302
    assert client.get(reverse("orgadmin:audit"), REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_throttled_address_still_counts_wrong_passwords_against_the_account(client, org_a):
    TOTPDevice.objects.create(user=org_a.admin, name="phone", confirmed=True)
    for n in range(5):
        _try(client, f"nobody{n}", address="192.0.2.7")
    for _ in range(5):
        assert _try(client, org_a.admin.username, address="192.0.2.7").status_code == 429
    locked = _try(client, org_a.admin.username, PASSWORD, address="192.0.2.7")
    assert locked.status_code == 429 and "paused for 15 minutes" in locked.content.decode()


def test_a_password_alone_cannot_enrol_a_second_factor_from_a_throttled_address(client, org_a):
    for n in range(5):
        _try(client, f"nobody{n}", address="192.0.2.7")
    response = _try(client, org_a.coordinator.username, PASSWORD, address="192.0.2.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, org_a):
    for _ in range(4):
        _try(client, org_a.evaluator.username)
    assert _try(client, org_a.evaluator.username, PASSWORD).status_code == 302


def test_failures_older_than_the_window_do_not_count(client, org_a):
    for _ in range(5):
        _try(client, org_a.evaluator.username)
    SignInAttempt.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert _try(client, org_a.evaluator.username, PASSWORD).status_code == 302


def test_typed_username_is_kept_after_a_failure(client, org_a):
    response = _try(client, org_a.evaluator.username)
    assert f'value="{org_a.evaluator.username}"' in response.content.decode()


def test_an_authenticator_on_a_role_that_never_asks_for_it_does_not_pass_a_throttled_address(client, org_a):
    TOTPDevice.objects.create(user=org_a.evaluator, name="phone", confirmed=True)
    for n in range(5):
        _try(client, f"nobody{n}", address="192.0.2.7")
    assert _try(client, org_a.evaluator.username, PASSWORD, address="192.0.2.7").status_code == 429
