from datetime import timedelta
from decimal import Decimal

from peerwork.pathway import hooks

from ..factories import PeerWorkerFactory
from .factories import session_for


def test_individual_sessions_count_fully_and_group_sessions_count_for_each_peer(org_a):
    other = PeerWorkerFactory(organisation=org_a.org)
    session_for([org_a.peer], org_a.supervisor, minutes=60, days_ago=10)
    session_for([org_a.peer, other], org_a.supervisor, minutes=90, days_ago=5)

    today = org_a.org.today()
    assert hooks.supervision_hours(org_a.peer, today) == Decimal("2.50")
    assert hooks.supervision_hours(other, today) == Decimal("1.50")


def test_only_sessions_up_to_the_date_count(org_a):
    session_for([org_a.peer], org_a.supervisor, minutes=60, days_ago=10)
    session_for([org_a.peer], org_a.supervisor, minutes=30, days_ago=2)

    assert hooks.supervision_hours(org_a.peer, org_a.org.today() - timedelta(days=5)) == Decimal("1.00")


def test_another_organisations_sessions_never_count(org_a, org_b):
    session_for([org_b.peer], org_b.supervisor, minutes=60)

    assert hooks.supervision_hours(org_a.peer, org_a.org.today()) == Decimal("0.00")
