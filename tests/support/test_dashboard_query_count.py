"""The dashboard's queries do not grow with the number of peers, sessions and offers."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.support.services import debrief_offers_create

from ..factories import PeerWorkerFactory
from .factories import overdose_response, role_with_duties, session_for, worked_shift


def _add_peers(org, count):  # type: ignore[no-untyped-def]
    role = role_with_duties(org.org)
    for _ in range(count):
        peer = PeerWorkerFactory(organisation=org.org)
        session_for([peer], org.supervisor, days_ago=3, notes="words")
        debrief_offers_create(response=overdose_response(org.org, [peer], hours_ago=80))
        worked_shift(peer, role, org.site, other_work="Cleaning")


def _queries(client):  # type: ignore[no-untyped-def]
    # A first view settles the session (its last-seen time is saved at most once a minute), and the
    # cache is emptied so the measured view weighs the drifting roles again, as after ten minutes.
    assert client.get(reverse("support:dashboard")).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("support:dashboard")).status_code == 200
    return len(captured)


def test_the_dashboard_costs_the_same_for_three_peers_or_twelve(org_a, client_for):
    client = client_for(org_a.supervisor)
    _add_peers(org_a, 3)
    few = _queries(client)
    _add_peers(org_a, 9)
    many = _queries(client)

    assert many == few
