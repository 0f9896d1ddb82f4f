"""A peer sees what they have done over a chosen period, in plain words, and only they do."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.accounts.roles import Role
from peerwork.pathway.models import MentoringContact, Mentorship
from peerwork.services.contribution import contribution_for, contribution_period
from peerwork.shifts.models import AssignmentStatus, WorkOrder
from peerwork.workrecord.selectors import work_record_for

from ..factories import MembershipFactory, PeerWorkerFactory, UserFactory
from .factories import (
    AssignmentFactory,
    OverdoseResponseFactory,
    RoleFactory,
    ServiceEntryFactory,
    ShiftFactory,
    WorkStreamFactory,
)


def _noon(p, days_ago: int) -> datetime:  # type: ignore[no-untyped-def]
    day = p.org.today() - timedelta(days=days_ago)
    return datetime.combine(day, time(12, 0), tzinfo=p.org.zone)


def _worked(p, role_name: str, days_ago: int, hours: int, order=None, done=None):  # type: ignore[no-untyped-def]
    starts = _noon(p, days_ago)
    shift = ShiftFactory(
        organisation=p.org,
        site=p.site,
        role=RoleFactory(organisation=p.org, name=role_name),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        work_order=order,
    )
    return AssignmentFactory(
        shift=shift,
        peer=p.peer,
        status=AssignmentStatus.COMPLETED,
        checked_in_at=starts,
        checked_out_at=starts + timedelta(hours=hours),
        quantity_done=done,
    )


def _history(p) -> None:  # type: ignore[no-untyped-def]
    order = WorkOrder.objects.create(
        organisation=p.org,
        work_stream=WorkStreamFactory(organisation=p.org, name="Mailing"),
        customer="City library",
        description="Fold and post 500 letters",
        quantity=500,
    )
    _worked(p, "Needle recovery", 3, 4)
    _worked(p, "Needle recovery", 4, 4)
    _worked(p, "Mailing", 5, 3, order=order, done=220)
    ServiceEntryFactory(
        organisation=p.org, site=p.site, peer=p.peer, kind="sharps", quantity=31, occurred_at=_noon(p, 3)
    )
    ServiceEntryFactory(
        organisation=p.org, site=p.site, peer=p.peer, kind="contact", quantity=12, occurred_at=_noon(p, 3)
    )
    ServiceEntryFactory(
        organisation=p.org,
        site=p.site,
        peer=p.peer,
        kind="naloxone_training",
        quantity=2,
        occurred_at=_noon(p, 4),
    )
    event = OverdoseResponseFactory(organisation=p.org, site=p.site, occurred_at=_noon(p, 4))
    event.responders.set([p.peer])
    mentee = PeerWorkerFactory(organisation=p.org)
    mentorship = Mentorship.objects.create(
        organisation=p.org, mentor=p.peer, mentee=mentee, started_on=p.org.today() - timedelta(days=30)
    )
    MentoringContact.objects.create(
        organisation=p.org, mentorship=mentorship, happened_on=p.org.today() - timedelta(days=2), minutes=90
    )
    # Outside the period, and someone else's work: neither counts.
    ServiceEntryFactory(
        organisation=p.org, site=p.site, peer=p.peer, kind="sharps", quantity=99, occurred_at=_noon(p, 40)
    )
    ServiceEntryFactory(
        organisation=p.org, site=p.site, peer=mentee, kind="sharps", quantity=77, occurred_at=_noon(p, 3)
    )


def test_the_contribution_counts_each_kind_of_work_in_the_period(org_a):
    _history(org_a)
    today = org_a.org.today()
    done = contribution_for(org_a.peer, today - timedelta(days=10), today)
    assert done.hours_by_role == [("Needle recovery", Decimal("8.00")), ("Mailing", Decimal("3.00"))]
    assert (done.shifts, done.needles, done.people_met, done.trainings_given) == (3, 31, 12, 2)
    assert (done.overdose_responses, done.mentoring_contacts, done.mentoring_minutes) == (1, 1, 90)
    assert done.orders == [("City library: Fold and post 500 letters", 220)]
    assert done.lines() == [
        "8 hours as Needle recovery",
        "3 hours as Mailing",
        "31 needles recovered",
        "Responded to 1 overdose",
        "Trained 2 people to use naloxone",
        "Met 12 people",
        "Mentored a new peer 1 time (1.5 hours)",
        "Worked on the order “City library: Fold and post 500 letters” (220 done)",
    ]


def test_a_discreet_work_record_names_no_needles_overdoses_or_roles(org_a):
    _history(org_a)
    section = next(s for s in work_record_for(org_a.peer).sections if s.key == "contribution")
    text = " ".join(section.items).lower()
    assert "11 hours of paid work in 3 shifts" in text and "met 12 people" in text
    for word in ("needle", "overdose", "naloxone"):
        assert word not in text


def test_periods_are_this_month_the_last_three_months_a_year_or_chosen_dates(org_a):
    today = org_a.org.today()
    assert contribution_period(org_a.org, "month") == ("month", today.replace(day=1), today)
    _p, start, _end = contribution_period(org_a.org, "quarter")
    assert 89 <= (today - start).days <= 92
    _p, start, _end = contribution_period(org_a.org, "year")
    assert 365 <= (today - start).days <= 366
    assert contribution_period(org_a.org, "custom", "2024-01-01", "2024-03-31") == (
        "custom",
        date(2024, 1, 1),
        date(2024, 3, 31),
    )


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("", "", "as dates"),
        ("2024-13-01", "2024-12-01", "as dates"),
        ("2024-05-01", "2024-04-01", "before the last day"),
        ("2099-01-01", "2099-02-01", "in the future"),
        ("2000-01-01", "2024-01-01", "five years"),
    ],
)
def test_a_chosen_period_that_cannot_be_used_says_why(org_a, start, end, words):
    with pytest.raises(ValidationError) as caught:
        contribution_period(org_a.org, "custom", start, end)
    assert words in " ".join(caught.value.messages)


def test_the_peer_opens_their_contribution_page_for_a_chosen_period(org_a, client_for):
    _history(org_a)
    today = org_a.org.today()
    url = reverse("services:my_contribution")
    query = {"period": "custom", "start": (today - timedelta(days=10)).isoformat(), "end": today.isoformat()}
    html = client_for(org_a.peer_user).get(url, query).content.decode()
    assert "31 needles recovered" in html and "8 hours as Needle recovery" in html
    assert "In all: 3 shifts worked." in html and "data-print" in html
    bad = (
        client_for(org_a.peer_user).get(url, {"period": "custom", "start": "x", "end": "y"}).content.decode()
    )
    assert "as dates" in bad


def test_my_work_shows_the_contribution_panel(org_a, client_for):
    html = client_for(org_a.peer_user).get(reverse("peers:my_work")).content.decode()
    assert "What you have done" in html and reverse("services:my_contribution") in html


def test_nobody_else_sees_a_peers_contribution(org_a, org_b, client_for):
    _history(org_a)
    url = reverse("services:my_contribution") + "?period=year"
    colleague = UserFactory(username="a_colleague")
    MembershipFactory(user=colleague, organisation=org_a.org, role=Role.PEER)
    PeerWorkerFactory(organisation=org_a.org, preferred_name="Colleague", user=colleague)
    for user in (colleague, org_b.peer_user):
        html = client_for(user).get(url).content.decode()
        assert "31 needles" not in html and org_a.peer.preferred_name not in html
    assert client_for(org_a.coordinator).get(url).status_code in (403, 404)


def test_the_contribution_takes_a_few_queries_however_much_was_done(org_a, django_assert_max_num_queries):
    _history(org_a)
    _history_more = [_worked(org_a, f"Role {n}", 6 + n, 2) for n in range(5)]
    assert len(_history_more) == 5
    today = org_a.org.today()
    with django_assert_max_num_queries(6):
        contribution_for(org_a.peer, today - timedelta(days=30), today)


def test_staff_see_a_peers_contribution_on_their_page_and_another_organisation_gets_404(
    org_a, org_b, client_for
):
    _history(org_a)
    url = reverse("peers:detail", args=[org_a.peer.pk])
    html = client_for(org_a.coordinator).get(url).content.decode()
    assert "Contribution, last 3 months" in html and "130 needles recovered" in html
    assert client_for(org_b.coordinator).get(url).status_code == 404
