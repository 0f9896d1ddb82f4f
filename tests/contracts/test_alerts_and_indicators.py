"""Alerts on the dashboard (a contract ending within 30 days, a probation review due, renewals past the
policy) and indicators (peers on contracts by kind; moves casual → contract → post)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from peerwork.insights.selectors import momentum_for
from peerwork.insights.services import rollups_refresh
from peerwork.peers.services import peer_create
from peerwork.shifts.contracts import selectors, services

from .helpers import draft


def _signed_for(org_a, peer=None, **terms):
    contract = draft(org_a, **terms)
    if peer is not None:
        contract.peer = peer
        contract.save()
    return services.contract_sign(contract=contract, by=org_a.coordinator)


def test_a_contract_ending_within_30_days_and_a_probation_review_raise_alerts(org_a):
    today = org_a.org.today()
    contract = _signed_for(
        org_a,
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=20),
        probation_review_on=today + timedelta(days=3),
    )
    codes = [(a.code, a.contract) for a in selectors.contract_alerts(org_a.org)]
    assert ("ending", contract) in codes and ("probation", contract) in codes
    services.contract_renew(contract=contract, ends_on=today + timedelta(days=200))
    # once a renewal is drafted the ending is being dealt with
    assert "ending" not in [a.code for a in selectors.contract_alerts(org_a.org)]


def test_a_contract_ending_later_raises_no_alert(org_a):
    today = org_a.org.today()
    _signed_for(org_a, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=60))
    assert selectors.contract_alerts(org_a.org) == []


def test_renewals_past_the_policy_raise_an_alert(org_a):
    org_a.org.max_fixed_term_renewals = 1
    org_a.org.save()
    today = org_a.org.today()
    first = _signed_for(org_a, starts_on=today - timedelta(days=300), ends_on=today - timedelta(days=201))
    second = services.contract_sign(
        contract=services.contract_renew(contract=first, ends_on=today - timedelta(days=101))
    )
    assert selectors.contract_alerts(org_a.org) == []
    third = services.contract_renew(contract=second, ends_on=today + timedelta(days=100))
    assert selectors.over_renewal_policy(third)
    [alert] = [a for a in selectors.contract_alerts(org_a.org) if a.code == "renewals"]
    assert "renewed 2 times; the policy allows 1" in alert.text


def test_the_dashboard_shows_contract_alerts_to_coordinators_not_evaluators(org_a, org_b, client_for):
    today = org_a.org.today()
    _signed_for(org_a, starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=10))
    page = client_for(org_a.coordinator).get(reverse("insights:dashboard")).content.decode()
    assert "Contracts to act on" in page and "Ending soon" in page
    assert (
        "Contracts to act on"
        not in client_for(org_a.evaluator).get(reverse("insights:dashboard")).content.decode()
    )
    assert (
        "Contracts to act on"
        not in client_for(org_b.coordinator).get(reverse("insights:dashboard")).content.decode()
    )


def test_indicators_count_peers_by_kind_and_moves_up(org_a):
    org = org_a.org
    org.small_cell_threshold = 1
    org.save()
    today = org.today()
    _signed_for(org_a, starts_on=today - timedelta(days=40), ends_on=today + timedelta(days=100))
    other = peer_create(organisation=org, preferred_name="Robin", sites=[org_a.site])
    _signed_for(
        org_a,
        peer=other,
        kind="permanent",
        starts_on=today - timedelta(days=5),
        ends_on=None,
        hours_per_week=None,
        full_time_share=50,
        hourly_rate=Decimal("22.00"),
    )
    rollups_refresh(organisation=org, first_day=today - timedelta(days=60), last_day=today)
    figures = momentum_for(org, today - timedelta(days=60), today, exact=True).figures
    assert figures["on_contract_fixed_term"].value == pytest.approx(1)
    assert figures["on_contract_permanent"].value == pytest.approx(1)
    assert figures["moves_to_contract"].value == pytest.approx(1)
    assert figures["moves_to_post"].value == pytest.approx(1)
    moves = selectors.contract_moves(org, today - timedelta(days=10), today)
    assert (moves.casual_to_contract, moves.contract_to_post) == (0, 1)


def test_a_peer_at_a_staff_position_stage_without_a_contract_is_offered_one(org_a, client_for):
    from peerwork.pathway.models import Stage
    from peerwork.pathway.services import ladder_seed_default, peer_position_start

    ladder_seed_default(organisation=org_a.org)
    staff = Stage.objects.filter(organisation=org_a.org).order_by("-order").first()
    staff.is_staff_stage = True
    staff.save()
    peer_position_start(peer=org_a.peer, stage=staff)
    [offer] = [a for a in selectors.contract_alerts(org_a.org) if a.code == "offer"]
    assert f"?peer={org_a.peer.pk}&kind=permanent" in offer.url and "a staff position" in offer.text
    page = client_for(org_a.coordinator).get(reverse("peers:detail", args=[org_a.peer.pk])).content.decode()
    assert "is a staff position: offer a contract." in page
    form = client_for(org_a.coordinator).get(offer.url).content.decode()
    assert '<option value="permanent" selected>' in form
    _signed_for(org_a, kind="permanent", ends_on=None)
    assert [a for a in selectors.contract_alerts(org_a.org) if a.code == "offer"] == []
