"""A stage can ask for mentoring hours: contacts recorded as a mentor count, in the criteria's wording."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from peerwork.pathway.mentoring.services import mentoring_contact_record
from peerwork.pathway.models import Mentorship, Stage
from peerwork.pathway.selectors import eligibility_for, eligibility_many
from tests.pathway.factories import pair


def _pairing_started_weeks_ago(org):
    pairing = pair(org)
    Mentorship.objects.filter(pk=pairing.pk).update(started_on=org.today() - timedelta(days=21))
    pairing.refresh_from_db()
    return pairing


def test_mentoring_hours_count_towards_the_mentors_next_stage(org_a):
    pairing = _pairing_started_weeks_ago(org_a.org)
    Stage.objects.filter(organisation=org_a.org, order=5).update(min_mentoring_hours=Decimal("2"))
    today = org_a.org.today()
    for days, minutes in ((14, 45), (7, 45)):
        mentoring_contact_record(
            mentorship=pairing, happened_on=today - timedelta(days=days), minutes=minutes, by=None
        )

    criterion = next(c for c in eligibility_for(pairing.mentor).criteria if c.key == "mentoring")
    assert (criterion.text, criterion.met) == ("1.5 of 2 hours of mentoring", False)
    assert (criterion.have, criterion.need) == (Decimal("1.50"), Decimal("2"))

    mentoring_contact_record(mentorship=pairing, happened_on=today, minutes=30, by=None)
    criterion = next(c for c in eligibility_for(pairing.mentor).criteria if c.key == "mentoring")
    assert (criterion.text, criterion.met) == ("2 of 2 hours of mentoring", True)


def test_contacts_after_the_day_asked_about_and_the_mentees_side_do_not_count(org_a):
    pairing = _pairing_started_weeks_ago(org_a.org)
    Stage.objects.filter(organisation=org_a.org).update(min_mentoring_hours=Decimal("1"))
    today = org_a.org.today()
    mentoring_contact_record(mentorship=pairing, happened_on=today, minutes=60, by=None)

    yesterday = eligibility_for(pairing.mentor, on=today - timedelta(days=1))
    assert next(c for c in yesterday.criteria if c.key == "mentoring").text == "0 of 1 hours of mentoring"
    mentee = eligibility_for(pairing.mentee)
    assert next(c for c in mentee.criteria if c.key == "mentoring").have == Decimal("0")


def test_a_stage_without_mentoring_hours_has_no_such_criterion(org_a):
    pairing = _pairing_started_weeks_ago(org_a.org)
    assert all(c.key != "mentoring" for c in eligibility_for(pairing.mentor).criteria)


def test_eligibility_for_many_peers_reads_mentoring_hours_in_one_query(org_a, django_assert_max_num_queries):
    pairing = _pairing_started_weeks_ago(org_a.org)
    peers = [pairing.mentor, pairing.mentee, org_a.peer]
    with django_assert_max_num_queries(9) as few:
        eligibility_many(org_a.org, peers)
    pairs = [pair(org_a.org, f"M{i}", f"N{i}") for i in range(3)]
    peers += [p.mentor for p in pairs] + [p.mentee for p in pairs]
    with django_assert_max_num_queries(len(few.captured_queries)):
        eligibility_many(org_a.org, peers)


def test_the_ladder_page_and_stage_form_show_mentoring_hours(org_a, client_for):
    pair(org_a.org)
    stage = Stage.objects.get(organisation=org_a.org, order=4)
    client = client_for(org_a.admin)
    response = client.post(
        reverse("pathway:stage_edit", args=[stage.pk]),
        {
            "name": stage.name,
            "description": stage.description,
            "min_hours_worked": "200",
            "min_supervision_hours": "12",
            "min_weeks_at_previous": "16",
            "min_mentoring_hours": "6",
            "needs_sign_off": "on",
        },
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.min_mentoring_hours == Decimal("6")
    page = client.get(reverse("pathway:ladder")).content.decode()
    assert "Mentoring hours" in page
