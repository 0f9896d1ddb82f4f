"""Peers check in and out on the kiosk after a PIN sign-in; wrong PIN and wrong site are handled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.services import peer_credential_set_pin
from peerwork.shifts import hooks, services
from peerwork.shifts.models import Assignment, AssignmentStatus
from tests.foundation.factories import kiosk_client, make_kiosk

from .factories import RoleFactory, ShiftFactory, WorkOrderFactory

PIN = "4826"


def _kiosk_session(org, site):
    _device, raw = make_kiosk(org, site=site)
    credential = peer_credential_set_pin(user=org.peer_user, pin=PIN, organisation=org.org)
    client = kiosk_client(raw)
    person = reverse("accounts:kiosk_person", kwargs={"pk": credential.pk})
    wrong = client.post(person, {"pin": "0000"})
    assert wrong.status_code == 200 and "PIN is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post(person, {"pin": PIN}).status_code == 302
    return client


def _assignment(org, site, *, minutes_ago=7, order=None):
    role = RoleFactory(organisation=org.org, duties=["Hand out supplies", "Talk with people"])
    shift = ShiftFactory(
        organisation=org.org,
        site=site,
        role=role,
        starts_at=timezone.now() - timedelta(minutes=minutes_ago),
        status="published",
        work_order=order,
    )
    return Assignment.objects.create(organisation=org.org, shift=shift, peer=org.peer)


def test_peer_checks_in_late_and_out_with_duties_other_work_and_quantity(
    org_a, django_capture_on_commit_callbacks
):
    order = WorkOrderFactory(organisation=org_a.org, unit="letters")
    assignment = _assignment(org_a, org_a.site, order=order)
    client = _kiosk_session(org_a, org_a.site)
    page = client.get(reverse("shifts:mine")).content.decode()
    assert "Check in" in page
    client.post(reverse("shifts:check_in", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CHECKED_IN
    assert assignment.minutes_late == 7
    assert assignment.check_in_channel == "kiosk"
    seen = []
    hooks.assignment_checked_out.register("test", seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("shifts:check_out", args=[assignment.pk]),
                {"duties": ["Hand out supplies"], "other": "housing paperwork help", "quantity": "350"},
            )
    finally:
        hooks.assignment_checked_out.register("test", lambda a: None)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.COMPLETED
    assert assignment.duties_done == ["Hand out supplies"]
    assert assignment.other_work == "housing paperwork help"
    assert assignment.quantity_done == 350
    assert assignment.minutes_early is not None and assignment.minutes_early > 0
    assert seen == [assignment]


def test_check_in_on_a_kiosk_at_another_site_is_refused_with_a_clear_message(org_a):
    assignment = _assignment(org_a, org_a.site)
    client = _kiosk_session(org_a, org_a.other_site)
    response = client.post(reverse("shifts:check_in", args=[assignment.pk]), follow=True)
    assert "not here at" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED


def test_the_desk_checks_a_peer_in_only_at_the_shift_site(org_a, client_for):
    assignment = _assignment(org_a, org_a.site)
    client = client_for(org_a.coordinator)
    url = reverse("shifts:desk_check_in", args=[assignment.pk])
    response = client.post(url, {"site": org_a.other_site.pk}, follow=True)
    assert "not here at" in response.content.decode()
    client.post(url, {"site": org_a.site.pk})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CHECKED_IN
    assert assignment.checked_in_by == org_a.coordinator
    assert assignment.check_in_channel == "desk"


@pytest.mark.parametrize("duties", [["Not a duty of this role"]])
def test_check_out_refuses_unknown_duties_and_keeps_the_place_checked_in(org_a, duties):
    assignment = _assignment(org_a, org_a.site)
    services.assignment_check_in(assignment=assignment, site=org_a.site, channel="desk", by=org_a.coordinator)
    with pytest.raises(Exception, match="not duties"):
        services.assignment_check_out(assignment=assignment, duties=duties, by=org_a.coordinator)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CHECKED_IN


def test_another_organisations_peer_cannot_check_in_here(org_a, org_b, client_for):
    assignment = _assignment(org_a, org_a.site)
    response = client_for(org_b.peer_user).post(reverse("shifts:check_in", args=[assignment.pk]))
    assert response.status_code == 404
