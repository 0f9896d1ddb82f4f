"""Cross-organisation matrix entries for training pages and API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from peerwork.peers.services import peer_create
from peerwork.training.services import (
    attendance_record,
    certification_issue,
    cohort_create,
    cohort_members_add,
    course_create,
    session_create,
)
from tests.personas import LEAK_MARKER, OrgPersonas


def _course(org: OrgPersonas) -> Any:
    return course_create(
        organisation=org.org, name=f"{LEAK_MARKER} Naloxone", code="zeb-naloxone", validity_months=1
    )


def _session(org: OrgPersonas, *, days: int = -3) -> Any:
    starts = timezone.now() + timedelta(days=days)
    return session_create(
        course=_course(org),
        site=org.site,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        facilitator=f"{LEAK_MARKER} Facilitator",
    )


def _cohort(org: OrgPersonas) -> Any:
    return cohort_create(organisation=org.org, name=f"{LEAK_MARKER} Spring cohort", starts_on=org.org.today())


ROUTES = {
    "training:course_edit": lambda org: {"pk": _course(org).pk},
    "training:session": lambda org: {"pk": _session(org).pk, "__post__": {"peers": [org.peer.pk]}},
    "training:certification_add": lambda org: {"peer_pk": org.peer.pk},
    "training:cohort": lambda org: {"pk": _cohort(org).pk},
    "api:course_get": lambda org: {"course_id": _course(org).pk},
    "api:session_get": lambda org: {"session_id": _session(org).pk},
    "api:attendance_list": lambda org: {"session_id": _session(org).pk},
    "api:cohort_get": lambda org: {"cohort_id": _cohort(org).pk},
    "api:attendance_put": lambda org: {
        "session_id": _session(org).pk,
        "__post__": {"peer_ids": [org.peer.pk]},
        "__json__": True,
    },
}


def seed_training(org: OrgPersonas) -> None:
    session = _session(org)
    _session_upcoming = session_create(
        course=session.course,
        site=org.site,
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=2),
    )
    peer = peer_create(organisation=org.org, preferred_name=f"{LEAK_MARKER} Trainee")
    attendance_record(session=session, peers=[peer, org.peer])
    certification_issue(peer=peer, course=session.course, issued_on=org.org.today() - timedelta(days=20))
    cohort = _cohort(org)
    cohort_members_add(cohort=cohort, peers=[peer])


SEED = [seed_training]
