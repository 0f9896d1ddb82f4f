"""No path gives a peer work the allocation would have refused, without the peer's recorded choice.

The one rule check (``shifts.rules.may_take``) is asked by sign-up, the day-work draw, waitlist
offers, hand edits on a run and check-in; its reasons name the benefit rule in its own period.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.pay import services
from peerwork.shifts import allocation as A
from peerwork.shifts import rules
from peerwork.shifts import services as shift_services
from peerwork.shifts.models import Assignment, AssignmentStatus, Outcome, Shift, SignUp

from ..factories import PeerWorkerFactory
from .factories import EarningsRuleFactory, PayRateFactory, RoleFactory

BEFORE = datetime(2030, 3, 1, tzinfo=UTC)  # sign-ups are made before the week


def _shift(p, role, day: int, *, slots: int = 2, hour: int = 14) -> Shift:
    starts = datetime(2030, 3, 11 + day, hour, 0, tzinfo=UTC)  # the week of Monday 11 March 2030
    return Shift.objects.create(
        organisation=p.org,
        site=p.site,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        slots=slots,
    )


def _on_odsp(p, name: str = "Bea", earned: str = "950.00"):
    """A peer on ODSP ($1,000 a month) who has already earned ``earned`` this month."""
    peer = PeerWorkerFactory(organisation=p.org, preferred_name=name)
    odsp = EarningsRuleFactory(organisation=p.org, short_name="ODSP")
    services.peer_rule_assign(peer=peer, rule=odsp, starts_on=date(2020, 1, 1), actor=p.admin)
    if earned:
        _earn(p, peer, earned)
    return peer


def _earn(p, peer, amount: str) -> None:
    services.payout_create_manual(
        organisation=p.org, peer=peer, amount=amount, reason="outreach", earned_on=date(2030, 3, 2)
    )


@pytest.fixture
def role(org_a):
    role = RoleFactory(organisation=org_a.org)
    PayRateFactory(role=role, amount=Decimal("25.00"))  # a 4-hour shift pays $100
    return role


def test_the_rule_check_says_why_in_the_rules_own_period(org_a, role):
    bea = _on_odsp(org_a)
    verdict = rules.may_take(bea, _shift(org_a, role, 1))
    assert not verdict.ok
    assert verdict.reason.code == A.HEADROOM
    assert verdict.text() == "This shift would take your earnings past your ODSP limit this month."
    assert (
        verdict.text("Bea") == "Bea: this shift would take their earnings past their ODSP limit this month."
    )
    assert "week" not in verdict.text()

    dsp = EarningsRuleFactory(
        organisation=org_a.org, short_name="DSP", period="fortnight", exempt_amount=Decimal("50")
    )
    cal = PeerWorkerFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=cal, rule=dsp, starts_on=date(2020, 1, 1), actor=org_a.admin)
    assert rules.may_take(cal, _shift(org_a, role, 2)).text() == (
        "This shift would take your earnings past your DSP limit this fortnight."
    )


def test_a_peer_with_room_may_take_the_shift(org_a, role):
    assert rules.may_take(_on_odsp(org_a, earned=""), _shift(org_a, role, 1)).ok


def test_only_a_recorded_choice_for_that_period_lifts_the_limit(org_a, role):
    bea = _on_odsp(org_a)
    shift = _shift(org_a, role, 1)
    # A choice that ended before this week does not count.
    services.over_limit_choice_record(
        peer=bea,
        chosen_on=date(2030, 1, 5),
        until=date(2030, 1, 31),
        note="January only",
        actor=org_a.coordinator,
    )
    assert not rules.may_take(bea, shift).ok
    services.over_limit_choice_record(
        peer=bea,
        chosen_on=date(2030, 3, 5),
        until=date(2030, 3, 31),
        note="I want the hours",
        actor=org_a.coordinator,
    )
    assert rules.may_take(bea, shift).ok


def test_sign_up_refuses_what_the_allocation_refuses(org_a, role):
    bea = _on_odsp(org_a)
    with pytest.raises(
        ValidationError, match="Bea: this shift would take their earnings past their ODSP limit"
    ):
        shift_services.signup_create(shift=_shift(org_a, role, 1), peer=bea, by=org_a.coordinator, now=BEFORE)


def test_the_draw_lists_a_walk_in_past_their_limit_and_skips_them(org_a, client_for):
    day_work = RoleFactory(organisation=org_a.org, name="Mailing", is_day_labour=True)
    PayRateFactory(role=day_work, amount=Decimal("25.00"))
    shift = _shift(org_a, day_work, 1, slots=3)
    bea = _on_odsp(org_a, earned="")
    others = [PeerWorkerFactory(organisation=org_a.org) for _ in range(2)]
    for peer in [bea, *others]:
        shift_services.signup_create(shift=shift, peer=peer, by=org_a.coordinator, now=BEFORE, walk_in=True)
    _earn(org_a, bea, "950.00")  # earned since she put her name down

    draw = shift_services.lottery_draw(shift=shift, by=org_a.coordinator, seed=1)

    assert sorted(draw.order) == sorted(p.pk for p in others)
    assert draw.skipped == [
        {"peer": bea.pk, "code": A.HEADROOM, "params": {"rule": "ODSP", "period": "month"}}
    ]
    assert not Assignment.objects.filter(shift=shift, peer=bea).exists()
    page = client_for(org_a.coordinator).get(reverse("shifts:shift", args=[shift.pk])).content.decode()
    assert "Not in the draw" in page
    assert "Bea: this shift would take their earnings past their ODSP limit this month." in page


def test_a_freed_place_skips_a_waiting_peer_past_their_limit(org_a, role):
    shift = _shift(org_a, role, 1, slots=1)
    holder = Assignment.objects.create(
        organisation=org_a.org, shift=shift, peer=PeerWorkerFactory(organisation=org_a.org)
    )
    bea = _on_odsp(org_a, earned="")
    next_in_line = PeerWorkerFactory(organisation=org_a.org)
    for position, peer in enumerate([bea, next_in_line], start=1):
        SignUp.objects.create(organisation=org_a.org, shift=shift, peer=peer, waitlist_position=position)
    _earn(org_a, bea, "950.00")

    shift_services.assignment_cancel(assignment=holder, by=org_a.coordinator)

    placed = Assignment.objects.filter(shift=shift, status=AssignmentStatus.ASSIGNED)
    assert list(placed.values_list("peer_id", flat=True)) == [next_in_line.pk]


def test_a_hand_edit_cannot_assign_what_the_rules_refuse(org_a, role):
    dsp = EarningsRuleFactory(
        organisation=org_a.org,
        short_name="DSP",
        period="fortnight",
        exempt_amount=Decimal("10000"),
        hours_per_week=Decimal("6"),
    )
    cal = PeerWorkerFactory(organisation=org_a.org, preferred_name="Cal")
    services.peer_rule_assign(peer=cal, rule=dsp, starts_on=date(2020, 1, 1), actor=org_a.admin)
    for day in (0, 2):
        shift_services.signup_create(
            shift=_shift(org_a, role, day), peer=cal, by=org_a.coordinator, now=BEFORE
        )
    run = shift_services.allocation_run(
        organisation=org_a.org, week_start=date(2030, 3, 11), by=org_a.coordinator, seed=3
    )
    refused = run.decisions.get(outcome=Outcome.NOT_ASSIGNED)
    assert refused.reason_code == A.WEEKLY_LIMIT

    with pytest.raises(
        ValidationError, match="Cal: this shift would take them past the limit of 6 hours a week"
    ):
        shift_services.allocation_edit(
            decision=refused, to_outcome=Outcome.ASSIGNED, note="asked", by=org_a.coordinator
        )
    refused.refresh_from_db()
    assert refused.outcome == Outcome.NOT_ASSIGNED


def test_check_in_refuses_past_the_limit_unless_the_peer_chose_it(org_a, role):
    shift = _shift(org_a, role, 1)
    bea = _on_odsp(org_a, earned="")
    assignment = Assignment.objects.create(organisation=org_a.org, shift=shift, peer=bea)
    _earn(org_a, bea, "950.00")
    with pytest.raises(ValidationError, match="past your ODSP limit this month"):
        shift_services.assignment_check_in(
            assignment=assignment, site=org_a.site, channel="kiosk", by=None, now=shift.starts_at
        )

    services.over_limit_choice_record(
        peer=bea, chosen_on=date(2030, 3, 12), note="my choice", actor=org_a.coordinator
    )
    checked = shift_services.assignment_check_in(
        assignment=assignment, site=org_a.site, channel="kiosk", by=None, now=shift.starts_at
    )
    assert checked.status == AssignmentStatus.CHECKED_IN


def test_the_draw_refuses_no_more_than_the_allocation(org_a, role):
    """The same peer and shift: the allocation's reason and the rule check's reason agree."""
    bea = _on_odsp(org_a, earned="")
    shift = _shift(org_a, role, 1)
    [signup] = [shift_services.signup_create(shift=shift, peer=bea, by=org_a.coordinator, now=BEFORE)]
    _earn(org_a, bea, "950.00")
    run = shift_services.allocation_run(
        organisation=org_a.org, week_start=date(2030, 3, 11), by=org_a.coordinator, seed=3
    )
    decision = run.decisions.get(signup=signup)
    verdict = rules.may_take(bea, shift)
    assert (decision.reason_code, decision.reason_params) == (verdict.reason.code, verdict.reason.params)
