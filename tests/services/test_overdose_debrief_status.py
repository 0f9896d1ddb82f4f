"""Overdose responses show each responder's debrief (offered, held, declined, overdue) and who follows up."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.support.models import DebriefOffer, DebriefStatus
from peerwork.support.services import debrief_offers_create
from tests.factories import PeerWorkerFactory
from tests.support.factories import overdose_response

ROW = re.compile(
    r'<span class="responder">([^<]+)</span>\s*<span class="badge debrief-(\w+)[^"]*">[^<]+</span>\s*'
    r'<span class="muted">follow-up: ([^<]+)</span>'
)


def _respond(org, names, *, hours_ago):  # type: ignore[no-untyped-def]
    peers = [PeerWorkerFactory(organisation=org.org, preferred_name=name) for name in names]
    response = overdose_response(org.org, peers, hours_ago=hours_ago)
    debrief_offers_create(response=response)
    DebriefOffer.objects.filter(response=response).update(supervisor=org.supervisor)
    return response, peers


def _set(response, peer, status):  # type: ignore[no-untyped-def]
    DebriefOffer.objects.filter(response=response, peer=peer).update(
        status=status, outcome_on=response.organisation.today()
    )


def test_the_coordinator_sees_each_responders_debrief_and_who_follows_up(org_a, client_for):
    old, (held, declined, late) = _respond(org_a, ["Ash", "Bo", "Cy"], hours_ago=80)
    _set(old, held, DebriefStatus.HELD_GROUP)
    _set(old, declined, DebriefStatus.DECLINED)
    _set(old, late, DebriefStatus.NOT_REACHED)  # not held or declined within 72 h: overdue
    _recent, _ = _respond(org_a, ["Dee"], hours_ago=5)

    page = client_for(org_a.coordinator).get(reverse("services:overdoses")).content.decode()
    rows = {name: (state, who) for name, state, who in ROW.findall(page)}
    supervisor = str(org_a.supervisor)
    assert rows == {
        "Ash": ("held", supervisor),
        "Bo": ("declined", supervisor),
        "Cy": ("overdue", supervisor),
        "Dee": ("offered", supervisor),
    }
    assert "Debrief overdue" in page and "Debrief held" in page


def test_the_list_makes_the_same_number_of_queries_for_1_and_6_responses(org_a, client_for):
    client = client_for(org_a.coordinator)
    url = reverse("services:overdoses")
    _respond(org_a, ["P0", "P1"], hours_ago=2)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(5):
        _respond(org_a, [f"Q{index}a", f"Q{index}b", f"Q{index}c"], hours_ago=3 + index)
    with CaptureQueriesContext(connection) as six:
        page = client.get(url).content.decode()
    assert len(six.captured_queries) == len(one.captured_queries)
    assert page.count("debrief-offered") == 17


def test_another_organisation_sees_none_of_the_debriefs(org_a, org_b, client_for):
    _respond(org_a, ["Ash"], hours_ago=5)
    page = client_for(org_b.coordinator).get(reverse("services:overdoses")).content.decode()
    assert "Ash" not in page and "debrief-" not in page
    assert client_for(org_a.peer_user).get(reverse("services:overdoses")).status_code == 403
