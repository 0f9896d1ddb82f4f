"""The momentum dashboard: figures, filters, alerts and clear messages for bad filters."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peerwork.insights.models import RollupRefresh
from peerwork.insights.services import rollups_refresh

from . import factories as f


def _with_history(personas):  # type: ignore[no-untyped-def]
    org = personas.org
    s1, _s2, _s3 = f.ladder(org)
    t = org.today()
    entry = f.role(org)
    newcomer = f.peer(org, "Newcomer", t - timedelta(days=10), personas.site, s1)
    for n in (8, 4, 2):
        f.worked(f.shift(org, personas.site, entry, t - timedelta(days=n)), newcomer)
    rollups_refresh(organisation=org, first_day=t - timedelta(days=30), last_day=t)
    return t


def test_an_evaluator_lands_on_the_dashboard_and_sees_the_figures(org_a, client_for):
    _with_history(org_a)
    client = client_for(org_a.evaluator)
    assert client.get(reverse("home"))["Location"] == reverse("insights:dashboard")
    page = client.get(reverse("insights:dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Active peers" in text
    assert "Shifts to peers in their first 90 days" in text
    assert "data:image/svg+xml;base64," in text  # the chart, with its table beside it


def test_an_empty_period_is_refused_with_a_clear_message(org_a, client_for):
    client = client_for(org_a.evaluator)
    t = org_a.org.today()
    page = client.get(
        reverse("insights:dashboard"),
        {"period": "custom", "start": t.isoformat(), "end": (t - timedelta(days=5)).isoformat()},
    )
    assert page.status_code == 200
    assert "The period is empty" in page.content.decode()


def test_a_site_with_no_data_says_there_are_no_figures(org_a, client_for):
    _with_history(org_a)
    page = client_for(org_a.evaluator).get(reverse("insights:dashboard"), {"site": org_a.other_site.pk})
    assert "No figures for this choice" in page.content.decode()


def test_a_site_of_another_organisation_is_not_a_valid_filter(org_a, org_b, client_for):
    page = client_for(org_b.evaluator).get(reverse("insights:dashboard"), {"site": org_a.site.pk})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()


def test_peers_cannot_open_the_dashboard(org_a, client_for):
    assert client_for(org_a.peer_user).get(reverse("insights:dashboard")).status_code == 403


def test_the_update_button_rebuilds_the_figures(org_a, client_for, django_capture_on_commit_callbacks):
    _with_history(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org_a.coordinator).post(reverse("insights:refresh"))
    refresh = RollupRefresh.objects.filter(organisation=org_a.org).first()
    assert refresh.status == RollupRefresh.Status.DONE and refresh.rows_written > 0
    assert response.status_code == 302
    page = client_for(org_a.coordinator).get(reverse("insights:dashboard"))
    assert "Figures last rebuilt" in page.content.decode()


def _queued(org, seconds_ago):  # type: ignore[no-untyped-def]
    t = org.today()
    refresh = RollupRefresh.objects.create(organisation=org, first_day=t - timedelta(days=3), last_day=t)
    RollupRefresh.objects.filter(pk=refresh.pk).update(
        created_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    return refresh


def test_a_rebuild_queued_a_moment_ago_is_said_to_be_under_way(org_a, org_b, client_for):
    refresh = _queued(org_a.org, seconds_ago=1)
    text = client_for(org_a.coordinator).get(reverse("insights:dashboard")).content.decode()
    assert "The figures are being rebuilt" in text
    refresh.refresh_from_db()
    assert refresh.status == RollupRefresh.Status.QUEUED  # left for the task worker
    # Another organisation's rebuild is not this one's.
    assert (
        "being rebuilt"
        not in client_for(org_b.coordinator).get(reverse("insights:dashboard")).content.decode()
    )


def test_a_rebuild_no_worker_took_is_done_by_the_page_that_waits_for_it(org_a, client_for):
    _with_history(org_a)
    refresh = _queued(org_a.org, seconds_ago=30)
    text = client_for(org_a.coordinator).get(reverse("insights:dashboard")).content.decode()
    refresh.refresh_from_db()
    assert refresh.status == RollupRefresh.Status.DONE and refresh.rows_written > 0
    assert "The figures are being rebuilt" not in text
    assert "Active peers" in text
