"""The allocation engine gets each peer's headroom from pay: a peer near their limit is not over-allocated."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from peerwork.pay import services
from peerwork.shifts import allocation as A
from peerwork.shifts import services as shift_services
from peerwork.shifts.models import Shift

from ..factories import PeerWorkerFactory
from .factories import EarningsRuleFactory, PayRateFactory, RoleFactory

WEEK = date(2030, 3, 11)  # a Monday well in the future, inside one month


def _week_shift(p, role, day: int) -> Shift:
    starts = datetime(2030, 3, 11 + day, 14, 0, tzinfo=UTC)
    return Shift.objects.create(
        organisation=p.org,
        site=p.site,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        slots=2,
    )


def _sign_up(p, peer, shifts) -> list:
    now = datetime(2030, 3, 1, tzinfo=UTC)
    return [shift_services.signup_create(shift=s, peer=peer, by=p.coordinator, now=now) for s in shifts]


def _allocate(p, peer, shifts, signups=None) -> set[tuple[str, str]]:
    signups = signups if signups is not None else _sign_up(p, peer, shifts)
    run = shift_services.allocation_run(organisation=p.org, week_start=WEEK, by=p.coordinator, seed=7)
    return {(d.outcome, d.reason_code) for d in run.decisions.filter(signup__in=signups)}


def test_a_peer_near_the_limit_is_not_given_a_shift_that_would_pass_it(org_a):
    role = RoleFactory(organisation=org_a.org, is_entry_level=True)
    PayRateFactory(role=role, amount=Decimal("25.00"))  # a 4-hour shift pays $100
    near = PeerWorkerFactory(organisation=org_a.org)
    services.peer_rule_assign(
        peer=near,
        rule=EarningsRuleFactory(organisation=org_a.org),
        starts_on=date(2020, 1, 1),
        actor=org_a.admin,
    )
    # Asked for while there was room; the earnings recorded since leave none by the allocation.
    shift = _week_shift(org_a, role, 1)
    signups = _sign_up(org_a, near, [shift])
    services.payout_create_manual(
        organisation=org_a.org, peer=near, amount="950.00", reason="outreach", earned_on=date(2030, 3, 2)
    )
    [(outcome, reason)] = _allocate(org_a, near, [shift], signups)
    assert (outcome, reason) == ("not_assigned", A.HEADROOM)

    services.over_limit_choice_record(peer=near, chosen_on=date(2030, 3, 5), actor=org_a.coordinator)
    [(outcome, _reason)] = _allocate(org_a, near, [_week_shift(org_a, role, 2)])
    assert outcome == "assigned"


def test_a_benefit_rules_weekly_hours_limit_is_kept(org_a):
    role = RoleFactory(organisation=org_a.org)
    PayRateFactory(role=role, amount=Decimal("1.00"))  # pay is not what limits here
    peer = PeerWorkerFactory(organisation=org_a.org)
    dsp = EarningsRuleFactory(
        organisation=org_a.org,
        period="fortnight",
        exempt_amount=Decimal("10000.00"),
        hours_per_week=Decimal("6"),
    )
    services.peer_rule_assign(peer=peer, rule=dsp, starts_on=date(2020, 1, 1), actor=org_a.admin)
    outcomes = _allocate(org_a, peer, [_week_shift(org_a, role, day) for day in (0, 2)])
    assert outcomes == {("assigned", "assigned"), ("not_assigned", A.WEEKLY_LIMIT)}
