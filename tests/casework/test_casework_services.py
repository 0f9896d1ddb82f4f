"""Caseloads, sessions, plans, handovers and referrals: the rules and every refusal, nothing half-saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.audit.models import AuditEvent
from peerwork.casework.models import (
    CaseAssignment,
    CaseClient,
    CaseSession,
    GoalProgress,
    Outcome,
    Place,
    Progress,
    SessionKind,
)
from peerwork.casework.services import (
    case_client_add,
    case_handover,
    case_referral_follow_up,
    case_session_record,
    recovery_plan_save,
)
from peerwork.orgs.models import ClientCodeScheme
from peerwork.pathway.hooks import hours_with_more_many
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.pathway.selectors import eligibility_for
from peerwork.pathway.services import ladder_seed_default
from peerwork.peers.models import PeerStatus

from .factories import client_on, plan_for, referral_for, second_worker, session_for

pytestmark = pytest.mark.django_db


def _session(client, **changes):  # type: ignore[no-untyped-def]
    values = {
        "client": client, "held_on": client.organisation.today(), "minutes": 45, "place": Place.OFFICE,
        "kind": SessionKind.CHECK_IN, "next_step": "", "progress": None, "by": None,
    }  # fmt: skip
    values.update(changes)
    return case_session_record(**values)


def test_a_client_joins_a_caseload_by_code_in_the_schemes_canonical_form(org_a):
    client = client_on(org_a.peer, "f abcd 1980")
    assert client.client_code == "F-ABCD-1980"
    assert client.worker == org_a.peer
    assert [(a.worker, a.ends_on) for a in client.assignments.all()] == [(org_a.peer, None)]
    assert AuditEvent.objects.filter(action="case_client_added").count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Give the client's code."),
        ("John Smith", "A client code is a gender letter"),
        ("F-ABCD-80", "A client code is a gender letter"),
    ],
)
def test_a_code_that_does_not_match_the_scheme_is_refused(org_a, code, message):
    with pytest.raises(ValidationError) as caught:
        client_on(org_a.peer, code)
    assert message in caught.value.message_dict["client_code"][0]
    assert CaseClient.objects.count() == 0


def test_the_short_scheme_and_a_code_already_on_a_caseload(org_a):
    org_a.org.client_code_scheme = ClientCodeScheme.SHORT
    org_a.org.save()
    client_on(org_a.peer, "rv2044")
    with pytest.raises(ValidationError) as caught:
        client_on(org_a.peer, "RV2044")
    assert caught.value.message_dict["client_code"] == ["RV2044 is already on a caseload."]


def test_a_worker_of_another_organisation_or_who_left_cannot_take_a_client(org_a, org_b):
    with pytest.raises(ValidationError) as caught:
        case_client_add(
            organisation=org_a.org,
            client_code="F-ABCD-1980",
            worker=org_b.peer,
            on=org_a.org.today(),
            by=None,
        )
    assert "worker" in caught.value.message_dict
    org_a.peer.status = PeerStatus.LEFT
    org_a.peer.save()
    with pytest.raises(ValidationError):
        client_on(org_a.peer)
    assert CaseClient.objects.count() == 0


def test_a_session_records_progress_on_the_plans_goals(org_a):
    client = client_on(org_a.peer)
    plan = plan_for(client)
    housing, family = plan.goals.all()
    session = _session(
        client, progress={housing.pk: Progress.SOME, family.pk: ""}, next_step="visit the shelter on Monday"
    )
    assert session.worker == org_a.peer
    assert [(p.goal.text, p.progress) for p in session.progress.all()] == [("Stable housing", "some")]


def test_a_name_in_the_next_step_is_refused_and_nothing_is_saved(org_a):
    client = client_on(org_a.peer)
    goal = plan_for(client).goals.first()
    with pytest.raises(ValidationError) as caught:
        _session(client, next_step="Call Maria Lopez tomorrow", progress={goal.pk: Progress.SOME})
    assert "“Maria Lopez” looks like a person's name" in caught.value.message_dict["next_step"][0]
    assert CaseSession.objects.count() == 0 and GoalProgress.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minutes": 0}, "minutes", "Minutes are from 1 to 480."),
        ({"minutes": 481}, "minutes", "Minutes are from 1 to 480."),
        ({"place": "pub"}, "place", "Choose where the session was."),
        ({"kind": "therapy"}, "kind", "Choose what kind of session it was."),
        ({"next_step": "x" * 201}, "next_step", "Keep it short: at most 200 characters (this is 201)."),
    ],
)
def test_bad_session_input_is_refused_with_a_clear_message(org_a, changes, field, message):
    client = client_on(org_a.peer)
    with pytest.raises(ValidationError) as caught:
        _session(client, **changes)
    assert caught.value.message_dict[field] == [message]
    assert CaseSession.objects.count() == 0


def test_session_dates_must_be_on_the_caseload_and_not_in_the_future(org_a):
    client = client_on(org_a.peer, days_ago=5)
    today = org_a.org.today()
    with pytest.raises(ValidationError) as caught:
        _session(client, held_on=today + timedelta(days=1))
    assert caught.value.message_dict["held_on"] == ["This date is in the future."]
    with pytest.raises(ValidationError) as caught:
        _session(client, held_on=today - timedelta(days=6))
    assert caught.value.message_dict["held_on"] == ["This client joined the caseload after that date."]


def test_progress_on_another_clients_goal_is_refused(org_a):
    client = client_on(org_a.peer)
    other = client_on(org_a.peer, "M-WXYZ-1975")
    foreign = plan_for(other).goals.first()
    with pytest.raises(ValidationError) as caught:
        _session(client, progress={foreign.pk: Progress.ACHIEVED})
    assert caught.value.message_dict["progress"] == ["That goal is not in this client's recovery plan."]


def test_a_plan_has_one_to_five_goals_without_names_and_keeps_retired_goals(org_a):
    client = client_on(org_a.peer)
    with pytest.raises(ValidationError) as caught:
        recovery_plan_save(client=client, goals=["", ""], on=org_a.org.today(), by=None)
    assert caught.value.messages == ["A recovery plan has 1 to 5 goals; this one has 0."]
    with pytest.raises(ValidationError) as caught:
        recovery_plan_save(client=client, goals=["Move in with Lena Berg"], on=org_a.org.today(), by=None)
    assert "goal_1" in caught.value.message_dict
    plan = plan_for(client, ("Stable housing", "Find day work"))
    session_for(client)
    plan = recovery_plan_save(client=client, goals=["Stable housing"], on=org_a.org.today(), by=None)
    assert [(g.text, g.is_active) for g in plan.goals.all()] == [
        ("Stable housing", True),
        ("Find day work", False),
    ]


def test_a_handover_ends_one_assignment_and_opens_the_next_with_the_note(org_a):
    robin, _user = second_worker(org_a)
    client = client_on(org_a.peer)
    case_handover(
        client=client,
        to_worker=robin,
        note="prefers afternoons, outreach only",
        on=org_a.org.today(),
        by=None,
    )
    client.refresh_from_db()
    assert client.worker == robin
    history = [(a.worker, a.ends_on, a.handover_note) for a in CaseAssignment.objects.filter(client=client)]
    assert history == [
        (robin, None, "prefers afternoons, outreach only"),
        (org_a.peer, org_a.org.today(), ""),
    ]
    assert session_for(client, days_ago=0).worker == robin


def test_a_bad_handover_changes_nothing(org_a, org_b):
    robin, _user = second_worker(org_a)
    client = client_on(org_a.peer)
    today = org_a.org.today()
    for worker, note, field in (
        (org_a.peer, "same worker", "to_worker"),
        (org_b.peer, "other org", "to_worker"),
        (robin, "", "note"),
        (robin, "ask Ms Hansen first", "note"),
    ):
        with pytest.raises(ValidationError) as caught:
            case_handover(client=client, to_worker=worker, note=note, on=today, by=None)
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        case_handover(client=client, to_worker=robin, note="ok", on=today - timedelta(days=31), by=None)
    assert caught.value.message_dict["on"] == ["The handover cannot be before the current worker started."]
    client.refresh_from_db()
    assert client.worker == org_a.peer and CaseAssignment.objects.count() == 1


def test_a_referral_is_followed_up_with_its_outcome(org_a):
    client = client_on(org_a.peer)
    referral = referral_for(client)
    assert referral.outcome == Outcome.PENDING
    with pytest.raises(ValidationError) as caught:
        case_referral_follow_up(referral=referral, outcome=Outcome.PENDING, on=org_a.org.today(), by=None)
    assert caught.value.message_dict["outcome"] == ["Choose arrived, did not arrive or unknown."]
    with pytest.raises(ValidationError):
        case_referral_follow_up(
            referral=referral, outcome=Outcome.ARRIVED, on=org_a.org.today() - timedelta(days=1), by=None
        )
    case_referral_follow_up(referral=referral, outcome=Outcome.DID_NOT_ARRIVE, on=org_a.org.today(), by=None)
    referral.refresh_from_db()
    assert (referral.outcome, referral.followed_up_on) == (Outcome.DID_NOT_ARRIVE, org_a.org.today())


def test_a_referral_to_a_person_is_refused(org_a):
    client = client_on(org_a.peer)
    with pytest.raises(ValidationError) as caught:
        referral_for(client, agency="Dr Karlsen")
    assert "agency" in caught.value.message_dict


def test_sessions_count_towards_the_ladders_hours(org_a):
    client = client_on(org_a.peer)
    session_for(client, 90, days_ago=2)
    session_for(client, 30, days_ago=0)
    today = org_a.org.today()
    assert hours_with_more_many(org_a.org, [org_a.peer], today)[org_a.peer.pk] == Decimal("2.00")
    assert hours_with_more_many(org_a.org, [org_a.peer], today - timedelta(days=1))[org_a.peer.pk] == Decimal(
        "1.50"
    )


def test_the_ladder_explains_hours_with_sessions_added(org_a):
    ladder_seed_default(organisation=org_a.org)
    trainee = Stage.objects.get(organisation=org_a.org, order=2)
    PeerPosition.objects.update_or_create(
        peer=org_a.peer, defaults={"stage": trainee, "since": org_a.org.today()}
    )
    client = client_on(org_a.peer)
    session_for(client, 120, days_ago=1)
    hours = next(c for c in eligibility_for(org_a.peer).criteria if c.key == "hours")
    assert hours.text.startswith("2 of ")
