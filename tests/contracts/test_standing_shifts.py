"""Standing shifts of a signed contract become the week's shifts with the peer's place already held:
allocation never re-competes them, their hours still count for the peer, and the week grid shows them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.urls import reverse

from peerwork.shifts import services as shift_services
from peerwork.shifts.contracts import services
from peerwork.shifts.models import Assignment, AssignmentSource, Outcome, Shift, ShiftStatus
from tests.shifts.factories import ShiftFactory, SignUpFactory

from .helpers import START, add_standing, draft, role_for


def _signed(org_a):
    contract = draft(org_a)
    add_standing(contract, weekday=0, start=9, end=13)
    add_standing(contract, weekday=2, start=9, end=13)
    return services.contract_sign(contract=contract, by=org_a.coordinator)


def test_signed_standing_shifts_are_made_into_the_weeks_shifts_once(org_a):
    _signed(org_a)
    made = services.standing_shifts_materialise(
        organisation=org_a.org, week_start=START, by=org_a.coordinator
    ).held
    assert len(made) == 2
    monday = made[0]
    assert monday.status == ShiftStatus.PUBLISHED and monday.slots == 1
    assert monday.starts_at == datetime(2027, 1, 4, 9, tzinfo=org_a.org.zone)
    held = Assignment.objects.get(shift=monday)
    assert held.peer == org_a.peer and held.source == AssignmentSource.CONTRACT
    again = services.standing_shifts_materialise(organisation=org_a.org, week_start=START)
    assert again == services.StandingMade() and Shift.objects.count() == 2


def test_a_draft_or_a_week_outside_the_term_makes_nothing(org_a):
    contract = draft(org_a)
    add_standing(contract)
    assert services.standing_shifts_materialise(organisation=org_a.org, week_start=START).held == []
    services.contract_sign(contract=contract)
    before = START - timedelta(days=7)
    assert services.standing_shifts_materialise(organisation=org_a.org, week_start=before).held == []


def test_allocation_does_not_recompete_standing_shifts_and_counts_their_hours(org_a):
    _signed(org_a)
    services.standing_shifts_materialise(organisation=org_a.org, week_start=START)
    other = role_for(org_a, "Outreach")
    open_shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=other,
        slots=1,
        starts_at=datetime(2027, 1, 4, 11, tzinfo=org_a.org.zone),
        ends_at=datetime(2027, 1, 4, 15, tzinfo=org_a.org.zone),
    )
    signup = SignUpFactory(shift=open_shift, peer=org_a.peer)
    run = shift_services.allocation_run(
        organisation=org_a.org, week_start=START, by=org_a.coordinator, seed=1
    )
    assert list(run.shifts.all()) == [open_shift]
    decision = run.decisions.get(signup=signup)
    assert decision.outcome != Outcome.ASSIGNED  # it overlaps the peer's standing Monday shift


def test_the_week_grid_shows_whose_standing_shift_it_is(org_a, client_for):
    _signed(org_a)
    page = client_for(org_a.coordinator).get(reverse("shifts:week") + f"?week={START:%Y-%m-%d}")
    assert "Standing shift of" not in page.content.decode()
    client_for(org_a.coordinator).post(reverse("shifts:generate"), {"week": START.isoformat()})
    page = client_for(org_a.coordinator).get(reverse("shifts:week") + f"?week={START:%Y-%m-%d}")
    html = page.content.decode()
    assert f"Standing shift of {org_a.peer}" in html
    assert html.count("Standing shift of") == 2


def test_ending_a_contract_cancels_its_standing_shifts_after_the_last_day(org_a):
    contract = _signed(org_a)
    made = services.standing_shifts_materialise(organisation=org_a.org, week_start=START).held
    services.contract_end(contract=contract, ended_on=START, reason="moved to a post elsewhere")
    monday, wednesday = sorted(made, key=lambda s: s.starts_at)
    monday.refresh_from_db()
    wednesday.refresh_from_db()
    assert monday.status == ShiftStatus.PUBLISHED
    assert wednesday.status == ShiftStatus.CANCELLED
    assert Assignment.objects.get(shift=wednesday).status == "cancelled"
    assert (
        services.standing_shifts_materialise(
            organisation=org_a.org, week_start=START + timedelta(days=7)
        ).held
        == []
    )


def _held_elsewhere(org_a, day_hour=(2027, 1, 4, 8)):  # type: ignore[no-untyped-def]
    """A place the peer already holds, overlapping Monday's standing shift (09:00-13:00)."""
    starts = datetime(*day_hour, tzinfo=org_a.org.zone)
    other = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=role_for(org_a, "Outreach"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        status=ShiftStatus.PUBLISHED,
    )
    Assignment.objects.create(organisation=org_a.org, shift=other, peer=org_a.peer)
    return other


