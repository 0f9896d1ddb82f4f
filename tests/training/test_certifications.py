from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.peers.models import PeerStatus
from peerwork.training.models import Certification
from peerwork.training.selectors import certifications_expiring
from peerwork.training.services import certification_issue
from tests.training.factories import CertificationFactory, CourseFactory


def test_an_expiry_before_the_issue_date_is_refused(org_a):
    course = CourseFactory(organisation=org_a.org)
    with pytest.raises(ValidationError) as caught:
        certification_issue(
            peer=org_a.peer, course=course, issued_on=date(2026, 5, 1), expires_on=date(2026, 4, 1)
        )
    assert "before" in " ".join(caught.value.message_dict["expires_on"])
    assert not Certification.objects.exists()


def test_without_an_expiry_the_course_validity_applies(org_a):
    course = CourseFactory(organisation=org_a.org, validity_months=24)
    cert = certification_issue(peer=org_a.peer, course=course, issued_on=date(2026, 1, 31))
    assert cert.expires_on == date(2028, 1, 31)
    forever = CourseFactory(organisation=org_a.org, validity_months=None)
    assert (
        certification_issue(peer=org_a.peer, course=forever, issued_on=date(2026, 1, 31)).expires_on is None
    )


def test_the_expiring_list_holds_only_the_next_30_days_and_skips_renewals(org_a):
    today = org_a.org.today()
    course = CourseFactory(organisation=org_a.org, name="First aid")
    soon = CertificationFactory(
        organisation=org_a.org,
        course=course,
        issued_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=10),
    )
    CertificationFactory(
        organisation=org_a.org,
        course=course,
        issued_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=45),
    )
    renewed = CertificationFactory(
        organisation=org_a.org,
        course=course,
        issued_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=5),
    )
    CertificationFactory(
        organisation=org_a.org,
        peer=renewed.peer,
        course=course,
        issued_on=today,
        expires_on=today + timedelta(days=365),
    )
    gone = CertificationFactory(
        organisation=org_a.org,
        course=course,
        issued_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=3),
    )
    gone.peer.status = PeerStatus.LEFT
    gone.peer.save()
    assert certifications_expiring(org_a.org, on=today) == [soon]


def test_the_certification_form_explains_a_bad_expiry(org_a, org_b, client_for):
    course = CourseFactory(organisation=org_a.org)
    url = reverse("training:certification_add", args=[org_a.peer.pk])
    response = client_for(org_a.coordinator).post(
        url, {"course": course.pk, "issued_on": "2026-05-01", "expires_on": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "cannot be before" in response.content.decode()
    ok = client_for(org_a.coordinator).post(url, {"course": course.pk, "issued_on": "2026-05-01"})
    assert ok.status_code == 302
    assert client_for(org_b.coordinator).get(url).status_code == 404
    assert client_for(org_a.supervisor).get(url).status_code == 403
