"""Each signal says why; supervisors only; a signal changes nothing else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.pay import services as pay_services
from peerwork.support.models import DebriefStatus, SupervisionSchedule
from peerwork.support.selectors.signals import strain_signals
from peerwork.support.services import debrief_offers_create

from ..pay.factories import EarningsRuleFactory
from .factories import (
    StageFactory,
    overdose_response,
    place_peer,
    role_with_duties,
    session_for,
    worked_shift,
)


def _signals(org):  # type: ignore[no-untyped-def]
    return [(s.peer, s.kind, s.reason) for s in strain_signals(org.org, org.org.today(), timezone.now())]


def test_two_overdose_responses_in_seven_days(org_a):
    overdose_response(org_a.org, [org_a.peer], hours_ago=30)
    overdose_response(org_a.org, [org_a.peer], hours_ago=100)

    assert (org_a.peer, "overdoses", "Responded to 2 overdoses in the last 7 days.") in _signals(org_a)


def test_one_response_is_not_a_signal(org_a):
    overdose_response(org_a.org, [org_a.peer], hours_ago=30)
    overdose_response(org_a.org, [org_a.peer], hours_ago=24 * 9)

    assert [kind for _, kind, _ in _signals(org_a)] == []


def test_a_declined_debrief_and_a_missed_one(org_a):
    (offer,) = debrief_offers_create(response=overdose_response(org_a.org, [org_a.peer], hours_ago=24 * 5))
    offer.status = DebriefStatus.DECLINED
    offer.save()
    debrief_offers_create(response=overdose_response(org_a.org, [org_a.peer], hours_ago=24 * 4))

    reasons = [reason for _, kind, reason in _signals(org_a) if kind == "debrief"]
    assert any(reason.startswith("Declined the debrief after the overdose response on") for reason in reasons)
    assert any(reason.startswith("No debrief yet after the overdose response on") for reason in reasons)


def test_hours_more_than_half_above_the_peers_own_four_week_average(org_a):
    role = role_with_duties(org_a.org)
    for week in range(1, 5):
        worked_shift(org_a.peer, role, org_a.site, days_ago=7 * week + 1, hours=4)
    worked_shift(org_a.peer, role, org_a.site, days_ago=1, hours=4)
    worked_shift(org_a.peer, role, org_a.site, days_ago=2, hours=4)

    ((_, _, reason),) = [row for row in _signals(org_a) if row[1] == "hours"]
    assert reason == (
        "Worked 8.0 hours in the last 7 days, more than 50% above their own 4-week average of 4.0 hours."
    )


def test_no_supervision_for_longer_than_the_stages_schedule(org_a):
    stage = StageFactory(organisation=org_a.org, name="Peer worker", order=3)
    SupervisionSchedule.objects.create(organisation=org_a.org, stage=stage, every_days=14)
    place_peer(org_a.peer, stage, since=org_a.org.today() - timedelta(days=100))
    session_for([org_a.peer], org_a.supervisor, days_ago=20)

    assert (
        org_a.peer,
        "supervision",
        "No supervision for 20 days; Peer worker calls for supervision every 14 days.",
    ) in _signals(org_a)


def test_signals_show_on_the_dashboard_for_supervisors_and_never_for_admins_or_other_organisations(
    org_a, org_b, client_for
):
    overdose_response(org_a.org, [org_a.peer], hours_ago=30)
    overdose_response(org_a.org, [org_a.peer], hours_ago=50)
    url = reverse("support:dashboard")

    assert (
        "Responded to 2 overdoses in the last 7 days."
        in client_for(org_a.supervisor).get(url).content.decode()
    )
    assert "Responded to 2 overdoses" not in client_for(org_a.admin).get(url).content.decode()
    assert "Responded to 2 overdoses" not in client_for(org_b.supervisor).get(url).content.decode()


@pytest.mark.clock  # a monthly limit: the organisation's month, not UTC's, around the turn of a month
def test_earnings_near_the_benefit_limit(org_a):
    rule = EarningsRuleFactory(organisation=org_a.org, warning_percent=80)
    pay_services.peer_rule_assign(
        peer=org_a.peer,
        rule=rule,
        starts_on=org_a.org.today() - timedelta(days=400),
        actor=org_a.coordinator,
    )
    pay_services.payout_create_manual(
        organisation=org_a.org,
        peer=org_a.peer,
        amount="850.00",
        reason="outreach",
        earned_on=org_a.org.today(),
        actor=org_a.coordinator,
    )

    (signal,) = [
        s for s in strain_signals(org_a.org, org_a.org.today(), timezone.now()) if s.kind == "earnings"
    ]
    assert signal.reason.startswith("Close to their earnings limit for the period ending")
    assert signal.private_reason.startswith("Has earned CA$850.00 of the CA$1,000.00 limit of")
    assert "(85%)" in signal.private_reason
