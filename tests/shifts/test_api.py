"""The shifts API: roles, shifts, sign-ups, allocation runs with reasons, attendance."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from peerwork.shifts.models import Assignment, Shift

from .factories import RoleFactory, ShiftFactory


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_coordinator_creates_a_shift_and_bad_times_are_refused(org_a, client_for):
    client = client_for(org_a.coordinator)
    role = RoleFactory(organisation=org_a.org)
    starts = timezone.now() + timedelta(days=3)
    ok = _post(
        client,
        "/api/v1/shifts/",
        {
            "site_id": org_a.site.pk,
            "role_id": role.pk,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=4)).isoformat(),
            "slots": 2,
        },
    )
    assert ok.status_code == 201, ok.content
    shift = {
        "site_id": org_a.site.pk,
        "role_id": role.pk,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=4)).isoformat(),
        "slots": 2,
    }
    backwards = _post(
        client, "/api/v1/shifts/", {**shift, "ends_at": (starts - timedelta(hours=1)).isoformat()}
    )
    assert backwards.status_code == 409
    assert backwards.json()["errors"]["ends_at"] == ["The shift must end after it starts."]
    no_places = _post(client, "/api/v1/shifts/", {**shift, "slots": 0})
    assert no_places.status_code == 422  # the schema says a shift has 1 place or more
    assert "slots" in no_places.json()["errors"]
    assert Shift.objects.count() == 1


def test_peer_signs_up_then_a_run_explains_and_publishes(org_a, client_for):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=1)
    peer_client = client_for(org_a.peer_user)
    asked = _post(peer_client, f"/api/v1/shifts/{shift.pk}/signups", {"rank": 1})
    assert asked.status_code == 201, asked.content
    coordinator = client_for(org_a.coordinator)
    week = timezone.localtime(shift.starts_at, org_a.org.zone).date()
    run = _post(coordinator, "/api/v1/shifts/allocation-runs", {"week_start": week.isoformat(), "seed": 4})
    assert run.status_code == 201, run.content
    run_id = run.json()["id"]
    detail = coordinator.get(f"/api/v1/shifts/allocation-runs/{run_id}").json()
    assert [d["reason"] for d in detail["decisions"]] == ["Assigned. See you there."]
    published = _post(coordinator, f"/api/v1/shifts/allocation-runs/{run_id}/publish", {})
    assert published.status_code == 200
    assert Assignment.objects.filter(shift=shift, peer=org_a.peer).exists()
    listed = coordinator.get(f"/api/v1/shifts/{shift.pk}/attendance").json()
    assert listed["count"] == 1


def test_check_in_at_the_wrong_site_is_refused(org_a, client_for):
    shift = ShiftFactory(
        organisation=org_a.org, site=org_a.site, starts_at=timezone.now() - timedelta(minutes=5)
    )
    assignment = Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    client = client_for(org_a.coordinator)
    wrong = _post(
        client, f"/api/v1/shifts/attendance/{assignment.pk}/check-in", {"site_id": org_a.other_site.pk}
    )
    assert wrong.status_code == 409
    assert "not here" in wrong.json()["errors"]["__all__"][0]
    right = _post(client, f"/api/v1/shifts/attendance/{assignment.pk}/check-in", {"site_id": org_a.site.pk})
    assert right.status_code == 200
    assert right.json()["minutes_late"] == 5


def test_peers_cannot_run_allocations(org_a, client_for):
    response = _post(
        client_for(org_a.peer_user), "/api/v1/shifts/allocation-runs", {"week_start": "2026-12-07"}
    )
    assert response.status_code == 403


def test_openapi_lists_the_shift_routes(org_a, client_for):
    schema = client_for(org_a.coordinator).get("/api/v1/openapi.json").json()
    assert "/api/v1/shifts/allocation-runs" in schema["paths"]
    assert "/api/v1/shifts/attendance/{assignment_id}/check-in" in schema["paths"]


def test_the_week_s_shifts_come_a_page_at_a_time_with_their_role_s_name(org_a, org_b, client_for):
    """The list reads only the page asked for; every page says the week's count."""
    role = RoleFactory(organisation=org_a.org, name="Needle recovery")
    first = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=7)
    monday = timezone.localtime(first, org_a.org.zone).date()
    monday -= timedelta(days=monday.weekday())
    for n in range(103):
        ShiftFactory(
            organisation=org_a.org,
            site=org_a.site,
            role=role,
            starts_at=first + timedelta(minutes=n),
            ends_at=first + timedelta(minutes=n, hours=2),
        )
    ShiftFactory(organisation=org_b.org, starts_at=first, ends_at=first + timedelta(hours=2))
    client = client_for(org_a.coordinator)

    one = client.get("/api/v1/shifts/", {"week": monday.isoformat()}).json()
    two = client.get("/api/v1/shifts/", {"week": monday.isoformat(), "page": 2}).json()

    assert one["count"] == two["count"] == 103
    assert len(one["items"]) == 100 and len(two["items"]) == 3
    ids = [item["id"] for item in one["items"] + two["items"]]
    assert ids == list(
        Shift.objects.filter(organisation=org_a.org).order_by("starts_at", "id").values_list("pk", flat=True)
    )
    assert {item["role"] for item in one["items"] + two["items"]} == {"Needle recovery"}
    assert (
        client_for(org_b.coordinator).get("/api/v1/shifts/", {"week": monday.isoformat()}).json()["count"]
        == 1
    )
