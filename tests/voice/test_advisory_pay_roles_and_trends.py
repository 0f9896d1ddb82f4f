"""The advisory group's attendance paid through the same rules as all pay, its actions linked to changes
to roles, and what voice adds to the indicators and funder reports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from peerwork.insights.models import ReportTemplate
from peerwork.insights.reports import report_content
from peerwork.insights.selectors import momentum_for
from peerwork.insights.services import rollups_refresh
from peerwork.pay import services as pay_services
from peerwork.pay.models import Payout, PayoutSource, PayoutStatus
from peerwork.support.models import RoleAction, RoleActionKind
from peerwork.voice.models import Action, Decision, Feedback, Meeting
from peerwork.voice.services import (
    action_done,
    action_record,
    decision_record,
    meeting_pay_attendees,
    meeting_record,
    theme_create,
)
from tests.factories import PeerWorkerFactory
from tests.pay.factories import EarningsRuleFactory, RoleFactory

from .factories import feedback

pytestmark = pytest.mark.django_db

# Mid-month and mid-week: the meeting and the earlier pay fall in one benefit period.
NOON = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)


def _near_the_limit(org_a):  # type: ignore[no-untyped-def]
    """A second attendee whose benefit leaves 10.00 of headroom this month."""
    near = PeerWorkerFactory(organisation=org_a.org, preferred_name="Robin")
    near.sites.add(org_a.site)
    pay_services.peer_rule_assign(
        peer=near,
        rule=EarningsRuleFactory(organisation=org_a.org, exempt_amount=Decimal("100.00")),
        starts_on=date(2020, 1, 1),
        actor=org_a.admin,
    )
    pay_services.payout_create_manual(
        organisation=org_a.org, peer=near, amount="90.00", reason="outreach", earned_on=org_a.org.today()
    )
    return near


@time_machine.travel(NOON, tick=False)
def test_attendance_is_paid_through_the_rules_and_the_page_says_who_was_not_and_why(org_a, client_for):
    near = _near_the_limit(org_a)
    client = client_for(org_a.coordinator)
    response = client.post(
        reverse("voice:meeting_list"),
        {
            "held_on": "2026-11-18",
            "agenda": "Opening hours",
            "attendees": [org_a.peer.pk, near.pk],
            "site": org_a.site.pk,
            "starts": "10:00",
            "ends": "11:30",
            "pay_each": "25.00",
        },
        follow=True,
    )
    body = response.content.decode()
    meeting = Meeting.objects.get()
    assert meeting.pay_each == Decimal("25.00")
    paid = Payout.objects.get(source=PayoutSource.ADVISORY)
    assert (paid.peer, paid.amount, paid.site, paid.earned_on, paid.status) == (
        org_a.peer,
        Decimal("25.00"),
        org_a.site,
        date(2026, 11, 18),
        PayoutStatus.PENDING,
    )
    assert "Not paid for the meeting: Robin" in body
    assert "owed at the pay desk" in body
    assert "not paid" in body and "limit" in body

    # Asked again (a limit raised, say), nobody is paid twice.
    assert [peer for peer, _why in meeting_pay_attendees(meeting=meeting)] == [near]
    assert Payout.objects.filter(source=PayoutSource.ADVISORY).count() == 1

    # The next meeting's form starts from what the last one paid.
    page = client.get(reverse("voice:meeting_list")).content.decode()
    assert 'name="pay_each" value="25.00"' in page


def test_pay_needs_the_site_whose_desk_pays_and_the_form_keeps_what_was_typed(org_a, client_for):
    response = client_for(org_a.coordinator).post(
        reverse("voice:meeting_list"),
        {"held_on": "2026-11-18", "agenda": "Kept agenda", "attendees": [org_a.peer.pk], "pay_each": "25"},
    )
    body = response.content.decode()
    assert "Choose the site whose desk pays" in body
    assert "Kept agenda" in body
    assert not Meeting.objects.exists()
    assert not Payout.objects.exists()


def test_an_unpaid_meeting_owes_nothing(org_a):
    meeting = meeting_record(
        organisation=org_a.org,
        held_on=org_a.org.today(),
        attendees=[org_a.peer],
        site=org_a.site,
        starts=datetime(2026, 1, 1, 10).time(),
        ends=datetime(2026, 1, 1, 11).time(),
    )
    assert meeting.pay_each is None
    assert not Payout.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_meeting_pay_through_the_api_and_another_organisation_gets_404(org_a, org_b, client_for):
    near = _near_the_limit(org_a)
    client = client_for(org_a.coordinator)
    created = client.post(
        "/api/v1/voice/meetings",
        json.dumps(
            {
                "held_on": "2026-11-18",
                "attendee_ids": [org_a.peer.pk, near.pk],
                "site_id": org_a.site.pk,
                "starts": "10:00",
                "ends": "11:00",
                "pay_each": "20.00",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert (created.json()["pay_each"], created.json()["site_id"]) == ("20.00", org_a.site.pk)
    url = f"/api/v1/voice/meetings/{created.json()['id']}/pay"
    answer = client.get(url).json()
    assert answer["pay_each"] == "20.00"
    lines = {line["peer_id"]: line for line in answer["attendees"]}
    assert lines[org_a.peer.pk]["status"] == "pending" and lines[org_a.peer.pk]["why_not"] == ""
    assert lines[near.pk]["payout_id"] is None and "limit" in lines[near.pk]["why_not"]
    assert client_for(org_b.coordinator).get(url).status_code == 404
    no_site = client.post(
        "/api/v1/voice/meetings",
        json.dumps({"held_on": "2026-11-18", "pay_each": "20.00"}),
        content_type="application/json",
    )
    assert no_site.status_code == 409
    assert "site" in no_site.json()["errors"]


def test_an_action_linked_to_a_change_to_a_role_shows_on_the_roles_page(org_a, org_b, client_for):
    role = RoleFactory(organisation=org_a.org, name="Drop-in host")
    change = RoleAction.objects.create(
        organisation=org_a.org,
        role=role,
        kind=RoleActionKind.REWRITE,
        note="Say the host also makes the tea",
        review_on=date(2026, 12, 20),
    )
    meeting = meeting_record(organisation=org_a.org, held_on=date(2026, 11, 20))
    decision = decision_record(meeting=meeting, text="The host's job is more than the door")
    client = client_for(org_a.coordinator)
    client.post(
        reverse("voice:action_new", kwargs={"pk": decision.pk}),
        {
            "description": "Rewrite the drop-in host role",
            "owner": "Sam",
            "due_on": "2026-12-15",
            "role_action": change.pk,
        },
    )
    action = Action.objects.get()
    assert action.role_action == change
    meeting_page = client.get(reverse("voice:meeting_detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "a change to the role Drop-in host" in meeting_page
    role_page = client_for(org_a.admin).get(reverse("support:role_detail", args=[role.pk])).content.decode()
    assert "Agreed with the peer advisory group on 20 Nov 2026: Rewrite the drop-in host role" in role_page

    # Another organisation's change to a role: not offered on the page, and a 404 through the API.
    theirs = RoleAction.objects.create(
        organisation=org_b.org,
        role=RoleFactory(organisation=org_b.org),
        kind=RoleActionKind.BRIEF,
        note="theirs",
        review_on=date(2026, 12, 20),
    )
    refused = client.post(
        reverse("voice:action_new", kwargs={"pk": decision.pk}),
        {"description": "Sneak", "owner": "Sam", "due_on": "2026-12-15", "role_action": theirs.pk},
    )
    assert "Select a valid choice" in refused.content.decode()
    api = client.post(
        f"/api/v1/voice/decisions/{decision.pk}/actions",
        json.dumps(
            {"description": "Sneak", "owner": "Sam", "due_on": "2026-12-15", "role_action_id": theirs.pk}
        ),
        content_type="application/json",
    )
    assert api.status_code == 404
    assert Action.objects.count() == 1
    listed = client.get("/api/v1/voice/actions").json()["items"]
    assert [item["role_action_id"] for item in listed] == [change.pk]


def test_voice_indicators_over_time_and_in_a_funder_report_with_small_groups_hidden(org_a):
    org = org_a.org
    org.small_cell_threshold = 5
    org.save()
    today = org.today()
    waiting = theme_create(organisation=org, name="Waiting")
    with time_machine.travel(
        datetime.combine(today - timedelta(days=30), datetime.min.time(), tzinfo=org.zone)
    ):
        feedback(org, 2, site=org_a.site, themes=[waiting])
    feedback(org, 1, site=org_a.other_site)
    feedback(org, 8, site=org_a.site)
    Feedback.objects.filter(pk=Feedback.objects.order_by("pk").last().pk).update(status="held")

    # The group decides on the theme 20 days after it was first raised, with two actions.
    meeting = meeting_record(organisation=org, held_on=today - timedelta(days=10))
    decision = decision_record(meeting=meeting, text="Shorter queues", themes=[waiting])
    on_time = action_record(decision=decision, description="A", owner="Sam", due_on=today - timedelta(days=5))
    action_done(action=on_time, what_changed="done", done_on=today - timedelta(days=6))
    action_record(decision=decision, description="B", owner="Sam", due_on=today - timedelta(days=2))
    action_record(decision=decision, description="C", owner="Sam", due_on=today + timedelta(days=9))
    assert Decision.objects.count() == 1

    first = today - timedelta(days=40)
    rollups_refresh(organisation=org, first_day=first, last_day=today)
    figures = momentum_for(org, first, today, exact=True).figures
    assert figures["feedback_received"].value == 10  # the held one does not count
    assert figures["advisory_actions_on_time"].value == pytest.approx(50)  # C is not due yet
    assert figures["days_theme_to_action"].value == pytest.approx(20)

    template = ReportTemplate.objects.create(
        organisation=org,
        name="Year",
        funder="City",
        indicator_ids=["feedback_received", "advisory_actions_on_time"],
        period_start=first,
        period_end=today,
    )
    template.sites.set([org_a.site, org_a.other_site])
    sections = {s["id"]: s for s in report_content(template)["sections"]}
    (row,) = sections["feedback_received"]["rows"]
    cells = dict(zip(sections["feedback_received"]["columns"], row["cells"], strict=True))
    # One comment from the small site is hidden, and so is the big site, which would give it away
    # beside the total; the total (10 published, rounded to 5) is shown.
    assert (cells[org_a.other_site.name], cells[org_a.site.name], row["total"]) == ("*", "*", "10")
    assert "advisory_actions_on_time" in sections
