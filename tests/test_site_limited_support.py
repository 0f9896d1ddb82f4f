"""A supervisor limited to some sites: the supervision-due list and strain signals on their
dashboard name only their sites' peers (accounts/sites.py); B sees none of A's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from peerwork.support.models import SupervisionSchedule

from .factories import PeerWorkerFactory
from .support.factories import StageFactory, place_peer, role_with_duties, worked_shift
from .test_site_limited_lists import OTHER, OWN, _limit


@pytest.mark.clock
def test_limited_supervisor_dashboard_names_only_their_sites_peers(org_a, org_b, client_for):
    stage = StageFactory(organisation=org_a.org, name="Trainee", order=2)
    SupervisionSchedule.objects.create(organisation=org_a.org, stage=stage, every_days=14)
    own = PeerWorkerFactory(organisation=org_a.org, preferred_name=f"{OWN} Lee")
    own.sites.add(org_a.site)
    other = PeerWorkerFactory(organisation=org_a.org, preferred_name=f"{OTHER} Sky")
    other.sites.add(org_a.other_site)
    for peer in (own, other):
        place_peer(peer, stage, since=org_a.org.today() - timedelta(days=60))
    unlimited = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()
    assert OTHER in unlimited and OWN in unlimited

    _limit(org_a.supervisor, org_a, org_a.site)
    page = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()
    assert OWN in page
    assert OTHER not in page
    b_page = client_for(org_b.supervisor).get(reverse("support:dashboard")).content.decode()
    assert OWN not in b_page and OTHER not in b_page


def test_limited_supervisor_role_fit_weighs_only_their_sites_shifts(org_a, org_b, client_for):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site, hours=4, other_work=f"{OWN} kitchen work")
    worked_shift(org_a.peer, role, org_a.other_site, hours=4, other_work=f"{OTHER} van work")
    unlimited = client_for(org_a.supervisor).get(reverse("support:role_fit")).content.decode()
    assert OWN in unlimited and OTHER in unlimited

    _limit(org_a.supervisor, org_a, org_a.site)
    page = client_for(org_a.supervisor).get(reverse("support:role_fit")).content.decode()
    assert OWN in page
    assert OTHER not in page
    b_page = client_for(org_b.supervisor).get(reverse("support:role_fit")).content.decode()
    assert OWN not in b_page and OTHER not in b_page
