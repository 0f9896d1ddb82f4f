"""On a real week: a paired role's shift goes to a mentor and their new peer who both asked for it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.pathway.mentoring.services import mentorship_end
from peerwork.shifts import services
from peerwork.shifts.models import AllocationDecision, Assignment, SignUp
from tests.pathway.factories import pair, peer_at
from tests.shifts.factories import RoleFactory, ShiftFactory, SignUpFactory


def _week_of(shift, org):
    day = timezone.localtime(shift.starts_at, org.zone).date()
    return day.fromordinal(day.toordinal() - day.weekday())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_pair_is_allocated_together_and_the_review_says_why(org_a, client_for, seed):
    pairing = pair(org_a.org)
    others = [peer_at(org_a.org, name, 2) for name in ("Ola", "Kai")]
    role = RoleFactory(organisation=org_a.org, name="Needle walk", is_paired=True)
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role, slots=2)
    for peer in (others[0], pairing.mentor, others[1], pairing.mentee):
        SignUpFactory(shift=shift, peer=peer)

    run = services.allocation_run(
        organisation=org_a.org, week_start=_week_of(shift, org_a.org), by=org_a.coordinator, seed=seed
    )

    reasons = dict(
        AllocationDecision.objects.filter(run=run).values_list("signup__peer__preferred_name", "reason_code")
    )
    assert reasons["Morgan"] == "paired_with_mentee" and reasons["Nico"] == "paired_with_mentor"
    assert {reasons["Ola"], reasons["Kai"]} <= {"full_draw", "full_equity", "full_rank", "full_new_peers"}
    page = client_for(org_a.coordinator).get(reverse("shifts:run", args=[run.pk])).content.decode()
    assert "Nico: assigned, paired with their mentor." in page  # the review speaks about the peer
    services.allocation_publish(run=run, by=org_a.coordinator)
    held = set(Assignment.objects.filter(shift=shift).values_list("peer__preferred_name", flat=True))
    assert held == {"Morgan", "Nico"}
    told = SignUp.objects.get(shift=shift, peer=pairing.mentee).outcome_reason
    assert told == "Assigned, paired with your mentor. See you there."


def test_an_ended_pairing_gets_no_preference(org_a):
    pairing = pair(org_a.org)
    mentorship_end(mentorship=pairing, by=None)
    role = RoleFactory(organisation=org_a.org, is_paired=True)
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role, slots=2)
    for peer in (pairing.mentor, pairing.mentee):
        SignUpFactory(shift=shift, peer=peer)

    run = services.allocation_run(
        organisation=org_a.org, week_start=_week_of(shift, org_a.org), by=org_a.coordinator, seed=1
    )

    codes = set(AllocationDecision.objects.filter(run=run).values_list("reason_code", flat=True))
    assert codes == {"assigned"}
