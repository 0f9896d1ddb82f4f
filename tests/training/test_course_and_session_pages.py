from django.urls import reverse

from peerwork.training.models import Course, TrainingSession


def test_a_coordinator_adds_a_course_and_plans_a_session(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(
        reverse("training:course_add"),
        {
            "name": "Naloxone",
            "code": "naloxone",
            "hours": "2",
            "validity_months": "12",
            "honorarium": "25",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get(organisation=org_a.org, code="naloxone")
    response = client.post(
        reverse("training:session_add"),
        {
            "course": course.pk,
            "site": org_a.site.pk,
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T12:00",
            "capacity": "10",
        },
    )
    session = TrainingSession.objects.get(course=course)
    assert response["Location"] == reverse("training:session", args=[session.pk])


def test_a_duplicate_course_code_and_a_backwards_session_are_explained(org_a, client_for):
    client = client_for(org_a.admin)
    data = {"name": "Naloxone", "code": "naloxone", "hours": "2", "honorarium": "0", "is_active": "on"}
    client.post(reverse("training:course_add"), data)
    again = client.post(reverse("training:course_add"), data)
    assert again.status_code == 200 and b"errorlist" in again.content
    course = Course.objects.get(organisation=org_a.org, code="naloxone")
    backwards = client.post(
        reverse("training:session_add"),
        {
            "course": course.pk,
            "site": org_a.site.pk,
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T09:00",
            "capacity": "5",
        },
    )
    assert backwards.status_code == 200
    assert "end after it starts" in backwards.content.decode()


def test_course_set_up_is_for_admins_and_coordinators(org_a, client_for):
    for user in (org_a.supervisor, org_a.evaluator, org_a.peer_user):
        assert client_for(user).get(reverse("training:courses")).status_code == 403
