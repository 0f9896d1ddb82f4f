"""Eligibility reads only the records the stage aimed at asks about: no hours for a stage that counts
none, no certifications for one that needs no course."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerwork.pathway.models import PeerPosition, Stage
from peerwork.pathway.selectors import eligibility_many
from peerwork.pathway.services import peer_position_start

ASKED = {
    "shifts_assignment": "min_hours_worked",
    "support_supervisionsession": "min_supervision_hours",
    "pathway_mentoringcontact": "min_mentoring_hours",
    "participation_participation": "min_participations",
    "pathway_stagesignoff": "needs_sign_off",
    "training_certification": "required_courses",
}


def _tables_read(org, peer) -> set[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        eligibility_many(org, [peer])
    return {table for table in ASKED if any(f'FROM "{table}"' in q["sql"] for q in captured.captured_queries)}


def test_a_next_stage_that_asks_for_nothing_reads_none_of_the_peer_s_records(org_a):
    peer_position_start(peer=org_a.peer)
    stage = PeerPosition.objects.get(peer=org_a.peer).stage
    Stage.objects.filter(organisation=org_a.org, order__gt=stage.order).update(
        min_hours_worked=0, min_supervision_hours=0, min_mentoring_hours=0, min_participations=0,
        min_weeks_at_previous=0, needs_sign_off=False,
    )  # fmt: skip
    for later in Stage.objects.filter(organisation=org_a.org, order__gt=stage.order):
        later.required_courses.clear()
    assert _tables_read(org_a.org, org_a.peer) == set()


def test_a_next_stage_that_counts_hours_reads_them(org_a):
    peer_position_start(peer=org_a.peer)
    stage = PeerPosition.objects.get(peer=org_a.peer).stage
    Stage.objects.filter(organisation=org_a.org, order=stage.order + 1).update(min_hours_worked=10)
    assert "shifts_assignment" in _tables_read(org_a.org, org_a.peer)
