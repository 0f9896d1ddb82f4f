"""The peer advisory group meets, decides and acts; "you said, we did" shows what changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from peerwork.participation.models import ActivityKind, Participation
from peerwork.voice.models import Action, Decision, Meeting
from peerwork.voice.services import decision_record, meeting_record, theme_create

from .factories import feedback, poster

pytestmark = pytest.mark.django_db


def _meeting(client, org):  # type: ignore[no-untyped-def]
    client.post(
        reverse("voice:meeting_list"),
        {"held_on": "2026-11-20", "agenda": "Waiting times", "attendees": [org.peer.pk]},
    )
    return Meeting.objects.get(organisation=org.org)


def test_an_action_without_an_owner_is_refused_and_nothing_is_lost(org_a, client_for):
    client = client_for(org_a.coordinator)
    meeting = _meeting(client, org_a)
    assert list(meeting.attendees.all()) == [org_a.peer]
    client.post(reverse("voice:meeting_detail", kwargs={"pk": meeting.pk}), {"text": "Open earlier"})
    decision = Decision.objects.get()
    response = client.post(
        reverse("voice:action_new", kwargs={"pk": decision.pk}),
        {"description": "Open the door at 9", "owner": "", "due_on": "2026-12-01"},
    )
    body = response.content.decode()
    assert "Every action needs an owner" in body
    assert "Open the door at 9" in body
    assert Action.objects.count() == 0


def test_a_decided_action_shows_on_you_said_we_did_for_peers_and_the_public(org_a, org_b, client_for):
    org_a.org.small_cell_threshold = 1
    org_a.org.save()
    theme = theme_create(organisation=org_a.org, name="Waiting times")
    feedback(org_a.org, 3, themes=[theme])
    client = client_for(org_a.coordinator)
    meeting = _meeting(client, org_a)
    client.post(
        reverse("voice:meeting_detail", kwargs={"pk": meeting.pk}),
        {"text": "Open the drop-in earlier", "themes": [theme.pk]},
    )
    decision = Decision.objects.get()
    client.post(
        reverse("voice:action_new", kwargs={"pk": decision.pk}),
        {"description": "Open the door at 9", "owner": "Sam (coordinator)", "due_on": "2026-12-01"},
    )
    action = Action.objects.get()
    assert (action.owner, action.due_on) == ("Sam (coordinator)", date(2026, 12, 1))
    client.post(reverse("voice:action_done", kwargs={"pk": action.pk}), {"what_changed": "We open at 9 now"})

    page = client_for(org_a.peer_user).get(reverse("voice:my_you_said")).content.decode()
    assert "Waiting times" in page
    assert "raised about 5 times" in page  # 3, rounded: a count of people is never shown exactly
    assert "Open the drop-in earlier" in page
    assert "We open at 9 now" in page
    assert (
        "Waiting times" not in client_for(org_b.peer_user).get(reverse("voice:my_you_said")).content.decode()
    )
    for user in (org_b.admin, org_b.coordinator):
        assert (
            client_for(user).get(reverse("voice:meeting_detail", kwargs={"pk": meeting.pk})).status_code
            == 404
        )
    assert client_for(org_a.evaluator).get(reverse("voice:meeting_list")).status_code == 403


def test_a_peer_gives_feedback_from_my_work_and_may_sign_it(org_a, client_for):
    client = client_for(org_a.peer_user)
    assert "Give feedback" in client.get(reverse("peers:my_work")).content.decode()
    client.post(reverse("voice:my_feedback"), {"rating": "5", "text": "Good team", "put_name": "on"})
    client.post(reverse("voice:my_feedback"), {"rating": "3"})
    signed, anonymous = org_a.org.feedback.order_by("id")
    assert signed.named_peer == org_a.peer
    assert anonymous.named_peer is None


def test_attendance_at_a_meeting_with_a_place_and_times_counts_as_participation(org_a, client_for):
    client = client_for(org_a.coordinator)
    missing_times = client.post(
        reverse("voice:meeting_list"),
        {"held_on": "2026-11-20", "attendees": [org_a.peer.pk], "site": org_a.site.pk},
    )
    assert "Give the start and end time" in missing_times.content.decode()
    assert Meeting.objects.count() == 0
    client.post(
        reverse("voice:meeting_list"),
        {
            "held_on": "2026-11-20",
            "attendees": [org_a.peer.pk],
            "site": org_a.site.pk,
            "starts": "10:00",
            "ends": "11:30",
        },
    )
    meeting = Meeting.objects.get()
    assert meeting.activity is not None
    assert meeting.activity.kind == ActivityKind.PEER_LED
    assert list(Participation.objects.filter(activity=meeting.activity).values_list("peer", flat=True)) == [
        org_a.peer.pk
    ]


def test_the_poster_link_shows_you_said_we_did_to_anyone_unless_switched_off(org_a):
    theme = theme_create(organisation=org_a.org, name="Opening hours")
    meeting = meeting_record(organisation=org_a.org, held_on=date(2026, 11, 20))
    decision_record(meeting=meeting, text="Open at nine on weekdays", themes=[theme])
    link = poster(org_a.org)
    url = reverse("voice:you_said_public", kwargs={"token": link.token})
    page = Client().get(url).content.decode()
    assert "Opening hours" in page
    assert "Open at nine on weekdays" in page
    link.shows_you_said = False
    link.save()
    assert Client().get(url).status_code == 404


def test_an_action_is_owned_by_a_member_picked_from_the_list_or_by_a_named_group(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    meeting = _meeting(client, org_a)
    client.post(reverse("voice:meeting_detail", kwargs={"pk": meeting.pk}), {"text": "Longer hours"})
    decision = Decision.objects.get()
    url = reverse("voice:action_new", kwargs={"pk": decision.pk})
    form = client.get(url).content.decode()
    assert str(org_a.supervisor) in form and str(org_b.coordinator) not in form  # members of A only
    client.post(
        url, {"description": "Ask the landlord", "owner_user": org_a.supervisor.pk, "due_on": "2026-12-20"}
    )
    action = Action.objects.get()
    assert (action.owner_user, action.owner) == (org_a.supervisor, str(org_a.supervisor))
    # Another organisation's member is not a choice; nothing is saved and what was typed stays.
    page = client.post(
        url, {"description": "Paint the door", "owner_user": org_b.coordinator.pk, "due_on": "2026-12-20"}
    ).content.decode()
    assert "Select a valid choice" in page and 'value="Paint the door"' in page
    # A group outside the member list is named instead.
    client.post(url, {"description": "Plan the vote", "owner": "Peer advisory group", "due_on": "2026-12-20"})
    assert Action.objects.get(description="Plan the vote").owner_user is None
    assert Action.objects.count() == 2
