"""One kiosk may not guess PINs across many names: after 10 wrong PINs in 10 minutes (any names),
its sign-ins pause, and the PIN page says until when instead of showing the PIN box."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from peerwork.audit.models import AuditEvent

from .factories import PIN, kiosk_client, make_kiosk, make_peer_login
from .test_kiosk_sign_in import _person_url

START = datetime(2026, 12, 4, 19, 0, tzinfo=ZoneInfo("UTC"))  # 14:00 in Toronto


def _names(org, count):
    return [make_peer_login(org, f"Person {n}") for n in range(count)]


def test_ten_wrong_pins_across_names_pause_the_kiosk_with_the_time_to_come_back(org_a):
    _device, raw = make_kiosk(org_a)
    _other_device, other_raw = make_kiosk(org_a, name="Back office")
    people = _names(org_a, 5)
    client = kiosk_client(raw)
    with time_machine.travel(START, tick=False):
        for n in range(10):  # two tries per name: no one reaches the per-person lockout
            response = client.post(_person_url(people[n % 5]), {"pin": "9183"})
            assert response.status_code == 200
        paused = client.post(_person_url(people[0]), {"pin": PIN})
        assert paused.status_code == 429
        page = paused.content.decode()
        assert "paused until 2:10 p.m." in page
        assert 'name="pin"' not in page
        assert "_auth_user_id" not in client.session
        shown = client.get(_person_url(people[3])).content.decode()
        assert "paused until 2:10 p.m." in shown and 'name="pin"' not in shown
        assert AuditEvent.objects.filter(action="kiosk_pin_paused", organisation=org_a.org).exists()
        # Another kiosk of the organisation goes on working.
        assert kiosk_client(other_raw).post(_person_url(people[0]), {"pin": PIN}).status_code == 302
    with time_machine.travel(START + timedelta(minutes=10, seconds=1), tick=False):
        assert client.post(_person_url(people[1]), {"pin": PIN}).status_code == 302


def test_nine_wrong_pins_do_not_pause_the_kiosk(org_a):
    _device, raw = make_kiosk(org_a)
    people = _names(org_a, 3)
    client = kiosk_client(raw)
    for n in range(9):
        client.post(_person_url(people[n % 3]), {"pin": "9183"})
    assert client.post(_person_url(people[0]), {"pin": PIN}).status_code == 302


def test_another_organisations_kiosk_is_not_paused_by_these_failures(org_a, org_b):
    _device, raw = make_kiosk(org_a)
    _device_b, raw_b = make_kiosk(org_b)
    people = _names(org_a, 5)
    robin_b = make_peer_login(org_b, "Robin")
    client = kiosk_client(raw)
    for n in range(10):
        client.post(_person_url(people[n % 5]), {"pin": "9183"})
    assert client.get(_person_url(people[0])).status_code == 200
    assert kiosk_client(raw_b).get(_person_url(people[0])).status_code == 404
    assert kiosk_client(raw_b).post(_person_url(robin_b), {"pin": PIN}).status_code == 302
    assert reverse("accounts:kiosk")
