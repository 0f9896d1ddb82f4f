"""Behind the reverse proxy docs/deploy.md prescribes, each person is counted by their own address."""

from django.test import RequestFactory
from django.urls import reverse

from peerwork.accounts.models import SignInAttempt
from peerwork.audit.models import AuditEvent
from peerwork.audit.services import client_address

URL = reverse("accounts:sign_in")
PROXY = "10.1.2.3"


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.PEERWORK_TRUSTED_PROXIES = []
    assert client_address(_request(PROXY, "198.51.100.9")) == PROXY


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(settings):
    settings.PEERWORK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request(PROXY, "198.51.100.9")) == "198.51.100.9"
    # A client may send its own header: only what the trusted proxies appended counts.
    assert client_address(_request(PROXY, "203.0.113.66, 198.51.100.9, 10.9.9.9")) == "198.51.100.9"
    assert client_address(_request(PROXY)) == PROXY
    assert client_address(_request(PROXY, "not-an-address")) == PROXY


def test_an_untrusted_sender_cannot_choose_its_address_with_the_header(settings):
    settings.PEERWORK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("198.51.100.9", "10.0.0.5, 203.0.113.1")) == "198.51.100.9"


def test_two_clients_behind_a_trusted_proxy_are_counted_separately(client, settings, org_a):
    settings.PEERWORK_TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        client.post(
            URL,
            {"username": f"nobody{n}", "password": "wrong-password"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    assert set(SignInAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}
    assert set(AuditEvent.objects.filter(action="sign_in_failed").values_list("ip_address", flat=True)) == {
        "198.51.100.9"
    }
    other_person = client.post(
        URL,
        {"username": org_a.evaluator.username, "password": "correct-horse-battery-staple"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.10",
    )
    assert other_person.status_code == 302


def test_a_spoofed_header_from_an_untrusted_address_is_counted_against_the_sender(client, settings, org_a):
    settings.PEERWORK_TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        client.post(
            URL,
            {"username": f"nobody{n}", "password": "wrong-password"},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert set(SignInAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
