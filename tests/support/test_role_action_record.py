"""When a role drifts the organisation acts on the role, with a review date, and the dashboard tracks it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.support.models import RoleAction, RoleActionKind
from peerwork.support.rolework import role_action_close, role_action_record

from .factories import role_with_duties, worked_shift


def _action(role, **kwargs):  # type: ignore[no-untyped-def]
    values = {
        "kind": RoleActionKind.REWRITE,
        "note": "Write the front desk into the description",
        "review_on": role.organisation.today() + timedelta(days=28),
    }
    values.update(kwargs)
    return role_action_record(role=role, **values)


def test_a_coordinator_records_an_action_on_the_drifting_role(org_a, client_for):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site, other_work="Front desk cover")
    client = client_for(org_a.coordinator)
    page = reverse("support:role_detail", args=[role.pk])

    shown = client.get(page).content.decode()
    assert "What the description says" in shown and "What was logged" in shown and "What peers say" in shown
    assert "Front desk cover" in shown
    review = org_a.org.today() + timedelta(days=21)
    response = client.post(
        page,
        {"kind": RoleActionKind.STAFFING, "note": "A second person on the desk", "review_on": review},
        follow=True,
    )

    action = RoleAction.objects.get()
    assert (action.role, action.kind, action.review_on, action.is_open) == (
        role,
        RoleActionKind.STAFFING,
        review,
        True,
    )
    assert action.created_by == org_a.coordinator
    assert "The action on the role is recorded." in response.content.decode()
    assert "A second person on the desk" in response.content.decode()


def test_a_review_date_in_the_past_or_an_empty_note_is_refused_and_nothing_saved(org_a, client_for):
    role = role_with_duties(org_a.org)
    yesterday = org_a.org.today() - timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        _action(role, review_on=yesterday, note="  ")
    assert set(error.value.message_dict) == {"review_on", "note"}

    response = client_for(org_a.coordinator).post(
        reverse("support:role_detail", args=[role.pk]),
        {"kind": RoleActionKind.BRIEF, "note": "Brief the team on the desk", "review_on": yesterday},
    )
    page = response.content.decode()
    assert "The review date is in the past." in page
    assert "Brief the team on the desk" in page  # what was typed is kept
    assert not RoleAction.objects.exists()


def test_an_action_is_closed_with_its_outcome_and_an_empty_outcome_is_refused(org_a, client_for):
    action = _action(role_with_duties(org_a.org))
    client = client_for(org_a.supervisor)
    url = reverse("support:role_action_outcome", args=[action.pk])

    client.post(url, {"outcome": "  "})
    action.refresh_from_db()
    assert action.is_open

    client.post(url, {"outcome": "Description rewritten; drift down to 10 %"})
    action.refresh_from_db()
    assert not action.is_open and action.closed_on == org_a.org.today()
    assert action.outcome == "Description rewritten; drift down to 10 %"
    with pytest.raises(ValidationError):
        role_action_close(action=action, outcome="Again")


def test_the_dashboard_tracks_open_and_overdue_role_actions_and_unanswered_drift(org_a, org_b, client_for):
    role = role_with_duties(org_a.org)
    other = role_with_duties(org_a.org, name="Mailing", duties=("Fold and stuff letters",))
    worked_shift(org_a.peer, other, org_a.site, other_work="Sharps around the building")
    overdue = _action(role)
    RoleAction.objects.filter(pk=overdue.pk).update(review_on=org_a.org.today() - timedelta(days=3))
    _action(role, kind=RoleActionKind.BRIEF, note="Team meeting")

    page = client_for(org_a.evaluator).get(reverse("insights:dashboard")).content.decode()
    elsewhere = client_for(org_b.admin).get(reverse("insights:dashboard")).content.decode()

    assert "2 open actions on roles, 1 past their review date." in page
    assert "with no action recorded on the role yet:" in page and "Mailing" in page
    assert reverse("support:role_detail", args=[role.pk]) not in page  # an evaluator reads, does not act
    assert "0 open actions on roles" in elsewhere and "Mailing" not in elsewhere
    coordinator_page = client_for(org_a.coordinator).get(reverse("insights:dashboard")).content.decode()
    assert reverse("support:role_detail", args=[role.pk]) in coordinator_page


def test_role_pages_are_404_for_another_organisation_and_403_for_a_peer(org_a, org_b, client_for):
    role = role_with_duties(org_a.org)
    action = _action(role)

    for user in (org_b.admin, org_b.coordinator, org_b.supervisor):
        client = client_for(user)
        assert client.get(reverse("support:role_detail", args=[role.pk])).status_code == 404
        closed = client.post(reverse("support:role_action_outcome", args=[action.pk]), {"outcome": "x"})
        assert closed.status_code == 404
    assert client_for(org_a.peer_user).get(reverse("support:role_detail", args=[role.pk])).status_code == 403
    action.refresh_from_db()
    assert action.is_open