def test_a_standing_shift_the_rules_refuse_is_not_made_and_says_why(org_a):
    _signed(org_a)
    _held_elsewhere(org_a)
    made = services.standing_shifts_materialise(
        organisation=org_a.org, week_start=START, by=org_a.coordinator
    )
    assert [s.starts_at.weekday() for s in made.held] == [2]  # Wednesday only
    [refused] = made.not_held
    assert refused.day == START and refused.standing.contract.peer == org_a.peer
    assert "already has a shift at that time (Outreach, Mon 04 Jan 08:00)" in refused.reason
    assert not Shift.objects.filter(standing_shift=refused.standing).exists()
    # Once the clash is gone, generating the week again makes it, with the place held.
    Assignment.objects.filter(shift__role__name="Outreach").delete()
    again = services.standing_shifts_materialise(organisation=org_a.org, week_start=START)
    assert [s.starts_at.weekday() for s in again.held] == [0] and again.not_held == []


def test_the_week_page_tells_the_coordinator_which_standing_shift_was_not_made(org_a, org_b, client_for):
    _signed(org_a)
    _held_elsewhere(org_a)
    page = client_for(org_a.coordinator).post(
        reverse("shifts:generate"), {"week": START.isoformat()}, follow=True
    )
    html = page.content.decode()
    assert f"The standing shift of {org_a.peer.preferred_name} on" in html
    assert "was not made:" in html
    assert "1 standing shift of a contract added, its place already held." in html
    # Another organisation's coordinator generating the same week makes none of A's.
    client_for(org_b.coordinator).post(reverse("shifts:generate"), {"week": START.isoformat()})
    assert not Shift.objects.filter(organisation=org_b.org, standing_shift__isnull=False).exists()


def test_the_earnings_limit_refuses_an_hourly_standing_shift_but_not_a_salaried_one(org_a):
    from peerwork.pay import services as pay_services
    from tests.pay.factories import EarningsRuleFactory

    rule = EarningsRuleFactory(organisation=org_a.org, exempt_amount=Decimal("50.00"))
    pay_services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2026, 1, 1), actor=None)
    hourly = draft(org_a, hourly_rate=Decimal("20.00"), ends_on=START + timedelta(days=6))
    add_standing(hourly, weekday=0, start=9, end=13)  # 4 h at CA$20: CA$80, past a CA$50 limit
    services.contract_sign(contract=hourly)
    made = services.standing_shifts_materialise(organisation=org_a.org, week_start=START)
    assert made.held == [] and len(made.not_held) == 1
    assert "limit" in made.not_held[0].reason
    next_week = START + timedelta(days=7)
    salaried = draft(
        org_a,
        starts_on=next_week,
        pay_basis="salary",
        hourly_rate=None,
        salary=Decimal("2000.00"),
        salary_period="month",
    )
    add_standing(salaried, weekday=0, start=9, end=13)
    services.contract_sign(contract=salaried)
    made = services.standing_shifts_materialise(organisation=org_a.org, week_start=next_week)
    assert len(made.held) == 1 and made.not_held == []  # the salary run holds a salary past the limit
