"""Standing shifts of a signed contract become the week's shifts with the peer's place already held:
allocation never re-competes them, their hours still count for the peer, and the week grid shows them."""

from __future__ import annotations

from datetime import datetime, timedelta

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
    )
    assert len(made) == 2
    monday = made[0]
    assert monday.status == ShiftStatus.PUBLISHED and monday.slots == 1
    assert monday.starts_at == datetime(2027, 1, 4, 9, tzinfo=org_a.org.zone)
    held = Assignment.objects.get(shift=monday)
    assert held.peer == org_a.peer and held.source == AssignmentSource.CONTRACT
    again = services.standing_shifts_materialise(organisation=org_a.org, week_start=START)
    assert again == [] and Shift.objects.count() == 2


def test_a_draft_or_a_week_outside_the_term_makes_nothing(org_a):
    contract = draft(org_a)
    add_standing(contract)
    assert services.standing_shifts_materialise(organisation=org_a.org, week_start=START) == []
    services.contract_sign(contract=contract)
    before = START - timedelta(days=7)
    assert services.standing_shifts_materialise(organisation=org_a.org, week_start=before) == []


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
    made = services.standing_shifts_materialise(organisation=org_a.org, week_start=START)
    services.contract_end(contract=contract, ended_on=START, reason="moved to a post elsewhere")
    monday, wednesday = sorted(made, key=lambda s: s.starts_at)
    monday.refresh_from_db()
    wednesday.refresh_from_db()
    assert monday.status == ShiftStatus.PUBLISHED
    assert wednesday.status == ShiftStatus.CANCELLED
    assert Assignment.objects.get(shift=wednesday).status == "cancelled"
    assert (
        services.standing_shifts_materialise(organisation=org_a.org, week_start=START + timedelta(days=7))
        == []
    )
