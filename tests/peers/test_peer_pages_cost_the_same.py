"""A peer's page and their My work cost the same queries after 2 shifts and payouts as after 20."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.pay import services as pay
from tests.pay.factories import PayRateFactory, RoleFactory, ShiftFactory, WorkedAssignmentFactory


def _work(org, role, count, start):  # type: ignore[no-untyped-def]
    """``count`` shifts worked by the persona peer, each with its payout, the first one paid."""
    for index in range(start, start + count):
        starts = datetime(2026, 10, 1, 14, 0, tzinfo=UTC) + timedelta(days=index)
        shift = ShiftFactory(organisation=org.org, site=org.site, role=role, starts_at=starts)
        payout = pay.payout_create_for_assignment(
            assignment=WorkedAssignmentFactory(shift=shift, peer=org.peer)
        )
        if index == 0:
            pay.payout_pay(payout=payout, method="transfer", actor=org.coordinator)


def _queries(client, url):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_peer_page_and_my_work_do_not_grow_with_the_shifts_and_payouts(org_a, client_for):
    role = RoleFactory(organisation=org_a.org, name="Outreach")
    PayRateFactory(role=role, amount=Decimal("25.00"))
    staff, peer = client_for(org_a.coordinator), client_for(org_a.peer_user)
    page, mine = reverse("peers:detail", args=[org_a.peer.pk]), reverse("peers:my_work")
    _work(org_a, role, 2, 0)
    staff.get(page)  # warm the sessions
    peer.get(mine)
    few_staff, _ = _queries(staff, page)
    few_mine, _ = _queries(peer, mine)
    _work(org_a, role, 18, 2)
    many_staff, body = _queries(staff, page)
    many_mine, _ = _queries(peer, mine)
    assert org_a.peer.preferred_name in body and "Outreach" in body
    assert (many_staff, many_mine) == (few_staff, few_mine)


# What each page costs for the persona peer, sign-in and organisation queries included. The panels
# share what several of them read (``PeerPage.shared``), so raise these only for a new panel.
PEER_PAGE_QUERIES = 31
MY_WORK_QUERIES = 31


def test_the_peer_page_and_my_work_stay_within_their_query_budget(org_a, client_for):
    staff, peer = client_for(org_a.coordinator), client_for(org_a.peer_user)
    page, mine = reverse("peers:detail", args=[org_a.peer.pk]), reverse("peers:my_work")
    staff.get(page)  # warm the sessions
    peer.get(mine)
    assert _queries(staff, page)[0] <= PEER_PAGE_QUERIES
    assert _queries(peer, mine)[0] <= MY_WORK_QUERIES


def _reads_of(table: str, client, url) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(f'FROM "{table}"' in query["sql"] for query in captured.captured_queries)


def test_the_panels_read_the_peer_s_place_on_the_ladder_once(org_a, client_for):
    """The ladder, the team, the open shifts and the contract panels all ask where the peer stands."""
    staff, peer = client_for(org_a.coordinator), client_for(org_a.peer_user)
    page, mine = reverse("peers:detail", args=[org_a.peer.pk]), reverse("peers:my_work")
    staff.get(page)
    peer.get(mine)
    assert _reads_of("pathway_peerposition", staff, page) == 1
    assert _reads_of("pathway_peerposition", peer, mine) == 1
