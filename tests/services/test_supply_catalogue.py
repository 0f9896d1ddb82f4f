"""The organisation's supply catalogue: seeded with BC categories, items added and retired by staff."""

from __future__ import annotations

from django.urls import reverse

from peerwork.services.models import SupplyItem

from .factories import shift_with_peer


def test_a_coordinator_adds_an_item_and_it_appears_on_the_entry_page(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(reverse("services:catalogue"), {"category": "safer_sex", "name": "Dental dams"})
    assert response.status_code == 302
    shift = shift_with_peer(org_a)
    assert (
        "Dental dams"
        in client_for(org_a.peer_user).get(reverse("services:entry", args=[shift.pk])).content.decode()
    )


def test_an_item_name_is_not_added_twice_and_the_form_keeps_what_was_typed(org_a, client_for):
    client = client_for(org_a.coordinator)
    client.get(reverse("services:catalogue"))
    response = client.post(reverse("services:catalogue"), {"category": "injection", "name": "syringes"})
    body = response.content.decode()
    assert "already has an item called syringes" in body
    assert 'value="syringes"' in body
    assert SupplyItem.objects.filter(organisation=org_a.org, name__iexact="syringes").count() == 1


def test_a_retired_item_leaves_the_entry_page_and_can_come_back(org_a, client_for):
    client = client_for(org_a.coordinator)
    client.get(reverse("services:catalogue"))
    screens = SupplyItem.objects.get(organisation=org_a.org, name="Screens")
    client.post(reverse("services:catalogue_toggle", args=[screens.pk]))
    shift = shift_with_peer(org_a)
    entry_url = reverse("services:entry", args=[shift.pk])
    assert f'id="item-{screens.pk}"' not in client_for(org_a.peer_user).get(entry_url).content.decode()
    client.post(reverse("services:catalogue_toggle", args=[screens.pk]))
    assert f'id="item-{screens.pk}"' in client_for(org_a.peer_user).get(entry_url).content.decode()


def test_peers_and_other_organisations_cannot_change_the_catalogue(org_a, org_b, client_for):
    client_for(org_a.coordinator).get(reverse("services:catalogue"))
    screens = SupplyItem.objects.get(organisation=org_a.org, name="Screens")
    assert (
        client_for(org_a.peer_user).post(reverse("services:catalogue_toggle", args=[screens.pk])).status_code
        == 403
    )
    assert (
        client_for(org_b.admin).post(reverse("services:catalogue_toggle", args=[screens.pk])).status_code
        == 404
    )
    screens.refresh_from_db()
    assert screens.is_active
