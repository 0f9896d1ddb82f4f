import json
from datetime import timedelta

from django.utils import timezone

from peerwork.peers.services import peer_create


def _json(response):
    return json.loads(response.content)


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_courses_sessions_attendance_and_certifications_through_the_api(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    course = _post(
        client, "/api/v1/training/courses", {"name": "Naloxone", "code": "naloxone", "validity_months": 1}
    )
    assert course.status_code == 201, course.content
    course_id = _json(course)["id"]
    starts = timezone.now() - timedelta(days=2)
    session = _post(
        client,
        "/api/v1/training/sessions",
        {
            "course_id": course_id,
            "site_id": org_a.site.pk,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "capacity": 1,
        },
    )
    assert session.status_code == 201, session.content
    session_id = _json(session)["id"]
    robin, sam = (peer_create(organisation=org_a.org, preferred_name=n) for n in ("Robin", "Sam"))
    full = _post(
        client, f"/api/v1/training/sessions/{session_id}/attendance", {"peer_ids": [robin.pk, sam.pk]}, "put"
    )
    assert full.status_code == 409 and "1 places and 2 people" in json.dumps(_json(full))
    ok = _post(client, f"/api/v1/training/sessions/{session_id}/attendance", {"peer_ids": [robin.pk]}, "put")
    assert [a["peer_id"] for a in _json(ok)] == [robin.pk]
    expiring = _json(client.get("/api/v1/training/certifications", {"expiring": "true"}))["items"]
    assert [c["peer_id"] for c in expiring] == [robin.pk]
    backwards = _post(
        client,
        "/api/v1/training/certifications",
        {"peer_id": sam.pk, "course_id": course_id, "issued_on": "2026-05-01", "expires_on": "2026-04-01"},
    )
    assert backwards.status_code == 409 and "expires_on" in _json(backwards)["errors"]
    other = _post(
        client_for(org_b.coordinator),
        f"/api/v1/training/sessions/{session_id}/attendance",
        {"peer_ids": [org_b.peer.pk]},
        "put",
    )
    assert other.status_code == 404


def test_a_programme_and_its_progress_through_the_api(org_a, org_b, client_for):
    from peerwork.training.services import cohort_create, cohort_members_add

    cohort = cohort_create(
        organisation=org_a.org, name="Spring", starts_on=org_a.org.today(), required_sessions=20
    )
    cohort_members_add(cohort=cohort, peers=[org_a.peer])
    client = client_for(org_a.supervisor)
    assert [c["name"] for c in _json(client.get("/api/v1/training/cohorts"))["items"]] == ["Spring"]
    detail = _json(client.get(f"/api/v1/training/cohorts/{cohort.pk}"))
    assert detail["progress"] == [
        {
            "peer_id": org_a.peer.pk,
            "preferred_name": org_a.peer.preferred_name,
            "attended": 0,
            "required": 20,
            "done": False,
        }
    ]
    assert client_for(org_b.supervisor).get(f"/api/v1/training/cohorts/{cohort.pk}").status_code == 404
