"""A coordinator limited to one site reviews only that site's shifts of an organisation-wide run,
so publishing the run (which would decide the other site's places too) is refused; B gets 404."""

from __future__ import annotations

from django.urls import reverse

from peerwork.shifts import services
from peerwork.shifts.models import AllocationRun, RunStatus

from .shifts.factories import ShiftFactory, SignUpFactory
from .test_site_limited_lists import _limit


def _run_over_both_sites(org_a) -> AllocationRun:  # type: ignore[no-untyped-def]
    own = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=1)
    other = ShiftFactory(organisation=org_a.org, site=org_a.other_site, slots=1, starts_at=own.starts_at)
    SignUpFactory(shift=own)
    SignUpFactory(shift=other)
    week = own.starts_at.astimezone(org_a.org.zone).date()
    week = week.fromordinal(week.toordinal() - week.weekday())
    return services.allocation_run(organisation=org_a.org, week_start=week, by=org_a.coordinator, seed=1)


def test_a_site_limited_coordinator_cannot_publish_other_sites_places(org_a, org_b, client_for):
    run = _run_over_both_sites(org_a)
    _limit(org_a.coordinator, org_a, org_a.site)
    url = reverse("shifts:run_publish", args=[run.pk])

    page = client_for(org_a.coordinator).post(url, follow=True).content.decode()
    assert "sites you do not run" in page
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT

    assert client_for(org_b.coordinator).post(url).status_code == 404
    # A coordinator of every site publishes it.
    client_for(org_a.admin).post(url)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
