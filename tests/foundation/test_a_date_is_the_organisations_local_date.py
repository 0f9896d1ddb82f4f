"""A date a person sees or enters is the organisation's local date, not UTC's.

At 03:30 UTC on 10 December it is still 22:30 on the 9th in Toronto (org A's zone).
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.pathway.models import PeerPosition, Stage
from peerwork.pathway.selectors import eligibility_for
from peerwork.peers.services import peer_create
from peerwork.support.models import SupervisionSchedule, SupervisionSession
from peerwork.support.services import supervision_session_record
from tests.privacy.factories import consent_for
from tests.support.factories import StageFactory, place_peer, session_for

LATE_EVENING_IN_TORONTO = datetime(2026, 12, 10, 3, 30, tzinfo=UTC)
NINTH, TENTH = date(2026, 12, 9), date(2026, 12, 10)


@pytest.fixture
def toronto_evening(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(LATE_EVENING_IN_TORONTO, tick=False)


def test_today_is_the_ninth_in_toronto_and_the_tenth_in_tokyo(org_a, toronto_evening):
    assert org_a.org.today() == NINTH
    org_a.org.time_zone = "Asia/Tokyo"
    assert org_a.org.today() == TENTH


def test_a_supervision_on_the_local_day_is_accepted_and_the_next_day_is_in_the_future(
    org_a, client_for, toronto_evening
):
    client = client_for(org_a.supervisor)
    form = client.get(reverse("support:session_new")).content.decode()
    assert 'value="2026-12-09"' in form

    body = {"kind": "individual", "duration_minutes": "60", "supervisor": org_a.supervisor.pk}
    tomorrow = client.post(
        reverse("support:session_new"), {**body, "peers": [org_a.peer.pk], "held_on": "2026-12-10"}
    )
    assert "this date is in the future" in tomorrow.content.decode()
    today = client.post(
        reverse("support:session_new"), {**body, "peers": [org_a.peer.pk], "held_on": "2026-12-09"}
    )
    assert today.status_code == 302
    assert SupervisionSession.objects.get().held_on == NINTH


def test_the_service_outside_a_request_also_refuses_the_next_local_day(org_a, toronto_evening):
    """No request has activated the organisation's zone here (as in a task or a command)."""
    session = {
        "organisation": org_a.org,
        "supervisor": org_a.supervisor,
        "kind": "individual",
        "duration_minutes": 60,
        "peers": [org_a.peer],
    }
    with pytest.raises(ValidationError, match="this date is in the future"):
        supervision_session_record(**session, held_on=TENTH)
    assert supervision_session_record(**session, held_on=NINTH).held_on == NINTH


def test_a_consent_signed_on_the_local_day_is_accepted_and_the_next_day_is_in_the_future(
    org_a, toronto_evening
):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        consent_for(org_a, signed_on=TENTH)
    assert consent_for(org_a, signed_on=NINTH).signed_on == NINTH


def test_weeks_at_a_stage_count_from_the_local_date(org_a, toronto_evening):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    assert robin.joined_on == NINTH
    trainee = Stage.objects.get(organisation=org_a.org, order=2)
    # 41 days before the local 9th: five full weeks (from the UTC 10th it would be six).
    PeerPosition.objects.filter(peer=robin).update(stage=trainee, since=NINTH - timedelta(days=41))

    texts = [criterion.text for criterion in eligibility_for(robin).criteria]

    assert "5 of 8 weeks at Trainee" in texts


def test_the_supervisor_due_list_counts_days_late_from_the_local_date(org_a, client_for, time_machine):
    stage = StageFactory(organisation=org_a.org, name="Trainee", order=2)
    SupervisionSchedule.objects.create(organisation=org_a.org, stage=stage, every_days=14)
    place_peer(org_a.peer, stage, since=date(2026, 9, 1))
    time_machine.move_to(datetime(2026, 11, 24, 17, 0, tzinfo=UTC), tick=False)
    session_for([org_a.peer], org_a.supervisor)  # held 24 Nov, so due 8 Dec
    time_machine.move_to(LATE_EVENING_IN_TORONTO, tick=False)

    page = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()
    due = page.split("Supervision due")[1].split("</section>")[0]

    assert org_a.peer.preferred_name in due
    assert "1 day overdue" in due and "2 days overdue" not in due
