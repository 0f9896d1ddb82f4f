"""Bad input gets clear messages and saves nothing: times, places, overlapping weekly shifts, window."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peerwork.shifts import services
from peerwork.shifts.models import Shift, SignUp, WeeklyTemplate

from .factories import RoleFactory, ShiftFactory


def test_a_shift_ending_before_it_starts_with_no_places_is_refused_and_the_form_keeps_input(
    org_a, client_for
):
    role = RoleFactory(organisation=org_a.org)
    response = client_for(org_a.coordinator).post(
        reverse("shifts:shift_new"),
        {
            "site": org_a.site.pk,
            "role": role.pk,
            "starts_at": "2026-12-08T10:00",
            "ends_at": "2026-12-08T09:00",
            "slots": "0",
            "notes": "bring gloves",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The shift must end after it starts." in page
    assert "greater than or equal to 1" in page
    assert 'value="bring gloves"' in page
    assert Shift.objects.count() == 0


def test_the_service_refuses_bad_times_too(org_a):
    role = RoleFactory(organisation=org_a.org)
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.shift_create(
            organisation=org_a.org, site=org_a.site, role=role, starts_at=start, ends_at=start, slots=0
        )
    assert set(error.value.message_dict) == {"ends_at", "slots"}


def test_overlapping_weekly_shifts_are_refused(org_a, client_for):
    role = RoleFactory(organisation=org_a.org)
    client = client_for(org_a.coordinator)
    data = {
        "site": org_a.site.pk,
        "role": role.pk,
        "weekday": 1,
        "start_time": "09:00",
        "end_time": "13:00",
        "slots": 2,
    }
    assert client.post(reverse("shifts:templates"), data).status_code == 302
    clash = client.post(reverse("shifts:templates"), {**data, "start_time": "12:00", "end_time": "15:00"})
    assert "would overlap" in clash.content.decode()
    assert WeeklyTemplate.objects.count() == 1


def test_generating_a_week_that_overlaps_existing_shifts_creates_nothing(org_a):
    role = RoleFactory(organisation=org_a.org)
    WeeklyTemplate.objects.create(
        organisation=org_a.org, site=org_a.site, role=role, weekday=0, start_time=time(9), end_time=time(12)
    )
    WeeklyTemplate.objects.create(
        organisation=org_a.org, site=org_a.site, role=role, weekday=2, start_time=time(9), end_time=time(12)
    )
    week = org_a.org.today() + timedelta(days=14)
    week -= timedelta(days=week.weekday())
    created = services.templates_generate(organisation=org_a.org, week_start=week, by=org_a.coordinator)
    assert len(created) == 2
    Shift.objects.filter(pk=created[1].pk).delete()
    with pytest.raises(ValidationError, match="Nothing was created"):
        services.templates_generate(organisation=org_a.org, week_start=week, by=org_a.coordinator)
    assert Shift.objects.count() == 1


def test_sign_up_outside_the_window_is_refused(org_a, client_for):
    now = timezone.now()
    not_yet = ShiftFactory(organisation=org_a.org, site=org_a.site, signup_opens_at=now + timedelta(hours=5))
    closed = ShiftFactory(organisation=org_a.org, site=org_a.site, signup_closes_at=now - timedelta(hours=1))
    client = client_for(org_a.peer_user)
    first = client.post(reverse("shifts:sign_up", args=[not_yet.pk]), follow=True).content.decode()
    assert "Sign-up opens on" in first
    second = client.post(reverse("shifts:sign_up", args=[closed.pk]), follow=True).content.decode()
    assert "Sign-up for this shift has closed." in second
    assert SignUp.objects.count() == 0


def test_asking_twice_is_refused(org_a):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site)
    services.signup_create(shift=shift, peer=org_a.peer)
    with pytest.raises(ValidationError, match="already asked"):
        services.signup_create(shift=shift, peer=org_a.peer)
