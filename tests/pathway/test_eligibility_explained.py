from datetime import timedelta
from decimal import Decimal

import pytest

from peerwork.pathway import hooks
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.pathway.selectors import eligibility_for
from peerwork.pathway.services import stage_sign_off_record
from peerwork.peers.services import peer_create
from tests.training.factories import CertificationFactory, CourseFactory


@pytest.fixture
def robin_at_trainee(org_a, monkeypatch):
    monkeypatch.setattr(
        hooks.hours_worked_many, "_impl", lambda org, peers, until: {p.pk: Decimal("18") for p in peers}
    )
    monkeypatch.setattr(
        hooks.supervision_hours_many, "_impl", lambda org, peers, until: {p.pk: Decimal("1.5") for p in peers}
    )
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    trainee = Stage.objects.get(organisation=org_a.org, order=2)
    PeerPosition.objects.filter(peer=robin).update(
        stage=trainee, since=org_a.org.today() - timedelta(weeks=6)
    )
    return robin


@pytest.mark.clock
def test_each_criterion_says_its_numbers_in_plain_words(org_a, robin_at_trainee):
    naloxone = CourseFactory(organisation=org_a.org, code="naloxone", name="Naloxone training")
    peer_worker = Stage.objects.get(organisation=org_a.org, order=3)
    peer_worker.required_courses.set([naloxone])
    result = eligibility_for(robin_at_trainee)
    texts = [c.text for c in result.criteria]
    assert result.target == peer_worker
    assert "18 of 40 hours worked" in texts
    assert "needs: Naloxone training" in texts
    assert "1.5 of 4 hours of supervision" in texts
    assert "6 of 8 weeks at Trainee" in texts
    assert "sign-off pending" in texts
    assert not result.eligible


def test_a_valid_certification_and_a_sign_off_meet_their_criteria(org_a, robin_at_trainee):
    naloxone = CourseFactory(organisation=org_a.org, code="naloxone", name="Naloxone training")
    peer_worker = Stage.objects.get(organisation=org_a.org, order=3)
    peer_worker.required_courses.set([naloxone])
    CertificationFactory(organisation=org_a.org, peer=robin_at_trainee, course=naloxone)
    stage_sign_off_record(peer=robin_at_trainee, stage=peer_worker, by=org_a.supervisor)
    met = {c.key: c.met for c in eligibility_for(robin_at_trainee).criteria}
    assert met["course"] and met["sign_off"]
    assert not met["hours"]


def test_an_expired_certification_is_named_as_needed_again(org_a, robin_at_trainee):
    naloxone = CourseFactory(
        organisation=org_a.org, code="naloxone", name="Naloxone training", validity_months=12
    )
    Stage.objects.get(organisation=org_a.org, order=3).required_courses.set([naloxone])
    CertificationFactory(
        organisation=org_a.org,
        peer=robin_at_trainee,
        course=naloxone,
        issued_on=org_a.org.today() - timedelta(days=400),
    )
    texts = [c.text for c in eligibility_for(robin_at_trainee).criteria if c.key == "course"]
    assert texts and texts[0].startswith("needs: Naloxone training again")


def test_eligibility_for_a_named_stage(org_a, robin_at_trainee):
    lead = Stage.objects.get(organisation=org_a.org, order=5)
    result = eligibility_for(robin_at_trainee, stage=lead)
    assert result.target == lead
    assert "18 of 500 hours worked" in [c.text for c in result.criteria]
