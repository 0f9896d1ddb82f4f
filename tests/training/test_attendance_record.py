from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.peers.services import peer_create
from peerwork.training.models import Certification, SessionAttendance
from peerwork.training.services import attendance_record
from tests.training.factories import CourseFactory, TrainingSessionFactory


@pytest.fixture
def session(org_a):
    course = CourseFactory(organisation=org_a.org, name="Naloxone", code="naloxone", validity_months=12)
    starts = datetime(2026, 3, 10, 14, 0, tzinfo=org_a.org.zone)
    return TrainingSessionFactory(
        course=course, site=org_a.site, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=3
    )


def _peers(org_a, n):
    return [peer_create(organisation=org_a.org, preferred_name=f"Person {i}") for i in range(n)]


def test_attending_issues_a_certification_that_expires_after_the_validity(org_a, session):
    (robin,) = _peers(org_a, 1)
    attendance_record(session=session, peers=[robin], by=org_a.coordinator)
    cert = Certification.objects.get(peer=robin)
    assert cert.issued_on.isoformat() == "2026-03-10"
    assert cert.expires_on.isoformat() == "2027-03-10"
    assert cert.attendance.session == session


def test_more_people_than_places_is_refused_and_nothing_is_saved(org_a, session):
    peers = _peers(org_a, 4)
    with pytest.raises(ValidationError) as caught:
        attendance_record(session=session, peers=peers, by=org_a.coordinator)
    assert "3 places and 4 people" in " ".join(caught.value.message_dict["peers"])
    assert not SessionAttendance.objects.exists()
    assert not Certification.objects.exists()


def test_unticking_someone_removes_their_certification(org_a, session):
    a, b = _peers(org_a, 2)
    attendance_record(session=session, peers=[a, b])
    attendance_record(session=session, peers=[a])
    assert list(Certification.objects.values_list("peer_id", flat=True)) == [a.pk]
    assert SessionAttendance.objects.get(peer=b).attended is False


def test_the_tick_list_page_records_attendance_and_explains_over_capacity(org_a, org_b, session, client_for):
    peers = _peers(org_a, 4)
    client = client_for(org_a.coordinator)
    url = reverse("training:session", args=[session.pk])
    over = client.post(url, {"peers": [p.pk for p in peers]})
    assert over.status_code == 422
    assert "3 places and 4 people" in over.content.decode()
    done = client.post(url, {"peers": [p.pk for p in peers[:2]]})
    assert done.status_code == 302
    assert Certification.objects.count() == 2
    assert client_for(org_a.evaluator).post(url, {"peers": [peers[3].pk]}).status_code == 200
    assert Certification.objects.count() == 2  # evaluators see the list but cannot change it
    assert client_for(org_b.coordinator).get(url).status_code == 404


def test_another_organisations_peer_can_not_be_ticked(org_a, org_b, session):
    with pytest.raises(ValidationError):
        attendance_record(session=session, peers=[org_b.peer])
