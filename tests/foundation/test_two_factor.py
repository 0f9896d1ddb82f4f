"""TOTP is required for org admins, coordinators and supervisors: enrol by QR, verify after password."""

import re

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.accounts.models import SignInAttempt
from peerwork.audit.models import AuditEvent

from ..personas import PASSWORD


def _password(client, user):
    return client.post(reverse("accounts:sign_in"), {"username": user.username, "password": PASSWORD})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_coordinator_without_authenticator_is_sent_to_enrol(org_a):
    client = Client()
    response = _password(client, org_a.coordinator)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))


def test_every_other_page_sends_an_unverified_coordinator_to_enrol(org_a):
    client = Client()
    _password(client, org_a.coordinator)
    response = client.get(reverse("orgadmin:audit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))
    api = client.get("/api/v1/me")
    assert api.status_code == 403


def test_enrol_page_shows_an_inline_svg_qr_code_and_no_script(org_a):
    client = Client()
    _password(client, org_a.supervisor)
    page = client.get(reverse("accounts:two_factor_enrol")).content.decode()
    assert "<svg" in page
    assert "<script>" not in page and "<script >" not in page
    assert re.search(r"[A-Z2-7]{4} [A-Z2-7]{4}", page)


def test_enrolment_confirms_with_a_code_from_the_app(org_a, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would delay the second try
    client = Client()
    _password(client, org_a.supervisor)
    client.get(reverse("accounts:two_factor_enrol"))
    device = TOTPDevice.objects.get(user=org_a.supervisor, confirmed=False)
    wrong = client.post(
        reverse("accounts:two_factor_enrol"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "not right" in wrong.content.decode()
    response = client.post(
        reverse("accounts:two_factor_enrol"), {"token": _code(device), "next": "/org/audit/"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="two_factor_enrolled", actor=org_a.supervisor).exists()
    assert client.get(reverse("home")).status_code in (200, 302)
    assert client.get(reverse("accounts:two_factor_verify")).status_code == 200  # open, but not required


def test_enrolled_person_must_verify_and_cannot_enrol_a_second_device(org_a):
    device = TOTPDevice.objects.create(user=org_a.admin, name="phone", confirmed=True)
    client = Client()
    response = _password(client, org_a.admin)
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("accounts:two_factor_enrol"))["Location"] == reverse(
        "accounts:two_factor_verify"
    )
    assert client.get(reverse("orgadmin:members")).status_code == 302
    response = client.post(
        reverse("accounts:two_factor_verify"), {"token": _code(device), "next": "/org/members/"}
    )
    assert response["Location"] == "/org/members/"
    assert client.get(reverse("orgadmin:members")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor_verified", actor=org_a.admin).exists()


def test_a_backup_code_works_once(org_a):
    TOTPDevice.objects.create(user=org_a.admin, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=org_a.admin, name="backup", confirmed=True)
    StaticToken.objects.create(device=static, token="12345678")
    client = Client()
    _password(client, org_a.admin)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": "1234 5678"}).status_code == 302
    again = Client()
    _password(again, org_a.admin)
    assert again.post(reverse("accounts:two_factor_verify"), {"token": "12345678"}).status_code == 200


def test_five_wrong_codes_pause_the_second_step(org_a):
    device = TOTPDevice.objects.create(user=org_a.admin, name="phone", confirmed=True)
    client = Client()
    _password(client, org_a.admin)
    for _ in range(5):
        client.post(reverse("accounts:two_factor_verify"), {"token": "999999x"})
    assert SignInAttempt.objects.filter(kind="otp").count() == 5
    response = client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()


def test_evaluator_needs_no_second_step(org_a):
    client = Client()
    response = _password(client, org_a.evaluator)
    assert response["Location"] == "/"
    assert client.get(reverse("orgadmin:audit")).status_code == 403  # reached the page check, no 2FA redirect
