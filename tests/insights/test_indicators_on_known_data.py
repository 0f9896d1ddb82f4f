"""Indicators computed into rollups from a small, hand-checked history, read back for a period."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerwork.insights.indicators import gini
from peerwork.insights.models import IndicatorValue
from peerwork.insights.selectors import momentum_for
from peerwork.insights.services import rollups_refresh
from tests.factories import OrganisationFactory, SiteFactory

from . import factories as f


@pytest.fixture
def history(db):  # type: ignore[no-untyped-def]
    org = OrganisationFactory(slug="known", name="Known data")
    site = SiteFactory(organisation=org, name="Main")
    other = SiteFactory(organisation=org, name="Quiet")
    s1, s2, _s3 = f.ladder(org)
    entry = f.role(org, "Outreach")
    t = org.today()
    a = f.peer(org, "A", t - timedelta(days=200), site, s1)
    b = f.peer(org, "B", t - timedelta(days=20), site, s1, referred_by=a)
    c = f.peer(org, "C", t - timedelta(days=150), site, s1)
    d = f.peer(org, "D", t - timedelta(days=300), site, s1)
    f.promote(a, s2, t - timedelta(days=30))
    shifts = {n: f.shift(org, site, entry, t - timedelta(days=n)) for n in (110, 100, 95, 13, 10, 5, 3)}
    for n, who in ((110, a), (100, c), (95, d), (13, b), (10, a), (5, a), (5, b), (3, d)):
        f.worked(shifts[n], who)
    f.signup(shifts[5], a)
    f.signup(shifts[5], b)
    f.signup(shifts[3], c)
    rollups_refresh(organisation=org, first_day=t - timedelta(days=60), last_day=t)
    return org, t, site, other, s1, s2


def test_period_figures_match_the_hand_count(history):
    org, t, _site, _other, _s1, _s2 = history
    figures = momentum_for(org, t - timedelta(days=60), t, exact=True).figures
    assert figures["shifts_worked"].value == 5
    assert figures["hours_worked"].value == pytest.approx(20)
    assert figures["new_peer_share"].value == pytest.approx(40)
    assert figures["days_to_first_shift"].value == pytest.approx(7)
    assert figures["active_peers"].value == 3
    assert figures["retention"].value == pytest.approx(200 / 3)
    assert figures["returns_after_break"].value == 2
    assert figures["new_peers"].value == 1
    assert figures["referred_peers"].value == pytest.approx(100)
    assert figures["promotions"].value == 1
    assert figures["places_offered"].value == 8
    assert figures["peers_wanting"].value == 3
    assert figures["places_per_request"].value == pytest.approx(8 / 3)
    assert figures["hours_gini"].value == pytest.approx(gini([4, 8, 8]))
    assert figures["referral_chain"].value == 2


def test_active_peers_are_split_by_stage(history):
    org, t, _site, _other, _s1, _s2 = history
    by_stage = dict(momentum_for(org, t - timedelta(days=60), t, exact=True).figures["active_peers"].by_stage)
    assert by_stage == {"Participant": 2, "Peer worker": 1, "Lead peer": 0}


def test_a_site_with_no_records_says_so(history):
    org, t, _site, other, _s1, _s2 = history
    momentum = momentum_for(org, t - timedelta(days=60), t, site=other)
    assert momentum.has_data is False


def test_refreshing_twice_replaces_rows_instead_of_adding(history):
    org, t, *_ = history
    before = IndicatorValue.objects.filter(organisation=org).count()
    rollups_refresh(organisation=org, first_day=t - timedelta(days=60), last_day=t)
    assert IndicatorValue.objects.filter(organisation=org).count() == before


def test_gini_of_equal_hours_is_zero_and_of_one_person_is_near_one():
    assert gini([5, 5, 5, 5]) == pytest.approx(0)
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert gini([]) == 0


def test_alerts_say_why_in_plain_words(history):
    org, t, *_ = history
    momentum = momentum_for(org, t - timedelta(days=60), t)
    messages = {f.indicator.id: f.alert for f in momentum.alerts}
    # 40% of shifts went to new peers: above the 10% line, so no alert for it.
    assert "new_peer_share" not in messages
    # Retention of 67% is above the 50% line too; the dashboard has nothing to shout about here.
    assert "retention" not in messages


def test_promotions_are_counted_per_quarter(history):
    from peerwork.insights.selectors import per_quarter

    org, t, *_ = history
    quarters = per_quarter(org, "promotions", t, exact=True)
    assert len(quarters) == 4
    assert sum(v for _q, v in quarters) == 1
    assert quarters[-1][0].endswith(f"Q{(t.month - 1) // 3 + 1}")
