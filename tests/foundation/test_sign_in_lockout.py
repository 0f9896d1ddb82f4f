"""Staff sign-in: 5 failures in 15 minutes lock the account, and separately the address."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

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


def test_five_failures_from_one_address_lock_that_address_for_everyone(client, org_a):
    for n in range(5):
        _try(client, f"nobody{n}", address="192.0.2.7")
    response = _try(client, org_a.evaluator.username, PASSWORD, address="192.0.2.7")
    assert response.status_code == 429
    other_address = _try(client, org_a.evaluator.username, PASSWORD, address="192.0.2.8")
    assert other_address.status_code == 302


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
