"""Wrong PINs on a kiosk: the fourth says one try is left before the pause (its real length); the
fifth replaces the PIN box with the time to come back, in the organisation's local time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings

from .factories import PIN, kiosk_client, make_kiosk, make_peer_login
from .test_kiosk_sign_in import _person_url

START = datetime(2026, 12, 4, 15, 30, tzinfo=ZoneInfo("UTC"))  # 10:30 in Toronto


def test_the_fourth_wrong_pin_warns_and_the_fifth_pauses_with_the_time_to_come_back(org_a):
    _device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            page = client.post(_person_url(credential), {"pin": "1111"}).content.decode()
            assert "PIN is not right" in page and "One try left" not in page
        fourth = client.post(_person_url(credential), {"pin": "1111"}).content.decode()
        assert "Wrong PIN. One try left before a 15-minute pause." in fourth
        assert 'name="pin"' in fourth
        fifth = client.post(_person_url(credential), {"pin": "1111"}).content.decode()
        assert "Too many tries. Try again at 10:45 a.m." in fifth
        assert 'name="pin"' not in fifth
        shown = client.get(_person_url(credential)).content.decode()
        assert "Try again at 10:45 a.m." in shown and 'name="pin"' not in shown
        assert client.post(_person_url(credential), {"pin": PIN}).status_code == 429
    with time_machine.travel(START + timedelta(minutes=15, seconds=1), tick=False):
        assert client.post(_person_url(credential), {"pin": PIN}).status_code == 302


@override_settings(PEERWORK_LOCKOUT_WINDOW_SECONDS=30 * 60)
def test_the_warning_names_the_real_pause_length(org_a):
    _device, raw = make_kiosk(org_a)
    credential = make_peer_login(org_a, "Robin")
    client = kiosk_client(raw)
    for _ in range(3):
        client.post(_person_url(credential), {"pin": "1111"})
    fourth = client.post(_person_url(credential), {"pin": "1111"}).content.decode()
    assert "One try left before a 30-minute pause." in fourth


def test_another_organisations_peer_is_not_found_on_this_kiosks_pin_page(org_a, org_b):
    _device, raw = make_kiosk(org_a)
    other = make_peer_login(org_b, "Sam")
    assert kiosk_client(raw).post(_person_url(other), {"pin": "1111"}).status_code == 404
