"""The one rule check (``shifts.rules``): eligibility and what the peer already holds, one reason each;
and the day-work draw gives priority to peers who lost earlier draws this week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse

from peerwork.pathway.models import Stage
from peerwork.shifts import allocation as A
from peerwork.shifts import rules, services
from peerwork.shifts.models import Assignment, AssignmentStatus
from tests.factories import PeerWorkerFactory

from .factories import RoleFactory, ShiftFactory

MONDAY = datetime(2030, 3, 11, 9, 0, tzinfo=UTC)


def _at(p, role, days: float, hours: int = 4, slots: int = 2):
    starts = MONDAY + timedelta(days=days)
    return ShiftFactory(
        organisation=p.org,
        site=p.site,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        slots=slots,
    )


def test_overlap_and_rest_with_a_held_shift_are_refused_with_the_other_shift_named(org_a):
    role = RoleFactory(organisation=org_a.org, name="Outreach")
    peer = PeerWorkerFactory(organisation=org_a.org, preferred_name="Dee")
    held = _at(org_a, role, 0)
    Assignment.objects.create(organisation=org_a.org, shift=held, peer=peer)
    overlapping = _at(org_a, role, 0.05)
    too_close = _at(org_a, role, 0.4)
    verdict = rules.may_take(peer, overlapping)
    assert verdict.reason.code == A.OVERLAP
    assert verdict.text("Dee").startswith("Dee already has a shift at that time (Outreach, ")
    assert rules.may_take(peer, too_close).reason.code == A.REST
    assert rules.may_take(peer, _at(org_a, role, 2)).ok
    # Its own place never blocks itself (check-in asks about a shift the peer holds).
    assert rules.may_take(peer, held).ok


def test_stage_reason_is_the_same_wording_for_the_peer_and_about_them(org_a):
    stage = Stage.objects.create(organisation=org_a.org, name="Senior peer", order=9)
    role = RoleFactory(organisation=org_a.org, min_stage=stage)
    peer = PeerWorkerFactory(organisation=org_a.org, preferred_name="Eli")
    verdict = rules.may_take(peer, _at(org_a, role, 1))
    assert verdict.reason.code == "needs_stage"
    assert verdict.text() == f"This role starts at the stage “{stage.name}”; you are not there yet."
    assert (
        verdict.text("Eli") == f"Eli: this role starts at the stage “{stage.name}”; they are not there yet."
    )


def test_the_weeks_earlier_draw_losers_are_drawn_first_and_it_is_shown(org_a, client_for):
    role = RoleFactory(organisation=org_a.org, name="Mailing", is_day_labour=True)
    walkers = [PeerWorkerFactory(organisation=org_a.org, preferred_name=f"Walker {i}") for i in range(4)]
    monday = _at(org_a, role, 0, slots=1)
    for peer in walkers:
        services.signup_create(shift=monday, peer=peer, walk_in=True, now=MONDAY - timedelta(days=1))
    first = services.lottery_draw(shift=monday, by=org_a.coordinator, seed=5)
    losers = first.order[1:]

    tuesday = _at(org_a, role, 1, slots=1)
    for peer in walkers:
        services.signup_create(shift=tuesday, peer=peer, walk_in=True, now=MONDAY - timedelta(days=1))
    second = services.lottery_draw(shift=tuesday, by=org_a.coordinator, seed=5)

    assert set(second.order[:3]) == set(losers)
    assert second.order[3] == first.order[0]
    assert second.priority == {str(peer_id): 1 for peer_id in losers}
    placed = Assignment.objects.get(shift=tuesday, status=AssignmentStatus.ASSIGNED)
    assert placed.peer_id in losers
    page = client_for(org_a.coordinator).get(reverse("shifts:shift", args=[tuesday.pk])).content.decode()
    assert "drawn first: lost 1 earlier draw this week" in page
