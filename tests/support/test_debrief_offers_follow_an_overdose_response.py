from datetime import timedelta

from django.utils import timezone

from peerwork.accounts.roles import Role
from peerwork.services.hooks import overdose_response_recorded
from peerwork.support.models import DebriefOffer, DebriefStatus
from peerwork.support.services import debrief_offers_create

from ..factories import MembershipFactory, PeerWorkerFactory, UserFactory
from .factories import overdose_response, session_for


def _record(response):  # type: ignore[no-untyped-def]
    for callback in overdose_response_recorded:
        callback(response)


def test_each_responder_gets_an_offer_due_within_72_hours(org_a):
    other = PeerWorkerFactory(organisation=org_a.org)
    response = overdose_response(org_a.org, [org_a.peer, other], hours_ago=2)

    _record(response)

    offers = DebriefOffer.objects.filter(response=response)
    assert {offer.peer for offer in offers} == {org_a.peer, other}
    for offer in offers:
        assert offer.status == DebriefStatus.OFFERED
        assert offer.due_at == response.occurred_at + timedelta(hours=72)
        assert offer.supervisor == org_a.supervisor


def test_the_peers_usual_supervisor_takes_the_offer(org_a):
    usual = UserFactory(username="a_usual_supervisor")
    MembershipFactory(user=usual, organisation=org_a.org, role=Role.SUPERVISOR)
    session_for([org_a.peer], usual)

    (offer,) = debrief_offers_create(response=overdose_response(org_a.org, [org_a.peer]))

    assert offer.supervisor == usual


def test_without_a_usual_supervisor_the_organisations_supervisors_take_turns(org_a):
    second = UserFactory(username="a_second_supervisor")
    MembershipFactory(user=second, organisation=org_a.org, role=Role.SUPERVISOR)
    peers = [PeerWorkerFactory(organisation=org_a.org) for _ in range(3)]

    assigned = [
        debrief_offers_create(response=overdose_response(org_a.org, [peer]))[0].supervisor for peer in peers
    ]

    assert assigned == [org_a.supervisor, second, org_a.supervisor]


def test_recording_the_same_response_again_adds_no_second_offer(org_a):
    response = overdose_response(org_a.org, [org_a.peer])
    _record(response)
    _record(response)

    assert DebriefOffer.objects.filter(response=response).count() == 1


def test_history_older_than_two_weeks_gets_no_offer(org_a):
    response = overdose_response(org_a.org, [org_a.peer], hours_ago=24 * 20)

    assert debrief_offers_create(response=response) == []


def test_an_organisation_without_supervisors_still_gets_an_unassigned_offer(org_a):
    org_a.supervisor.memberships.update(is_active=False)

    (offer,) = debrief_offers_create(response=overdose_response(org_a.org, [org_a.peer]))

    assert offer.supervisor is None
    assert offer.due_at > timezone.now()
