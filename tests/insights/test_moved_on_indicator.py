"""'Moved on to work or study': of peers who left, the share who went to a post, a job or education.
Published figures hide small numbers of leavers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerwork.insights.selectors import momentum_for
from peerwork.insights.services import rollups_refresh
from peerwork.peers.services import peer_create, peer_leave

# 8 of 12 moved on (5 jobs, 2 education, 1 staff post)
DESTINATIONS = (
    ["job"] * 5 + ["education"] * 2 + ["staff_post"] + ["treatment", "unknown", "unknown", "programme"]
)


def _leavers(org_a, destinations):  # type: ignore[no-untyped-def]
    org = org_a.org
    for index, destination in enumerate(destinations):
        peer = peer_create(organisation=org, preferred_name=f"Leaver {index}", sites=[org_a.site])
        peer_leave(peer=peer, destination=destination, on=org.today() - timedelta(days=1 + index))


def test_the_share_who_moved_on_counts_posts_jobs_and_education(org_a):
    org = org_a.org
    org.small_cell_threshold = 5
    org.save()
    _leavers(org_a, DESTINATIONS)
    t = org.today()
    rollups_refresh(organisation=org, first_day=t - timedelta(days=30), last_day=t)
    exact = momentum_for(org, t - timedelta(days=30), t, exact=True).figures["moved_on"]
    assert exact.value == pytest.approx(100 * 8 / 12)
    site = momentum_for(org, t - timedelta(days=30), t, site=org_a.site, exact=True).figures["moved_on"]
    assert site.value == pytest.approx(100 * 8 / 12)
    published = momentum_for(org, t - timedelta(days=30), t).figures["moved_on"]
    assert published.value == pytest.approx(67, abs=1) and not published.hidden


def test_a_handful_of_leavers_is_hidden(org_a):
    org = org_a.org
    org.small_cell_threshold = 5
    org.save()
    _leavers(org_a, ["job", "unknown", "education"])
    t = org.today()
    rollups_refresh(organisation=org, first_day=t - timedelta(days=30), last_day=t)
    published = momentum_for(org, t - timedelta(days=30), t).figures["moved_on"]
    assert published.hidden and published.value is None
    assert momentum_for(org, t - timedelta(days=30), t, exact=True).figures[
        "moved_on"
    ].value == pytest.approx(200 / 3)
