"""Allocation and the week: which week the run form offers, a published week is not run again by
accident (re-opening is explicit and recorded), publishing says who will be told, and a peer sees
why a request was not given and what they got instead."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from peerwork.audit.models import AuditEvent
from peerwork.shifts import services
from peerwork.shifts.models import AllocationRun, Assignment, ShiftStatus
from peerwork.shifts.reasons import reason_text
from tests.factories import PeerWorkerFactory

from .factories import RoleFactory, ShiftFactory, SignUpFactory

# Wednesday 9 December 2026, 10:00 in Toronto (org_a's zone).
NOW = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)
THIS_MONDAY = date(2026, 12, 7)


def _at(org, day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=org.zone)


def _week_value(page: str) -> str:
    match = re.search(r'<input type="date" name="week" value="([^"]*)"', page)
    assert match, "no week field on the run form"
    return match.group(1)


def _published_week(org_a, *, slots: int = 1, peers: int = 2):
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        slots=slots,
        starts_at=_at(org_a.org, THIS_MONDAY + timedelta(8)),
    )
    signups = [SignUpFactory(shift=shift) for _ in range(peers)]
    run = services.allocation_run(
        organisation=org_a.org, week_start=THIS_MONDAY + timedelta(7), by=org_a.coordinator, seed=3
    )
    services.allocation_publish(run=run, by=org_a.coordinator)
    return shift, signups, run


# --- the run form's week -------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_run_form_offers_the_next_week_open_for_sign_up(org_a, client_for):
    # This week is published already; the week after next has open shifts: that one is offered.
    ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        starts_at=_at(org_a.org, THIS_MONDAY + timedelta(3)),
        status=ShiftStatus.PUBLISHED,
    )
    ShiftFactory(
        organisation=org_a.org, site=org_a.site, starts_at=_at(org_a.org, THIS_MONDAY + timedelta(16))
    )
    # An open shift already past does not count.
    ShiftFactory(
        organisation=org_a.org, site=org_a.site, starts_at=_at(org_a.org, THIS_MONDAY - timedelta(5))
    )
    page = client_for(org_a.coordinator).get(reverse("shifts:runs")).content.decode()
    assert _week_value(page) == "2026-12-21"


@time_machine.travel(NOW, tick=False)
def test_run_form_with_nothing_open_offers_next_week(org_a, client_for):
    page = client_for(org_a.coordinator).get(reverse("shifts:runs")).content.decode()
    assert _week_value(page) == "2026-12-14"


@time_machine.travel(NOW, tick=False)
def test_week_page_links_to_the_run_form_for_that_week(org_a, client_for):
    client = client_for(org_a.coordinator)
    page = client.get(reverse("shifts:week"), {"week": "2026-12-21"}).content.decode()
    link = f'href="{reverse("shifts:runs")}?week=2026-12-21"'
    assert link in page
    assert "Run the allocation for this week" in page
    form = client.get(reverse("shifts:runs"), {"week": "2026-12-21"}).content.decode()
    assert _week_value(form) == "2026-12-21"


# --- a published week ----------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_published_week_is_not_run_again_by_accident(org_a, client_for):
    _shift, _signups, run = _published_week(org_a)
    client = client_for(org_a.coordinator)
    response = client.post(reverse("shifts:runs"), {"week": "2026-12-14", "seed": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "already published" in page
    assert "Re-open this week" in page
    assert f'action="{reverse("shifts:run_reopen", args=[run.pk])}"' in page
    assert AllocationRun.objects.count() == 1
    with pytest.raises(services.WeekPublished):
        services.allocation_run(organisation=org_a.org, week_start=THIS_MONDAY + timedelta(7), by=None)


@time_machine.travel(NOW, tick=False)
def test_reopening_needs_a_reason_is_recorded_and_allows_a_new_run(org_a, org_b, client_for):
    shift, _signups, run = _published_week(org_a)
    client = client_for(org_a.coordinator)
    url = reverse("shifts:run_reopen", args=[run.pk])
    # Another organisation's coordinator cannot reach it.
    assert client_for(org_b.coordinator).post(url, {"reason": "x"}).status_code == 404
    # No reason: nothing happens.
    client.post(url, {"reason": "  "})
    run.refresh_from_db()
    assert run.reopened_at is None
    response = client.post(url, {"reason": "Two shifts were added late"})
    assert response["Location"] == f"{reverse('shifts:runs')}?week=2026-12-14"
    run.refresh_from_db()
    assert run.reopened_at is not None
    assert run.reopened_by == org_a.coordinator
    assert run.reopen_reason == "Two shifts were added late"
    event = AuditEvent.objects.get(action="allocation_reopened")
    assert event.detail["reason"] == "Two shifts were added late"
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.OPEN
    review = client.get(reverse("shifts:run", args=[run.pk])).content.decode()
    assert "Two shifts were added late" in review
    # A second re-open of the same run is refused.
    client.post(url, {"reason": "again"})
    assert AuditEvent.objects.filter(action="allocation_reopened").count() == 1
    # Now a new run may be made, and its plan replaces the old one on publish.
    new = client.post(reverse("shifts:runs"), {"week": "2026-12-14", "seed": "5"})
    second = AllocationRun.objects.exclude(pk=run.pk).get()
    assert new["Location"] == reverse("shifts:run", args=[second.pk])
    client.post(reverse("shifts:run_publish", args=[second.pk]))
    held = Assignment.objects.filter(shift=shift, status="assigned")
    assert held.count() == 1
    assert held.get().peer_id == second.decisions.get(outcome="assigned").signup.peer_id


@time_machine.travel(NOW, tick=False)
def test_an_empty_run_says_so_plainly(org_a, client_for):
    client = client_for(org_a.coordinator)
    client.post(reverse("shifts:runs"), {"week": "2026-12-14", "seed": "1"})
    page = client.get(reverse("shifts:run", args=[AllocationRun.objects.get().pk])).content.decode()
    assert "No open places this week." in page
    assert "every place" not in page.lower()
    ShiftFactory(
        organisation=org_a.org, site=org_a.site, starts_at=_at(org_a.org, THIS_MONDAY + timedelta(22))
    )
    client.post(reverse("shifts:runs"), {"week": "2026-12-28", "seed": "1"})
    run = AllocationRun.objects.get(week_start=date(2026, 12, 28))
    page = client.get(reverse("shifts:run", args=[run.pk])).content.decode()
    assert "No requests to allocate." in page
    assert "every place" not in page.lower()


# --- publishing ---------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_publishing_asks_first_and_says_how_many_peers_are_told(org_a, org_b, client_for):
    shift = ShiftFactory(
        organisation=org_a.org, site=org_a.site, slots=1, starts_at=_at(org_a.org, THIS_MONDAY + timedelta(8))
    )
    for _ in range(3):
        SignUpFactory(shift=shift)
    client = client_for(org_a.coordinator)
    client.post(reverse("shifts:runs"), {"week": "2026-12-14", "seed": "1"})
    run = AllocationRun.objects.get()
    url = reverse("shifts:run_publish", args=[run.pk])
    review = client.get(reverse("shifts:run", args=[run.pk])).content.decode()
    assert f'href="{url}"' in review  # the review links to the confirmation, it does not publish
    confirm = client.get(url).content.decode()
    assert "3 peers will be told (1 got a place, 2 did not)." in confirm
    assert f'action="{url}"' in confirm
    run.refresh_from_db()
    assert run.status == "draft"
    assert client_for(org_b.coordinator).get(url).status_code == 404
    assert client_for(org_b.coordinator).post(url).status_code == 404
    client.post(url)
    run.refresh_from_db()
    assert run.status == "published"
    # Once published, the confirmation page is gone: back to the review.
    assert client.get(url)["Location"] == reverse("shifts:run", args=[run.pk])


# --- the peer's own page ------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_declined_request_says_why_and_what_the_peer_got_instead(org_a, client_for):
    monday = THIS_MONDAY + timedelta(7)
    role = RoleFactory(organisation=org_a.org, name="Outreach")
    wanted = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=role,
        slots=1,
        starts_at=_at(org_a.org, monday + timedelta(1)),
    )
    other_role = RoleFactory(organisation=org_a.org, name="Kitchen")
    given = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=other_role,
        slots=1,
        starts_at=_at(org_a.org, monday + timedelta(3)),
    )
    # The other peer has no hours and wins the wanted shift; ours gets the kitchen one.
    rival = PeerWorkerFactory(organisation=org_a.org)
    mine = SignUpFactory(shift=wanted, peer=org_a.peer)
    SignUpFactory(shift=wanted, peer=rival)
    SignUpFactory(shift=given, peer=org_a.peer)
    run = services.allocation_run(organisation=org_a.org, week_start=monday, by=org_a.coordinator, seed=1)
    decision = run.decisions.get(signup=mine)
    if decision.outcome == "assigned":  # the draw went our way: swap by hand so the test is fixed
        services.allocation_edit(
            decision=decision, to_outcome="waitlisted", note="swap", by=org_a.coordinator
        )
        services.allocation_edit(
            decision=run.decisions.get(signup__peer=rival),
            to_outcome="assigned",
            note="swap",
            by=org_a.coordinator,
        )
    services.allocation_publish(run=run, by=org_a.coordinator)
    page = client_for(org_a.peer_user).get(reverse("shifts:mine")).content.decode()
    asked = page.split("Asked for", 1)[1]
    assert "Outreach" in asked
    assert "On the waitlist" in asked
    declined = run.decisions.get(signup=mine)
    assert declined.outcome == "waitlisted"
    assert escape(reason_text(declined.reason_code, declined.reason_params)) in asked
    assert "waitlist" in reason_text(declined.reason_code, declined.reason_params)
    assert "What you got instead this week:" in asked
    assert "Kitchen" in asked


@time_machine.travel(NOW, tick=False)
def test_a_declined_request_with_nothing_instead_says_nothing_this_week(org_a, client_for):
    monday = THIS_MONDAY + timedelta(7)
    role = RoleFactory(organisation=org_a.org, name="Outreach", is_paired=True)
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=role,
        slots=2,
        starts_at=_at(org_a.org, monday + timedelta(1)),
    )
    SignUpFactory(shift=shift, peer=org_a.peer)
    run = services.allocation_run(organisation=org_a.org, week_start=monday, by=org_a.coordinator, seed=1)
    services.allocation_publish(run=run, by=org_a.coordinator)
    page = client_for(org_a.peer_user).get(reverse("shifts:mine")).content.decode()
    asked = page.split("Asked for", 1)[1]
    assert "Outreach" in asked
    assert "Not given to you" in asked
    assert "This role is worked in pairs and no partner could be matched." in asked
    assert "What you got instead: nothing this week." in asked


@time_machine.travel(NOW, tick=False)
def test_publishing_asks_the_rules_again_and_names_a_peer_they_now_refuse(org_a, org_b, client_for):
    from peerwork.peers.models import PeerStatus

    shift = ShiftFactory(
        organisation=org_a.org, site=org_a.site, slots=1, starts_at=_at(org_a.org, THIS_MONDAY + timedelta(8))
    )
    signup = SignUpFactory(shift=shift)
    client = client_for(org_a.coordinator)
    client.post(reverse("shifts:runs"), {"week": "2026-12-14", "seed": "1"})
    run = AllocationRun.objects.get()
    assert run.decisions.get(signup=signup).outcome == "assigned"
    peer = signup.peer
    peer.status = PeerStatus.ON_BREAK  # between the run and publishing, the peer took a break
    peer.save(update_fields=["status"])
    url = reverse("shifts:run_publish", args=[run.pk])
    assert client_for(org_b.coordinator).post(url).status_code == 404
    page = client.post(url, follow=True).content.decode()
    assert "Since the run, the rules refuse some of these places" in page
    assert escape(f"{peer.preferred_name}:") in page
    run.refresh_from_db()
    assert run.status == "draft" and not Assignment.objects.filter(shift=shift).exists()
    # Back from the break, the same plan publishes.
    peer.status = PeerStatus.ACTIVE
    peer.save(update_fields=["status"])
    client.post(url)
    run.refresh_from_db()
    assert run.status == "published" and Assignment.objects.get(shift=shift).peer == peer
