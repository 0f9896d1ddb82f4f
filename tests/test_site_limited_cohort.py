"""Cohort results for a person limited to one site count only that site's sittings: a client's
sitting at the other site is not in their "All sites" figures; B's organisation counts none of A's."""

from __future__ import annotations

from datetime import timedelta

from peerwork.accounts.sites import acting_for
from peerwork.assessments.selectors import cohort_stats

from .assessments.factories import enable_clients, finished, instrument
from .test_site_limited_lists import _limit


def _people(org, user) -> int | None:  # type: ignore[no-untyped-def]
    today = org.today()
    with acting_for(user, org):
        found = instrument(org, "recovery-checkin")
        return cohort_stats(org, found, start=today - timedelta(days=30), end=today).people


def test_a_site_limited_evaluator_counts_only_their_sites_sittings(org_a, org_b):
    org = org_a.org
    org.small_cell_threshold = 0
    org.save()
    enable_clients(org)
    for letter in "ABC":
        finished(org, client_code=f"F-AAA{letter}-1980", site=org_a.site)
    for letter in "DEFGHI":
        finished(org, client_code=f"F-AAA{letter}-1980", site=org_a.other_site)
    assert _people(org, org_a.evaluator) == 10  # 9 people, rounded to the nearest 5

    _limit(org_a.evaluator, org_a, org_a.site)
    assert _people(org, org_a.evaluator) == 5  # the 3 of their site
    # Another organisation's evaluator counts nothing of A's.
    enable_clients(org_b.org)
    assert _people(org_b.org, org_b.evaluator) == 0
