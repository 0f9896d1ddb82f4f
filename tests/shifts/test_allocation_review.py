"""A coordinator runs the allocation, sees every reason, edits by hand (recorded) and publishes."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from peerwork.audit.models import AuditEvent
from peerwork.shifts import services
from peerwork.shifts.models import AllocationDecision, AllocationRun, Assignment, ManualEdit, SignUp

from .factories import ShiftFactory, SignUpFactory


def _week_of(shift, org):
    day = timezone.localtime(shift.starts_at, org.zone).date()
    return day.isoformat()


def test_run_review_edit_publish(org_a, org_b, client_for):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=1)
    mine = SignUpFactory(shift=shift, peer=org_a.peer)
    other = SignUpFactory(shift=shift)
    client = client_for(org_a.coordinator)
    response = client.post(reverse("shifts:runs"), {"week": _week_of(shift, org_a.org), "seed": "7"})
    run = AllocationRun.objects.get()
    assert response["Location"] == reverse("shifts:run", args=[run.pk])
    page = client.get(reverse("shifts:run", args=[run.pk])).content.decode()
    assert ": assigned." in page and "See you there" not in page  # about the peer, not to them
    assert "on the waitlist" in page
    winner = AllocationDecision.objects.get(run=run, outcome="assigned")
    loser = AllocationDecision.objects.get(run=run, outcome="waitlisted")
    # The shift is full: giving the place to the waitlisted peer first needs a move to the waitlist.
    full = client.post(
        reverse("shifts:decision_edit", args=[loser.pk]), {"to_outcome": "assigned", "note": "x"}, follow=True
    )
    assert "The shift is full" in full.content.decode()
    client.post(
        reverse("shifts:decision_edit", args=[winner.pk]),
        {"to_outcome": "waitlisted", "note": "asked to swap"},
    )
    client.post(
        reverse("shifts:decision_edit", args=[loser.pk]), {"to_outcome": "assigned", "note": "asked to swap"}
    )
    assert ManualEdit.objects.filter(run=run).count() == 2
    assert AuditEvent.objects.filter(action="allocation_edited").count() == 2
    client.post(reverse("shifts:run_publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "published"
    holder = Assignment.objects.get(shift=shift)
    assert holder.peer_id == loser.signup.peer_id
    assert holder.source == "manual"
    moved = SignUp.objects.get(pk=winner.signup_id)
    assert moved.waitlist_position == 1
    assert "asked to swap" in moved.outcome_reason
    assert {mine.pk, other.pk} == {winner.signup_id, loser.signup_id}
    # Another organisation sees none of it.
    assert client_for(org_b.coordinator).get(reverse("shifts:run", args=[run.pk])).status_code == 404


def test_the_same_seed_gives_the_same_plan(org_a):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=2)
    for _ in range(6):
        SignUpFactory(shift=shift)
    week = timezone.localtime(shift.starts_at, org_a.org.zone).date()
    week = week.fromordinal(week.toordinal() - week.weekday())
    plans = []
    for _ in range(2):
        run = services.allocation_run(organisation=org_a.org, week_start=week, by=org_a.coordinator, seed=99)
        plans.append(sorted(run.decisions.filter(outcome="assigned").values_list("signup_id", flat=True)))
    assert plans[0] == plans[1]


def test_peer_sees_the_reason_after_publishing(org_a, client_for):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=1)
    SignUpFactory(shift=shift, peer=org_a.peer)
    week = timezone.localtime(shift.starts_at, org_a.org.zone).date()
    week = week.fromordinal(week.toordinal() - week.weekday())
    run = services.allocation_run(organisation=org_a.org, week_start=week, by=org_a.coordinator, seed=1)
    services.allocation_publish(run=run, by=org_a.coordinator)
    page = client_for(org_a.peer_user).get(reverse("shifts:mine")).content.decode()
    # The place is the peer's: its card says when check-in opens (the shift is days away).
    assert "Check-in opens" in page


def test_a_big_week_is_reviewed_one_day_at_a_time(org_a, org_b, client_for, monkeypatch):
    """Past REVIEW_ALL_UP_TO shifts the page shows one day, with the week's days to move between."""
    from datetime import timedelta

    from peerwork.shifts import selectors

    first = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=1)
    SignUpFactory(shift=first, peer=org_a.peer)
    day_one = timezone.localtime(first.starts_at, org_a.org.zone).date()
    later = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        slots=1,
        starts_at=first.starts_at + timedelta(days=1),
        ends_at=first.ends_at + timedelta(days=1),
    )
    SignUpFactory(shift=later)
    client = client_for(org_a.coordinator)
    client.post(reverse("shifts:runs"), {"week": _week_of(first, org_a.org), "seed": "7"})
    run = AllocationRun.objects.get()
    url = reverse("shifts:run", args=[run.pk])
    both = client.get(url).content.decode()
    assert f"shift-{first.pk}" in both and f"shift-{later.pk}" in both  # a small week: all on one page

    monkeypatch.setattr(selectors, "REVIEW_ALL_UP_TO", 1)
    page = client.get(url).content.decode()
    assert "review them one day at a time" in page
    assert f"shift-{first.pk}" in page and f"shift-{later.pk}" not in page
    second = client.get(url, {"day": (day_one + timedelta(days=1)).isoformat()}).content.decode()
    assert f"shift-{later.pk}" in second and f"shift-{first.pk}" not in second
    for nonsense in ("2026-02-31", "soon", "1999-01-01"):
        assert f"shift-{first.pk}" in client.get(url, {"day": nonsense}).content.decode()
    assert client_for(org_b.coordinator).get(url, {"day": day_one.isoformat()}).status_code == 404
