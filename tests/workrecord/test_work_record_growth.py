"""Learning goals and competences on the work record: named on an open record, counted on a discreet one."""

from __future__ import annotations

from django.urls import reverse

from peerwork.growth.models import Moment, Rater, Standing
from peerwork.growth.services import competence_save
from peerwork.workrecord.selectors import work_record_for
from peerwork.workrecord.services import work_record_choice_set

from ..growth.factories import competence, plan_for, rate, review


def _achievements(org):
    naloxone = competence(org.org, "Naloxone and overdose response")
    plan = plan_for(org.peer, org.supervisor, goals=2, title="Supply table")
    review(plan, Moment.END, Rater.SUPERVISOR, org.supervisor, Standing.ACHIEVED)
    rate(org.peer, naloxone, 3, org.supervisor)
    rate(org.peer, naloxone, 4, org.peer_user, rater=Rater.PEER)  # the peer's own view is not the record's


def test_a_discreet_record_counts_goals_and_competences_without_naming_them(org_a, client_for):
    _achievements(org_a)
    [section] = [s for s in work_record_for(org_a.peer).sections if s.key == "growth"]
    assert section.items == [
        "2 learning goals achieved in placement plans, confirmed by a supervisor.",
        "1 competence assessed by a supervisor.",
    ]
    page = client_for(org_a.peer_user).get(reverse("workrecord:mine")).content.decode()
    assert "Learning goals and competences" in page
    assert "Naloxone" not in page[page.index('class="work-record"') :]


def test_an_open_record_names_the_supervisors_step_and_each_goal(org_a):
    _achievements(org_a)
    work_record_choice_set(peer=org_a.peer, open_about_programme=True)
    [section] = [s for s in work_record_for(org_a.peer).sections if s.key == "growth"]
    assert section.items[0] == "Naloxone and overdose response: step 3 of 4 (Does it alone)"
    assert [item.split(" (")[0] for item in section.items[1:]] == [
        "Learning goal achieved: Goal number 1",
        "Learning goal achieved: Goal number 2",
    ]


def test_no_section_for_a_peer_with_no_goals_or_ratings(org_a):
    assert [s for s in work_record_for(org_a.peer).sections if s.key == "growth"] == []


def _mixed(org):
    """Three rated competences: one safe to name, one with a neutral title, one that reveals the programme."""
    cash = competence(org.org, "Cash handling")
    competence_save(
        organisation=org.org,
        competence=cash,
        stage=cash.stage,
        name=cash.name,
        steps=[s.description for s in cash.steps.all()],
        reveals_programme=False,
    )
    titled = competence(org.org, "Naloxone and overdose response")
    titled.public_title = "Emergency first response"
    titled.save(update_fields=["public_title"])
    hidden = competence(org.org, "Safer injecting advice")
    for comp, level in ((cash, 2), (titled, 3), (hidden, 4)):
        rate(org.peer, comp, level, org.supervisor)


def test_a_discreet_record_names_competences_whose_names_are_safe_and_counts_the_others(org_a, client_for):
    _mixed(org_a)
    [section] = [s for s in work_record_for(org_a.peer).sections if s.key == "growth"]
    assert section.items == [
        "Cash handling: step 2 of 4",
        "Emergency first response: step 3 of 4",
        "1 other competence assessed by a supervisor.",
    ]
    page = client_for(org_a.peer_user).get(reverse("workrecord:mine")).content.decode()
    record = page[page.index('class="work-record"') :]
    assert "Cash handling: step 2 of 4" in record and "Emergency first response" in record
    assert "Naloxone" not in record and "injecting" not in record


def test_an_open_record_still_names_every_competence_by_its_own_name(org_a):
    _mixed(org_a)
    work_record_choice_set(peer=org_a.peer, open_about_programme=True)
    [section] = [s for s in work_record_for(org_a.peer).sections if s.key == "growth"]
    assert [item.split(":")[0] for item in section.items] == [
        "Cash handling",
        "Naloxone and overdose response",
        "Safer injecting advice",
    ]


def test_a_new_competence_is_only_counted_until_staff_say_its_name_is_safe(org_a):
    comp = competence(org_a.org, "Cash handling")
    assert (comp.reveals_programme, comp.public_title, comp.discreet_name()) == (True, "", "")
