from datetime import datetime, timedelta

from django.urls import reverse

from peerwork.peers.services import peer_create
from peerwork.training.selectors import cohort_progress
from peerwork.training.services import attendance_record, cohort_create, cohort_members_add, session_create
from tests.training.factories import CourseFactory


def test_each_participant_progress_is_sessions_attended_of_required(org_a, client_for):
    course = CourseFactory(organisation=org_a.org, code="programme", validity_months=None)
    cohort = cohort_create(
        organisation=org_a.org,
        name="Spring cohort",
        starts_on=datetime(2026, 3, 1).date(),
        required_sessions=4,
    )
    robin, sam = (peer_create(organisation=org_a.org, preferred_name=n) for n in ("Robin", "Sam"))
    cohort_members_add(cohort=cohort, peers=[robin, sam])
    for week in range(3):
        starts = datetime(2026, 3, 2, 14, tzinfo=org_a.org.zone) + timedelta(weeks=week)
        session = session_create(
            course=course,
            site=org_a.site,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            cohort=cohort,
        )
        attendance_record(session=session, peers=[robin] if week else [robin, sam])
    progress = {
        row.peer.preferred_name: (row.attended, row.required, row.percent) for row in cohort_progress(cohort)
    }
    assert progress == {"Robin": (3, 4, 75), "Sam": (1, 4, 25)}
    body = client_for(org_a.supervisor).get(reverse("training:cohort", args=[cohort.pk])).content.decode()
    assert "3 / 4" in body and "1 / 4" in body
    peer_create(organisation=org_a.org, preferred_name="Not in the cohort")
    tick_list = (
        client_for(org_a.coordinator).get(reverse("training:session", args=[session.pk])).content.decode()
    )
    assert "Robin" in tick_list and "Not in the cohort" not in tick_list
