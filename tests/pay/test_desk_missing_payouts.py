"""The desk offers to add the payouts a rate owes for the last month's check-outs, and exactly those:
work no rate pays, and older gaps (corrections, added by hand), are not counted forever. The count
follows the page (htmx), so a month of check-outs never holds up the list of who is owed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.pay import selectors, services
from peerwork.pay.models import Payout
from peerwork.peers.services import peer_create
from tests.pathway.factories import ladder, peer_at

from .factories import PayRateFactory, RoleFactory, ShiftFactory, WorkedAssignmentFactory

pytestmark = pytest.mark.usefixtures("fixed_day")
TODAY = date(2026, 11, 20)


@pytest.fixture
def fixed_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 20, 17, 0, tzinfo=UTC), tick=False):
        yield


def _worked(org, role, days_ago, peer=None):  # type: ignore[no-untyped-def]
    """``peer`` (the persona by default) worked a 4-hour shift of ``role`` ``days_ago`` days ago,
    checked out, and no payout was made (the rate came later)."""
    starts = datetime(2026, 11, 20, 14, 0, tzinfo=UTC) - timedelta(days=days_ago)
    shift = ShiftFactory(organisation=org.org, site=org.site, role=role, starts_at=starts)
    return WorkedAssignmentFactory(shift=shift, peer=peer or org.peer)


def _desk(client, org):  # type: ignore[no-untyped-def]
    return client.get(reverse("pay:desk"), {"site": org.site.pk}).content.decode()


def _missing(client):  # type: ignore[no-untyped-def]
    """The desk's card of work not on it yet, as the desk loads it after the page."""
    return client.get(reverse("pay:payouts_missing"), HTTP_HX_REQUEST="true").content.decode()


def test_the_desk_counts_recent_work_a_rate_pays_and_adds_exactly_that(org_a, org_b, client_for):
    stages = ladder(org_a.org)
    paid = RoleFactory(organisation=org_a.org, name="Outreach")
    PayRateFactory(role=paid, amount=Decimal("25.00"), effective_from=date(2026, 11, 1))
    unpaid = RoleFactory(organisation=org_a.org, name="Volunteer")  # no rate: nothing is owed
    lead_only = RoleFactory(organisation=org_a.org, name="Lead shift")  # a rate for leads only
    PayRateFactory(role=lead_only, stage=stages[-1], amount=Decimal("30.00"), effective_from=date(2026, 1, 1))
    robin, lee = peer_at(org_a.org, "Robin", 1), peer_at(org_a.org, "Lee", len(stages))
    recent = _worked(org_a, paid, 3)
    _worked(org_a, paid, 15, peer=robin)
    _worked(org_a, lead_only, 2, peer=lee)
    _worked(org_a, lead_only, 2, peer=robin)  # not a lead: the rate does not pay Robin
    _worked(org_a, unpaid, 2)
    _worked(org_a, paid, 25)  # before the rate: never owed
    _worked(org_a, lead_only, 40, peer=lee)  # before the month the desk looks back on
    _worked(org_b, RoleFactory(organisation=org_b.org), 2)
    client = client_for(org_a.coordinator)
    assert f'hx-get="{reverse("pay:payouts_missing")}" hx-trigger="load"' in _desk(client, org_a)
    assert "3 check-outs or trainings are not on the desk yet." in _missing(client)
    assert "not on the desk yet" not in _missing(client_for(org_b.coordinator))

    client.post(reverse("pay:payouts_collect"))
    made = Payout.objects.filter(organisation=org_a.org).order_by("earned_on")
    assert [(p.peer.preferred_name, p.description, p.amount) for p in made] == [
        ("Robin", "Outreach 2026-11-05", Decimal("100.00")),
        (org_a.peer.preferred_name, "Outreach 2026-11-17", Decimal("100.00")),
        ("Lee", "Lead shift 2026-11-18", Decimal("120.00")),
    ]
    assert made[1].assignment == recent
    assert "not on the desk yet" not in _missing(client)
    # The older check-out is still the rate's to pay, when someone collects without the desk's month.
    assert len(services.payouts_collect(organisation=org_a.org, until=TODAY)) == 1


