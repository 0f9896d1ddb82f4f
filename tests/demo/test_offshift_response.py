"""Done when: in the demo a peer recorded an overdose response on the way home, their supervisor
sees the debrief offer, and the peer's contribution page has believable figures."""

from __future__ import annotations

from django.urls import reverse

from peerwork.core.demo import DEMO_SLUG
from peerwork.orgs.models import Organisation
from peerwork.services.models import OverdoseResponse
from peerwork.support.models import DebriefOffer, DebriefStatus


def test_the_demo_has_an_off_shift_overdose_response_with_an_open_debrief_and_a_contribution(
    db, demo, client_for
):
    # The demo commits once at the end; the debrief offer comes from the hook run on that commit.
    org = Organisation.objects.get(slug=DEMO_SLUG)
    response = OverdoseResponse.objects.get(organisation=org, shift__isnull=True)
    [peer] = response.responders.all()
    offer = DebriefOffer.objects.get(response=response, peer=peer)
    assert offer.status == DebriefStatus.OFFERED and offer.supervisor is not None

    dashboard = client_for(offer.supervisor).get(reverse("support:dashboard")).content.decode()
    assert peer.preferred_name in dashboard

    page = (
        client_for(peer.user).get(reverse("services:my_contribution"), {"period": "quarter"}).content.decode()
    )
    assert "hours as" in page and "needles recovered" in page and "shifts worked" in page
