"""The entry page for a shift: who may open it, the plain-form fallback, the service worker and manifest."""

from __future__ import annotations

from django.urls import reverse

from peerwork.services.models import OverdoseResponse, ServiceEntry, SupplyItem
from peerwork.services.services import catalogue_ensure

from .factories import ShiftFactory, shift_with_peer


def test_a_peer_opens_the_entry_page_of_their_shift_with_the_catalogue(org_a, client_for):
    shift = shift_with_peer(org_a)
    page = client_for(org_a.peer_user).get(reverse("services:entry", args=[shift.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for name in ("Syringes", "Mouthpieces", "Push sticks", "Naloxone kits", "Condoms", "Cookers / filters"):
        assert name in body
    assert 'rel="manifest"' in body
    assert "<script>" not in body, "no inline scripts (strict CSP)"


def test_the_peers_home_lists_their_shift_today(org_a, client_for):
    shift = shift_with_peer(org_a)
    body = client_for(org_a.peer_user).get(reverse("services:home")).content.decode()
    assert reverse("services:entry", args=[shift.pk]) in body


def test_a_peer_cannot_open_a_shift_they_are_not_on(org_a, client_for):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site)
    assert client_for(org_a.peer_user).get(reverse("services:entry", args=[shift.pk])).status_code == 404
    assert client_for(org_a.coordinator).get(reverse("services:entry", args=[shift.pk])).status_code == 200


def test_evaluators_do_not_log_services_and_other_organisations_get_404(org_a, org_b, client_for):
    shift = shift_with_peer(org_a)
    assert client_for(org_a.evaluator).get(reverse("services:entry", args=[shift.pk])).status_code == 403
    assert client_for(org_b.coordinator).get(reverse("services:entry", args=[shift.pk])).status_code == 404


def test_without_javascript_the_tally_form_saves_and_a_resubmit_does_not_duplicate(org_a, client_for):
    catalogue_ensure(organisation=org_a.org)
    syringes = SupplyItem.objects.get(organisation=org_a.org, name="Syringes")
    shift = shift_with_peer(org_a)
    client = client_for(org_a.peer_user)
    url = reverse("services:entry", args=[shift.pk])
    form = {
        "form": "tallies",
        "batch": "0b7c7a52-3c44-4b7a-9d3e-6f0f9f5f9c11",
        f"item-{syringes.pk}": "5",
        "contact": "2",
        "sharps": "0",
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert ServiceEntry.objects.filter(organisation=org_a.org).count() == 2
    assert ServiceEntry.objects.get(kind="supplies").quantity == 5


def test_without_javascript_a_negative_tally_is_refused_and_the_form_keeps_what_was_typed(org_a, client_for):
    catalogue_ensure(organisation=org_a.org)
    syringes = SupplyItem.objects.get(organisation=org_a.org, name="Syringes")
    shift = shift_with_peer(org_a)
    response = client_for(org_a.peer_user).post(
        reverse("services:entry", args=[shift.pk]),
        {"form": "tallies", f"item-{syringes.pk}": "-3", "client_code": "", "contact": "1"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "cannot be negative" in body
    assert 'value="-3"' in body
    assert ServiceEntry.objects.filter(kind="supplies").count() == 0


def test_without_javascript_an_overdose_response_is_recorded_with_its_responders(org_a, client_for):
    shift = shift_with_peer(org_a)
    response = client_for(org_a.peer_user).post(
        reverse("services:entry", args=[shift.pk]),
        {
            "form": "overdose",
            "place_type": "park",
            "product": "nasal",
            "doses_given": "2",
            "emergency_services_called": "yes",
            "conscious_before": "no",
            "outcome": "survived",
            "responders": [str(org_a.peer.pk)],
        },
    )
    assert response.status_code == 302
    event = OverdoseResponse.objects.get()
    assert event.emergency_services_called and event.doses_given == 2
    assert list(event.responders.all()) == [org_a.peer]


def test_the_service_worker_is_served_with_a_scope_covering_the_entry_pages(client):
    response = client.get(reverse("services:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == reverse("services:home")
    assert reverse("services:home") == "/services/"
    assert "peerwork-services-v1" in response.content.decode()


def test_the_manifest_starts_at_the_services_page(client):
    data = client.get(reverse("services:manifest")).json()
    assert data["start_url"] == "/services/"
    assert data["display"] == "standalone"
