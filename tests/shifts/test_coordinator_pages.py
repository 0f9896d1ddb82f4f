"""Coordinator pages: roles and work streams, weekly shifts into a week, the week grid, fairness."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift, WorkStream

from .factories import RoleFactory, ShiftFactory, SignUpFactory


def test_coordinator_adds_a_work_stream_and_a_paired_role_with_duties(org_a, client_for):
    client = client_for(org_a.coordinator)
    client.post(reverse("shifts:roles"), {"name": "Harm reduction"})
    stream = WorkStream.objects.get(organisation=org_a.org)
    response = client.post(
        reverse("shifts:role_new"),
        {
            "work_stream": stream.pk,
            "name": "Needle recovery",
            "duties_text": "Walk the route\n\nLog the sharps count\n",
            "is_paired": "on",
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(organisation=org_a.org)
    assert role.duties == ["Walk the route", "Log the sharps count"]
    assert role.is_paired
    page = client.get(reverse("shifts:roles")).content.decode()
    assert "Needle recovery" in page and "in pairs" in page


def test_peers_and_evaluators_cannot_open_set_up_pages(org_a, client_for):
    for user in (org_a.peer_user, org_a.evaluator):
        assert client_for(user).get(reverse("shifts:roles")).status_code == 403
        assert client_for(user).get(reverse("shifts:week")).status_code == 403


def test_weekly_shifts_fill_a_week_shown_on_the_grid(org_a, client_for):
    role = RoleFactory(organisation=org_a.org, name="Drop-in host")
    client = client_for(org_a.coordinator)
    client.post(
        reverse("shifts:templates"),
        {
            "site": org_a.site.pk,
            "role": role.pk,
            "weekday": 2,
            "start_time": "10:00",
            "end_time": "15:00",
            "slots": 2,
        },
    )
    week = org_a.org.today() + timedelta(days=7)
    week -= timedelta(days=week.weekday())
    client.post(reverse("shifts:generate"), {"week": week.isoformat()})
    shift = Shift.objects.get()
    assert timezone.localtime(shift.starts_at, org_a.org.zone).weekday() == 2
    page = client.get(
        reverse("shifts:week"), {"week": week.isoformat(), "site": org_a.site.pk}
    ).content.decode()
    assert "Drop-in host" in page and "0 of 2 places" in page


def test_fairness_panel_shows_gini_chart_and_table(org_a, client_for):
    start = timezone.now() - timedelta(days=2)
    for hours in (2, 6):
        shift = ShiftFactory(
            organisation=org_a.org, site=org_a.site, starts_at=start, ends_at=start + timedelta(hours=hours)
        )
        signup = SignUpFactory(shift=shift)
        Assignment.objects.create(
            organisation=org_a.org, shift=shift, peer=signup.peer, status=AssignmentStatus.COMPLETED
        )
    page = client_for(org_a.evaluator).get(reverse("shifts:fairness")).content.decode()
    assert "0.25" in page  # Gini of 2 and 6 hours
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Peers by hours" in page
