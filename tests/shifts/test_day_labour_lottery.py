"""Day work: the morning walk-in list, a seeded draw whose order is recorded and shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.shifts import services
from peerwork.shifts.models import Assignment, LotteryDraw
from tests.factories import PeerWorkerFactory

from .factories import RoleFactory, ShiftFactory


def test_walk_ins_are_drawn_in_a_recorded_order(org_a, client_for):
    role = RoleFactory(organisation=org_a.org, name="Mailing", is_day_labour=True)
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role, slots=2)
    client = client_for(org_a.coordinator)
    walkers = [PeerWorkerFactory(organisation=org_a.org, preferred_name=f"Walker {i}") for i in range(5)]
    for peer in walkers:
        client.post(reverse("shifts:shift", args=[shift.pk]), {"peer": peer.pk})
    client.post(reverse("shifts:draw", args=[shift.pk]))
    draw = LotteryDraw.objects.get(shift=shift)
    assert sorted(draw.order) == sorted(p.pk for p in walkers)
    placed = set(Assignment.objects.filter(shift=shift).values_list("peer_id", flat=True))
    assert placed == set(draw.order[:2])
    page = client.get(reverse("shifts:shift", args=[shift.pk])).content.decode()
    assert f"seed {draw.seed}" in page
    assert "has a place" in page
    with pytest.raises(ValidationError, match="already been made"):
        services.lottery_draw(shift=shift, by=org_a.coordinator)


def test_the_same_seed_draws_the_same_order(org_a):
    orders = []
    for n in range(2):
        role = RoleFactory(organisation=org_a.org, name=f"Bicycle repair {n}", is_day_labour=True)
        shift = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role, slots=1)
        for i in range(4):
            peer = PeerWorkerFactory(organisation=org_a.org, preferred_name=f"P{n}{i}")
            services.signup_create(shift=shift, peer=peer, walk_in=True)
        draw = services.lottery_draw(shift=shift, by=org_a.coordinator, seed=123)
        orders.append([shift.signups.get(peer_id=pid).peer.preferred_name[2:] for pid in draw.order])
    assert orders[0] == orders[1]


def test_only_day_work_is_drawn(org_a):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site)
    with pytest.raises(ValidationError, match="Only day-work"):
        services.lottery_draw(shift=shift, by=org_a.coordinator)
