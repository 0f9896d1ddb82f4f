"""A peer with a work history: two roles worked (one that names harm reduction), trainings, a reference."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from peerwork.shifts.models import AssignmentStatus
from peerwork.training.services import certification_issue, course_create
from peerwork.workrecord.services import reference_write
from tests.personas import OrgPersonas
from tests.shifts.factories import AssignmentFactory, RoleFactory, ShiftFactory


def worked(org: OrgPersonas, role, days_ago: int, hours: int = 4) -> None:  # type: ignore[no-untyped-def]
    starts = timezone.now().replace(microsecond=0) - timedelta(days=days_ago)
    shift = ShiftFactory(
        organisation=org.org,
        site=org.site,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
    )
    AssignmentFactory(shift=shift, peer=org.peer, status=AssignmentStatus.COMPLETED)


def with_history(org: OrgPersonas) -> None:
    needles = RoleFactory(
        organisation=org.org,
        name="Needle recovery",
        public_title="Neighbourhood clean-up",
        reveals_programme=True,
    )
    outreach = RoleFactory(organisation=org.org, name="Harm reduction outreach", reveals_programme=True)
    kitchen = RoleFactory(organisation=org.org, name="Community kitchen")
    for days in (3, 10, 17):
        worked(org, needles, days)
    worked(org, outreach, 5, hours=3)
    worked(org, kitchen, 6, hours=5)
    day = org.org.today() - timedelta(days=20)
    naloxone = course_create(
        organisation=org.org, name="Naloxone and overdose response", code="naloxone", reveals_programme=True
    )
    first_aid = course_create(organisation=org.org, name="First aid and CPR", code="first-aid")
    hr = course_create(
        organisation=org.org,
        name="Harm reduction basics",
        code="hr",
        reveals_programme=True,
        public_title="Community health basics",
    )
    for course in (naloxone, first_aid, hr):
        certification_issue(peer=org.peer, course=course, issued_on=day)
    reference_write(peer=org.peer, text="Reliable, kind and always on time.", by=org.supervisor)