def test_the_desk_costs_the_same_queries_for_5_and_60_owed_payouts_and_missing_ones(org_a, client_for):
    role = RoleFactory(organisation=org_a.org, name="Outreach")
    PayRateFactory(role=role, amount=Decimal("25.00"))
    client = client_for(org_a.coordinator)

    def owe(count, start):  # type: ignore[no-untyped-def]
        for index in range(start, start + count):
            peer = peer_create(organisation=org_a.org, preferred_name=f"Peer {index:03d}", sites=[org_a.site])
            services.payout_create_for_assignment(assignment=_worked(org_a, role, 1, peer=peer))
            _worked(org_a, role, 2, peer=peer)  # and one still missing its payout

    owe(5, 0)
    _desk(client, org_a)
    with CaptureQueriesContext(connection) as few:
        page = _desk(client, org_a)
    with CaptureQueriesContext(connection) as few_missing:
        card = _missing(client)
    assert page.count("Peer 0") == 5 and "5 check-outs or trainings are not on the desk yet." in card
    owe(55, 5)
    with CaptureQueriesContext(connection) as many:
        page = _desk(client, org_a)
    with CaptureQueriesContext(connection) as many_missing:
        card = _missing(client)
    # A page of the desk holds the 50 longest-waiting; the rest are a page further.
    assert "60 payouts owed here" in page and "Peer 000" in page and "Peer 049" in page
    assert "Peer 050" not in page and "Page 1 of 2" in page
    assert "60 check-outs or trainings are not on the desk yet." in card
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many_missing.captured_queries) == len(few_missing.captured_queries)
    # The count is two queries of its own, however many check-outs it looks at.
    assert not [q for q in many.captured_queries if "shifts_assignment" in q["sql"]]
    assert len([q for q in many_missing.captured_queries if "COUNT(" in q["sql"]]) == 2


def test_the_missing_payouts_are_those_the_service_would_pay(org_a):
    role = RoleFactory(organisation=org_a.org)
    PayRateFactory(role=role, effective_from=date(2026, 11, 10))
    before, on_the_day = _worked(org_a, role, 11), _worked(org_a, role, 10)
    missing = selectors.assignments_without_payout(org_a.org, TODAY, since=TODAY - timedelta(days=31))
    assert list(missing) == [on_the_day]
    assert services.payout_create_for_assignment(assignment=before) is None


def test_until_is_the_organisation_s_day_not_utc_s(org_a):
    """Toronto's evening of the 18th is UTC's 19th; its small hours of the 19th are still UTC's 19th
    too. Collecting "until the 18th" takes the first and leaves the second."""
    role = RoleFactory(organisation=org_a.org)
    PayRateFactory(role=role, effective_from=date(2026, 11, 1))

    def worked_ending(at):  # type: ignore[no-untyped-def]
        shift = ShiftFactory(
            organisation=org_a.org, site=org_a.site, role=role, starts_at=at - timedelta(hours=4), ends_at=at
        )
        return WorkedAssignmentFactory(shift=shift, peer=org_a.peer)

    late_on_the_18th = worked_ending(datetime(2026, 11, 19, 4, 30, tzinfo=UTC))  # 23:30 EST on the 18th
    early_on_the_19th = worked_ending(datetime(2026, 11, 19, 5, 30, tzinfo=UTC))  # 00:30 EST on the 19th
    until = date(2026, 11, 18)
    assert list(selectors.assignments_without_payout(org_a.org, until)) == [late_on_the_18th]
    made = services.payouts_collect(organisation=org_a.org, until=until)
    assert [payout.assignment for payout in made] == [late_on_the_18th]
    assert list(selectors.assignments_without_payout(org_a.org, TODAY)) == [early_on_the_19th]
