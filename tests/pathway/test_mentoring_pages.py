"""Mentoring pages: staff pair, end and record on the Mentoring page; the pairing shows on the peer's
staff page and on My work; a mentor records a contact from their own pages."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.pathway.mentoring.services import mentoring_contact_record, mentorship_start
from peerwork.pathway.models import MentoringContact, Mentorship
from peerwork.pathway.services import peer_position_start
from tests.pathway.factories import pair, peer_at, senior


def test_the_mentoring_page_lists_pairings_contacts_and_new_peers_without_a_mentor(org_a, client_for):
    pairing = pair(org_a.org)
    mentoring_contact_record(
        mentorship=pairing, happened_on=org_a.org.today(), minutes=35, note="first shift together", by=None
    )
    peer_at(org_a.org, "Ola", 1)

    page = client_for(org_a.coordinator).get(reverse("pathway:mentoring")).content.decode()

    active = page.split('id="pairings-heading"')[1].split("</section>")[0]
    assert "Morgan" in active and "Nico" in active and "End pairing with Nico" in active
    unpaired = page.split('id="unpaired-heading"')[1].split("</section>")[0]
    assert "Ola" in unpaired and "Nico" not in unpaired and "Morgan" not in unpaired
    contacts = page.split('id="contacts-heading"')[1].split("</section>")[0]
    assert "1 contact, 35 minutes in all." in contacts and "first shift together" in contacts


def test_pairing_a_mentor_at_a_lower_stage_keeps_the_form_and_saves_nothing(org_a, client_for):
    low = peer_at(org_a.org, "Morgan", 1)
    high = peer_at(org_a.org, "Nico", 3)
    client = client_for(org_a.coordinator)

    response = client.post(
        reverse("pathway:mentoring"),
        {"mentor": low.pk, "mentee": high.pk, "started_on": org_a.org.today().isoformat(), "note": "weekday"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "A mentor must be at a higher stage than the peer they mentor" in page
    assert f'<option value="{low.pk}" selected>' in page and 'value="weekday"' in page
    assert not Mentorship.objects.exists()

    ok = client.post(
        reverse("pathway:mentoring"),
        {"mentor": high.pk, "mentee": low.pk, "started_on": org_a.org.today().isoformat()},
    )
    assert ok.status_code == 302
    assert Mentorship.objects.get().mentor == high


def test_staff_end_a_pairing_and_record_a_contact_with_clear_errors(org_a, client_for):
    pairing = pair(org_a.org)
    client = client_for(org_a.supervisor)
    today = org_a.org.today()

    bad = client.post(
        reverse("pathway:mentoring_contact_add"),
        {"mentorship": pairing.pk, "happened_on": today.isoformat(), "minutes": "2", "note": "walk"},
    )
    assert (
        bad.status_code == 200 and "Ensure this value is greater than or equal to 5." in bad.content.decode()
    )
    assert not MentoringContact.objects.exists()
    good = client.post(
        reverse("pathway:mentoring_contact_add"),
        {"mentorship": pairing.pk, "happened_on": today.isoformat(), "minutes": "25", "note": "walk"},
    )
    assert good.status_code == 302 and MentoringContact.objects.get().recorded_by == org_a.supervisor

    too_early = client.post(
        reverse("pathway:mentorship_end", args=[pairing.pk]),
        {"ended_on": (today - timedelta(days=1)).isoformat()},
        follow=True,
    )
    assert "The end cannot be before the start" in too_early.content.decode()
    assert Mentorship.objects.get(pk=pairing.pk).is_active
    client.post(reverse("pathway:mentorship_end", args=[pairing.pk]), {"ended_on": today.isoformat()})
    assert Mentorship.objects.get(pk=pairing.pk).ended_on == today


def test_the_peers_staff_page_shows_their_mentor_and_the_mentors_shows_mentees_and_hours(org_a, client_for):
    pairing = pair(org_a.org)
    mentoring_contact_record(mentorship=pairing, happened_on=org_a.org.today(), minutes=90, by=None)
    client = client_for(org_a.coordinator)

    mentee_page = client.get(reverse("peers:detail", args=[pairing.mentee.pk])).content.decode()
    assert "Mentored by <strong>Morgan</strong>" in mentee_page
    mentor_page = client.get(reverse("peers:detail", args=[pairing.mentor.pk])).content.decode()
    assert "<strong>Nico</strong>" in mentor_page and "1.5 hours of mentoring recorded." in mentor_page


def test_a_mentor_sees_their_mentee_on_my_work_and_records_a_contact(org_a, client_for):
    mentee = peer_at(org_a.org, "Nico", 1)
    mentorship_start(organisation=org_a.org, mentor=senior(org_a.peer), mentee=mentee, by=None)
    stranger = pair(org_a.org, "Kai", "Lou")
    client = client_for(org_a.peer_user)

    my_work = client.get(reverse("peers:my_work")).content.decode()
    assert "You mentor:" in my_work and "<strong>Nico</strong>" in my_work
    form = client.get(reverse("pathway:my_contact")).content.decode()
    assert "Nico" in form and "Lou" not in form

    today = org_a.org.today().isoformat()
    refused = client.post(
        reverse("pathway:my_contact"), {"mentorship": stranger.pk, "happened_on": today, "minutes": "30"}
    )
    assert refused.status_code == 200 and not MentoringContact.objects.exists()
    kept = client.post(
        reverse("pathway:my_contact"),
        {"mentorship": mentee.mentored_by.get().pk, "happened_on": today, "minutes": "30", "note": "a\nb"},
    )
    assert kept.status_code == 200 and "One short line" in kept.content.decode()
    done = client.post(
        reverse("pathway:my_contact"),
        {"mentorship": mentee.mentored_by.get().pk, "happened_on": today, "minutes": "30", "note": "coffee"},
    )
    assert done.status_code == 302
    assert MentoringContact.objects.get().recorded_by == org_a.peer_user
    assert "coffee" in client.get(reverse("peers:my_work")).content.decode()


def test_the_mentee_sees_their_mentor_on_my_work(org_a, client_for):
    mentor = peer_at(org_a.org, "Morgan", 4)
    peer_position_start(peer=org_a.peer)
    mentorship_start(organisation=org_a.org, mentor=mentor, mentee=org_a.peer, by=None)
    page = client_for(org_a.peer_user).get(reverse("peers:my_work")).content.decode()
    assert "Your mentor is <strong>Morgan</strong>" in page
    assert "Record a mentoring contact" not in page


def test_peers_and_evaluators_may_not_open_the_staff_page_and_other_orgs_see_nothing(
    org_a, org_b, client_for
):
    pair(org_a.org)
    assert client_for(org_a.peer_user).get(reverse("pathway:mentoring")).status_code == 403
    assert client_for(org_a.evaluator).get(reverse("pathway:mentoring")).status_code == 403
    page = client_for(org_b.coordinator).get(reverse("pathway:mentoring")).content.decode()
    assert "Morgan" not in page and "No active pairings yet." in page


def test_staff_limited_to_another_site_see_neither_pairing_nor_contacts(org_a, client_for):
    pairing = pair(org_a.org)
    pairing.mentor.sites.add(org_a.site)
    pairing.mentee.sites.add(org_a.site)
    mentoring_contact_record(
        mentorship=pairing, happened_on=org_a.org.today(), minutes=20, note="tea", by=None
    )
    for membership in Membership.objects.filter(user=org_a.coordinator, organisation=org_a.org):
        membership.sites.set([org_a.other_site])
    client = client_for(org_a.coordinator)

    page = client.get(reverse("pathway:mentoring")).content.decode()
    assert "Morgan" not in page and "tea" not in page
    ended = client.post(reverse("pathway:mentorship_end", args=[pairing.pk]), {"ended_on": "2026-01-01"})
    assert ended.status_code == 404
    listed = client.get("/api/v1/mentoring/contacts").json()["items"]
    assert listed == []


def test_the_mentoring_page_runs_a_fixed_number_of_queries(org_a, client_for, django_assert_max_num_queries):
    client = client_for(org_a.coordinator)
    pair(org_a.org)
    client.get(reverse("pathway:mentoring"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("pathway:mentoring"))
    for i in range(4):
        pairing = pair(org_a.org, f"M{i}", f"N{i}")
        mentoring_contact_record(mentorship=pairing, happened_on=org_a.org.today(), minutes=20, by=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("pathway:mentoring"))
