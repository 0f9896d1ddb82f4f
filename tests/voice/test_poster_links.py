"""Card and poster links: made for a site, printed with a QR code, switched off and on again."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.voice.models import FeedbackLink

from .factories import poster


def test_a_coordinator_makes_a_link_for_a_site_and_sees_its_qr_code(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    answer = client.post(reverse("voice:links"), {"label": "Harbour drop-in door", "site": org_a.site.pk})
    link = FeedbackLink.objects.get(organisation=org_a.org)
    assert answer["Location"].endswith(f"#link-{link.pk}")
    assert (link.label, link.site, link.is_active) == ("Harbour drop-in door", org_a.site, True)
    page = client.get(reverse("voice:links")).content.decode()
    public = f"http://testserver/voice/f/{link.token}/"
    assert "Harbour drop-in door" in page and public in page
    assert "<svg" in page and 'class="qr-code"' in page
    poster_page = client.get(reverse("voice:link_poster", args=[link.pk])).content.decode()
    assert "Tell us how we are doing" in poster_page and public in poster_page and "<svg" in poster_page
    # Another organisation's coordinator cannot see, print or switch it; a peer may not manage links.
    other = client_for(org_b.coordinator)
    assert other.get(reverse("voice:link_poster", args=[link.pk])).status_code == 404
    assert other.post(reverse("voice:link_toggle", args=[link.pk])).status_code == 404
    assert "Harbour drop-in door" not in other.get(reverse("voice:links")).content.decode()
    assert client_for(org_a.peer_user).get(reverse("voice:links")).status_code == 403


def test_a_link_needs_a_place_and_an_own_site_and_keeps_what_was_typed(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    page = client.post(reverse("voice:links"), {"label": "  ", "site": org_a.site.pk}).content.decode()
    assert "This field is required." in page or "Say where the card or poster goes." in page
    page = client.post(reverse("voice:links"), {"label": "Clinic", "site": org_b.site.pk}).content.decode()
    assert "Select a valid choice" in page and 'value="Clinic"' in page
    assert not FeedbackLink.objects.exists()


def test_a_switched_off_link_leads_nowhere_until_it_is_switched_on(org_a, client_for):
    link = poster(org_a.org, org_a.site)
    public = reverse("voice:feedback_public", kwargs={"token": link.token})
    assert Client().get(public).status_code == 200
    client = client_for(org_a.coordinator)
    client.post(reverse("voice:link_toggle", args=[link.pk]))
    link.refresh_from_db()
    assert not link.is_active and Client().get(public).status_code == 404
    assert "switched off" in client.get(reverse("voice:links")).content.decode()
    client.post(reverse("voice:link_toggle", args=[link.pk]))
    assert Client().get(public).status_code == 200
    actions = list(AuditEvent.objects.filter(organisation=org_a.org).values_list("action", flat=True))
    assert actions.count("feedback_link_off") == 1 and actions.count("feedback_link_on") == 1
