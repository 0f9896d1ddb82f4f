"""Mentoring rules: mentor higher on the ladder, one active mentor, sensible dates, one-line contacts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from peerwork.audit.models import AuditEvent
from peerwork.pathway.mentoring.services import mentoring_contact_record, mentorship_end, mentorship_start
from peerwork.pathway.models import MentoringContact, Mentorship
from peerwork.peers.services import peer_leave
from tests.pathway.factories import pair, peer_at


def test_a_senior_peer_mentors_a_new_peer_and_it_is_audited(org_a):
    pairing = pair(org_a.org)

    assert pairing.is_active and pairing.started_on == org_a.org.today()
    assert AuditEvent.objects.filter(action="mentorship_started", object_id=str(pairing.pk)).exists()


@pytest.mark.parametrize(("mentor_order", "mentee_order"), [(2, 2), (1, 3)])
def test_a_mentor_at_the_same_or_a_lower_stage_is_refused_with_the_stages_named(
    org_a, mentor_order, mentee_order
):
    mentor = peer_at(org_a.org, "Morgan", mentor_order)
    mentee = peer_at(org_a.org, "Nico", mentee_order)

    with pytest.raises(ValidationError) as caught:
        mentorship_start(organisation=org_a.org, mentor=mentor, mentee=mentee, by=org_a.coordinator)

    message = " ".join(caught.value.message_dict["mentor"])
    assert "A mentor must be at a higher stage than the peer they mentor" in message
    assert "Morgan is at" in message and "Nico at" in message
    assert not Mentorship.objects.exists()


def test_a_peer_cannot_mentor_themselves(org_a):
    senior = peer_at(org_a.org, "Morgan", 4)
    with pytest.raises(ValidationError) as caught:
        mentorship_start(organisation=org_a.org, mentor=senior, mentee=senior, by=None)
    assert "cannot mentor themselves" in " ".join(caught.value.message_dict["mentor"])


def test_a_peer_has_at_most_one_active_mentor(org_a):
    first = pair(org_a.org)
    second_mentor = peer_at(org_a.org, "Kai", 3)

    with pytest.raises(ValidationError) as caught:
        mentorship_start(organisation=org_a.org, mentor=second_mentor, mentee=first.mentee, by=None)

    assert "Nico already has a mentor: Morgan. End that pairing first." in caught.value.message_dict["mentee"]
    assert Mentorship.objects.filter(mentee=first.mentee).count() == 1
    mentorship_end(mentorship=first, by=org_a.coordinator)
    again = mentorship_start(organisation=org_a.org, mentor=second_mentor, mentee=first.mentee, by=None)
    assert again.mentor == second_mentor


def test_a_mentor_may_mentor_several_new_peers(org_a):
    first = pair(org_a.org)
    other = peer_at(org_a.org, "Ola", 1)
    mentorship_start(organisation=org_a.org, mentor=first.mentor, mentee=other, by=None)
    assert Mentorship.objects.filter(mentor=first.mentor, ended_on__isnull=True).count() == 2


def test_a_peer_who_left_cannot_be_paired(org_a):
    mentor = peer_at(org_a.org, "Morgan", 4)
    mentee = peer_at(org_a.org, "Nico", 1)
    peer_leave(peer=mentee, by=org_a.coordinator, reason="moved away")
    with pytest.raises(ValidationError) as caught:
        mentorship_start(organisation=org_a.org, mentor=mentor, mentee=mentee, by=None)
    assert "Nico is not active right now." in caught.value.message_dict["mentee"]


def test_a_peer_of_another_organisation_cannot_be_paired(org_a, org_b):
    mentor = peer_at(org_b.org, "Morgan", 4)
    mentee = peer_at(org_a.org, "Nico", 1)
    with pytest.raises(ValidationError):
        mentorship_start(organisation=org_a.org, mentor=mentor, mentee=mentee, by=None)
    assert not Mentorship.objects.exists()


def test_a_pairing_cannot_start_in_the_future(org_a):
    mentor = peer_at(org_a.org, "Morgan", 4)
    mentee = peer_at(org_a.org, "Nico", 1)
    tomorrow = org_a.org.today() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        mentorship_start(organisation=org_a.org, mentor=mentor, mentee=mentee, by=None, started_on=tomorrow)
    assert "started_on" in caught.value.message_dict


def test_end_dates_are_not_before_the_start_nor_in_the_future_and_end_only_once(org_a):
    pairing = pair(org_a.org)
    today = org_a.org.today()

    with pytest.raises(ValidationError) as before:
        mentorship_end(mentorship=pairing, by=None, ended_on=today - timedelta(days=1))
    assert "The end cannot be before the start" in " ".join(before.value.message_dict["ended_on"])
    with pytest.raises(ValidationError) as future:
        mentorship_end(mentorship=pairing, by=None, ended_on=today + timedelta(days=1))
    assert "A pairing ends today or earlier." in future.value.message_dict["ended_on"]
    pairing.refresh_from_db()
    assert pairing.is_active

    mentorship_end(mentorship=pairing, by=org_a.coordinator)
    pairing.refresh_from_db()
    assert pairing.ended_on == today and pairing.ended_by == org_a.coordinator
    with pytest.raises(ValidationError, match="already ended"):
        mentorship_end(mentorship=pairing, by=None)


def test_a_contact_is_recorded_within_the_pairing_with_sensible_minutes_and_one_line(org_a):
    pairing = pair(org_a.org)
    today = org_a.org.today()
    Mentorship.objects.filter(pk=pairing.pk).update(started_on=today - timedelta(days=10))
    pairing.refresh_from_db()

    contact = mentoring_contact_record(
        mentorship=pairing, happened_on=today, minutes=45, note=" first shift together ", by=None
    )
    assert (contact.minutes, contact.note) == (45, "first shift together")

    bad = [
        ({"happened_on": today + timedelta(days=1)}, "happened_on"),
        ({"happened_on": today - timedelta(days=11)}, "happened_on"),
        ({"minutes": 2}, "minutes"),
        ({"minutes": 600}, "minutes"),
        ({"note": "line one\nline two"}, "note"),
        ({"note": "x" * 141}, "note"),
    ]
    for change, field in bad:
        values = {"happened_on": today, "minutes": 30, "note": "", **change}
        with pytest.raises(ValidationError) as caught:
            mentoring_contact_record(mentorship=pairing, by=None, **values)
        assert field in caught.value.message_dict, change
    assert MentoringContact.objects.count() == 1


def test_no_contact_after_a_pairing_ended(org_a):
    pairing = pair(org_a.org)
    today = org_a.org.today()
    Mentorship.objects.filter(pk=pairing.pk).update(started_on=today - timedelta(days=10))
    pairing.refresh_from_db()
    mentorship_end(mentorship=pairing, by=None, ended_on=today - timedelta(days=3))
    pairing.refresh_from_db()

    mentoring_contact_record(mentorship=pairing, happened_on=today - timedelta(days=4), minutes=30, by=None)
    with pytest.raises(ValidationError) as caught:
        mentoring_contact_record(mentorship=pairing, happened_on=today, minutes=30, by=None)
    assert "Choose a day while the pairing was running." in caught.value.message_dict["happened_on"]


def test_the_database_itself_refuses_a_second_active_mentor(org_a):
    first = pair(org_a.org)
    other = peer_at(org_a.org, "Kai", 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(
            organisation=org_a.org, mentor=other, mentee=first.mentee, started_on=org_a.org.today()
        )
    assert Mentorship.objects.filter(mentee=first.mentee).count() == 1
