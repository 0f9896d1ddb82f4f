"""A coordinator runs the allocation, sees every reason, edits by hand (recorded) and publishes."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from peerwork.audit.models import AuditEvent
from peerwork.shifts import services
from peerwork.shifts.models import AllocationDecision, AllocationRun, Assignment, ManualEdit, SignUp

from .factories import ShiftFactory, SignUpFactory


def _week_of(shift, org):
    day = timezone.localtime(shift.starts_at, org.zone).date()
    return day.isoformat()


def _two_days(persona, *, first_peer=None, later_peer=None):
    """Two one-place shifts of next week, on Tuesday and Wednesday, each with a request."""
    today = persona.org.today()
    tuesday = today + timedelta(days=7 - today.weekday() + 1)
    starts = datetime.combine(tuesday, time(10), tzinfo=persona.org.zone)
    shifts = []
    for n, peer in enumerate((first_peer, later_peer)):
        shift = ShiftFactory(
            organisation=persona.org,
            site=persona.site,
            slots=1,
            starts_at=starts + timedelta(days=n),
            ends_at=starts + timedelta(days=n, hours=4),
        )
        SignUpFactory(shift=shift, **({"peer": peer} if peer else {}))
        shifts.append(shift)
    return shifts


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
    from peerwork.shifts import selectors

    first, later = _two_days(org_a, first_peer=org_a.peer)
    day_one = timezone.localtime(first.starts_at, org_a.org.zone).date()
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


def test_a_hand_edit_on_a_big_week_returns_to_the_shift_s_day(org_a, client_for, monkeypatch):
    """The change is recorded and the coordinator is back on the day they were reviewing, at the shift."""
    from peerwork.shifts import selectors

    monkeypatch.setattr(selectors, "REVIEW_ALL_UP_TO", 1)
    first, later = _two_days(org_a, later_peer=org_a.peer)
    client = client_for(org_a.coordinator)
    client.post(reverse("shifts:runs"), {"week": _week_of(first, org_a.org), "seed": "7"})
    run = AllocationRun.objects.get()
    decision = run.decisions.get(signup__shift=later)
    assert decision.outcome == "assigned"

    response = client.post(
        reverse("shifts:decision_edit", args=[decision.pk]), {"to_outcome": "waitlisted", "note": "swap"}
    )
    later_day = timezone.localtime(later.starts_at, org_a.org.zone).date()
    assert response.url == f"{reverse('shifts:run', args=[run.pk])}?day={later_day:%Y-%m-%d}#shift-{later.pk}"
    page = client.get(response.url).content.decode()
    assert "Change recorded." in page
    assert f'id="shift-{later.pk}"' in page and f'id="shift-{first.pk}"' not in page
    assert "On the waitlist" in page and "edited" in page
