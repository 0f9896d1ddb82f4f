"""Eligibility for a role: stage order at least the role's lowest stage, and valid certifications that day."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from peerwork.pathway.models import PeerPosition, Stage
from peerwork.shifts.selectors import eligibility_for
from peerwork.training.models import Certification, Course

from .factories import RoleFactory, ShiftFactory


def _ladder(org):
    first = Stage.objects.create(organisation=org, name="Participant", order=1)
    second = Stage.objects.create(organisation=org, name="Peer worker", order=2)
    return first, second


def test_stage_and_certification_decide_eligibility(org_a):
    first, second = _ladder(org_a.org)
    naloxone = Course.objects.create(
        organisation=org_a.org, name="Naloxone", code="naloxone", validity_months=12
    )
    role = RoleFactory(organisation=org_a.org, min_stage=second)
    role.required_courses.add(naloxone)
    day = date(2026, 12, 10)
    assert eligibility_for(org_a.peer, role, day).code == "needs_stage"
    PeerPosition.objects.create(peer=org_a.peer, stage=first, since=day)
    assert eligibility_for(org_a.peer, role, day).params == {"stage": "Peer worker"}
    PeerPosition.objects.filter(peer=org_a.peer).update(stage=second)
    assert eligibility_for(org_a.peer, role, day).params == {"course": "Naloxone"}
    Certification.objects.create(
        organisation=org_a.org,
        peer=org_a.peer,
        course=naloxone,
        issued_on=day - timedelta(days=400),
        expires_on=day - timedelta(days=35),
    )
    assert eligibility_for(org_a.peer, role, day).code == "needs_certification"
    Certification.objects.create(
        organisation=org_a.org,
        peer=org_a.peer,
        course=naloxone,
        issued_on=day - timedelta(days=30),
        expires_on=day + timedelta(days=335),
    )
    assert eligibility_for(org_a.peer, role, day) is None


def test_open_shifts_page_says_why_a_peer_cannot_ask(org_a, client_for):
    naloxone = Course.objects.create(organisation=org_a.org, name="Naloxone", code="naloxone")
    role = RoleFactory(organisation=org_a.org, name="Overdose response")
    role.required_courses.add(naloxone)
    ShiftFactory(organisation=org_a.org, site=org_a.site, role=role)
    page = client_for(org_a.peer_user).get(reverse("shifts:open")).content.decode()
    assert "Overdose response" in page
    assert "Needs a valid Naloxone certification on the day of the shift." in page
