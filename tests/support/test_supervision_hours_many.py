"""The bulk supervision-hours hook gives the same figures as the one-peer hook, in one query."""

from __future__ import annotations

import pytest

from peerwork.pathway import hooks
from tests.factories import PeerWorkerFactory

from .factories import session_for

pytestmark = pytest.mark.django_db


def test_bulk_hours_equal_one_by_one_and_take_one_query(org_a, django_assert_num_queries):
    today = org_a.org.today()
    others = PeerWorkerFactory.create_batch(3, organisation=org_a.org)
    session_for([org_a.peer], org_a.supervisor, minutes=90, days_ago=3)
    session_for([org_a.peer, others[0]], org_a.supervisor, minutes=60, days_ago=1)
    session_for([others[1]], org_a.supervisor, minutes=45, days_ago=-2)  # not held yet
    peers = [org_a.peer, *others]
    with django_assert_num_queries(1):
        bulk = hooks.supervision_hours_many(org_a.org, peers, today)
    assert bulk == {peer.pk: hooks.supervision_hours(peer, today) for peer in peers}
    assert str(bulk[org_a.peer.pk]) == "2.50" and str(bulk[others[1].pk]) == "0.00"
