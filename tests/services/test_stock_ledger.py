"""Stock per site and item: received, given out from service logs, adjusted with a reason,
transferred; never below zero; low-stock alerts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import MovementKind, StockLevel, StockMovement, SupplyItem
from peerwork.services.records import Rejected
from peerwork.services.services import catalogue_ensure, records_sync
from peerwork.services.stock import stock_adjust, stock_receive, stock_threshold_set, stock_transfer

from .factories import new_uuid, shift_with_peer


@pytest.fixture
def syringes(org_a):  # type: ignore[no-untyped-def]
    catalogue_ensure(organisation=org_a.org)
    return SupplyItem.objects.get(organisation=org_a.org, name="Syringes")


def _level(org_a, item, site=None):  # type: ignore[no-untyped-def]
    return StockLevel.objects.get(site=site or org_a.site, item=item).balance


def _give(org_a, shift, item, quantity):  # type: ignore[no-untyped-def]
    record = {
        "uuid": new_uuid(),
        "type": "entry",
        "kind": "supplies",
        "shift": shift.pk,
        "item": item.pk,
        "quantity": quantity,
        "occurred_at": timezone.now().isoformat(),
    }
    [result] = records_sync(organisation=org_a.org, user=org_a.peer_user, is_staff=False, records=[record])
    return result


def test_supplies_given_out_come_off_the_sites_stock(org_a, syringes):
    stock_receive(
        organisation=org_a.org, site=org_a.site, item=syringes, quantity=100, user=org_a.coordinator
    )
    shift = shift_with_peer(org_a)
    assert _give(org_a, shift, syringes, 30).status == "accepted"
    assert _level(org_a, syringes) == 70
    movement = StockMovement.objects.filter(kind=MovementKind.DISTRIBUTED).get()
    assert movement.quantity == -30 and movement.balance_after == 70 and movement.entry is not None


def test_giving_out_more_than_is_in_stock_is_rejected_with_the_numbers(org_a, syringes):
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=5, user=org_a.coordinator)
    shift = shift_with_peer(org_a)
    result = _give(org_a, shift, syringes, 8)
    assert result.status == "rejected"
    assert "Only 5 Syringes left" in result.reason
    assert _level(org_a, syringes) == 5


def test_an_item_a_site_does_not_stock_is_not_limited(org_a, syringes):
    shift = shift_with_peer(org_a)
    assert _give(org_a, shift, syringes, 8).status == "accepted"
    assert not StockLevel.objects.exists()


def test_adjusting_below_zero_is_refused_and_changes_nothing(org_a, syringes):
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=3, user=org_a.coordinator)
    with pytest.raises(Rejected, match="below zero"):
        stock_adjust(
            organisation=org_a.org, site=org_a.site, item=syringes, change=-4, reason="lost", user=None
        )
    assert _level(org_a, syringes) == 3
    stock_adjust(
        organisation=org_a.org, site=org_a.site, item=syringes, change=-3, reason="damaged", user=None
    )
    assert _level(org_a, syringes) == 0


def test_an_adjustment_needs_a_reason(org_a, syringes):
    with pytest.raises(Rejected, match="why"):
        stock_adjust(organisation=org_a.org, site=org_a.site, item=syringes, change=5, reason="", user=None)


def test_a_transfer_moves_stock_between_sites_or_not_at_all(org_a, syringes):
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=10, user=None)
    stock_transfer(
        organisation=org_a.org,
        from_site=org_a.site,
        to_site=org_a.other_site,
        item=syringes,
        quantity=4,
        user=None,
    )
    assert _level(org_a, syringes) == 6
    assert _level(org_a, syringes, org_a.other_site) == 4
    with pytest.raises(Rejected, match="below zero"):
        stock_transfer(
            organisation=org_a.org,
            from_site=org_a.site,
            to_site=org_a.other_site,
            item=syringes,
            quantity=7,
            user=None,
        )
    assert _level(org_a, syringes) == 6
    assert _level(org_a, syringes, org_a.other_site) == 4


def test_the_database_itself_refuses_a_negative_balance(org_a, syringes):
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=1, user=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(site=org_a.site, item=syringes).update(balance=-1)


def test_low_stock_shows_an_alert_on_the_stock_and_today_pages(org_a, syringes, client_for):
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=10, user=None)
    stock_threshold_set(organisation=org_a.org, site=org_a.site, item=syringes, threshold=10, user=None)
    client = client_for(org_a.coordinator)
    for name in ("services:stock", "services:today"):
        page = client.get(reverse(name)).content.decode()
        assert "Low stock" in page and "Syringes" in page


def test_the_stock_page_says_why_a_transfer_was_refused_and_keeps_the_form(org_a, syringes, client_for):
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=2, user=None)
    response = client_for(org_a.coordinator).post(
        reverse("services:stock_transfer"),
        {
            "transfer-from_site": org_a.site.pk,
            "transfer-to_site": org_a.other_site.pk,
            "transfer-item": syringes.pk,
            "transfer-quantity": 5,
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "would go below zero" in body
    assert 'value="5"' in body


def test_a_supervisor_sees_stock_but_cannot_change_it(org_a, syringes, client_for):
    client = client_for(org_a.supervisor)
    assert client.get(reverse("services:stock")).status_code == 200
    response = client.post(
        reverse("services:stock_receive"),
        {"receive-site": org_a.site.pk, "receive-item": syringes.pk, "receive-quantity": 5},
    )
    assert response.status_code == 403


def test_another_organisations_site_cannot_be_used(org_a, org_b, syringes, client_for):
    response = client_for(org_b.coordinator).post(
        reverse("services:stock_receive"),
        {"receive-site": org_a.site.pk, "receive-item": syringes.pk, "receive-quantity": 5},
    )
    assert response.status_code == 422
    assert not StockLevel.objects.exists()
