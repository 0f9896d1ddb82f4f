"""Staff sessions end after 30 minutes idle or 12 hours in all; kiosk sessions sooner."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.accounts.middleware import SESSION_KIOSK, SESSION_LAST_SEEN, SESSION_STARTED

from .factories import make_kiosk


def _age(client, **seconds_ago):
    session = client.session
    now = time.time()
    if "idle" in seconds_ago:
        session[SESSION_LAST_SEEN] = now - seconds_ago["idle"]
    if "started" in seconds_ago:
        session[SESSION_STARTED] = now - seconds_ago["started"]
    session.save()


def test_an_active_session_stays(org_a, client_for):
    client = client_for(org_a.admin)
    client.get(reverse("orgadmin:sites"))
    _age(client, idle=29 * 60)
    assert client.get(reverse("orgadmin:sites")).status_code == 200


def test_thirty_minutes_idle_signs_out_with_a_message(org_a, client_for):
    client = client_for(org_a.admin)
    client.get(reverse("orgadmin:sites"))
    _age(client, idle=31 * 60)
    response = client.get(reverse("orgadmin:sites"))
    assert response["Location"] == reverse("accounts:sign_in")
    page = client.get(response["Location"]).content.decode()
    assert "session ran out" in page
    assert "_auth_user_id" not in client.session


def test_twelve_hours_signs_out_even_when_active(org_a, client_for):
    client = client_for(org_a.admin)
    client.get(reverse("orgadmin:sites"))
    _age(client, idle=10, started=12 * 3600 + 60)
    assert client.get(reverse("orgadmin:sites"))["Location"] == reverse("accounts:sign_in")


def test_kiosk_sessions_end_after_five_idle_minutes_and_return_to_the_kiosk(org_a, client_for):
    client = client_for(org_a.peer_user)
    device, _raw = make_kiosk(org_a)
    session = client.session
    session[SESSION_KIOSK] = device.pk
    session.save()
    client.get(reverse("home"))
    _age(client, idle=6 * 60)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:kiosk")


def test_the_last_request_is_saved_once_a_minute_not_on_every_page(org_a, client_for):
    client = client_for(org_a.admin)
    client.get(reverse("orgadmin:sites"))
    _age(client, idle=10)
    with CaptureQueriesContext(connection) as soon:
        assert client.get(reverse("orgadmin:sites")).status_code == 200
    assert not [q for q in soon.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert time.time() - client.session[SESSION_LAST_SEEN] >= 10  # still the earlier request
    _age(client, idle=61)
    client.get(reverse("orgadmin:sites"))
    assert time.time() - client.session[SESSION_LAST_SEEN] < 5
