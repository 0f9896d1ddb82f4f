"""Found on the coordinator's morning walk: the check-in desk opens on the site that has places today
(and its site list does not claim "All sites" while it shows one), and the allocation review speaks
about the peer ("Bea: ... their ODSP limit this month"), not to them."""

from __future__ import annotations

from django.urls import reverse

from peerwork.shifts import allocation as A
from peerwork.shifts.models import Assignment
from peerwork.shifts.reasons import review_text
from tests.clock import today_near_now

from .factories import ShiftFactory


def test_the_check_in_desk_opens_on_the_site_with_places_today(org_a, org_b, client_for):
    # The other site comes first by name ("Harbour" < "Main street"), but only Main street has places.
    shift = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        status="published",
        starts_at=today_near_now(org_a.org, minutes=20),
    )
    Assignment.objects.create(organisation=org_a.org, shift=shift, peer=org_a.peer)
    page = client_for(org_a.coordinator).get(reverse("shifts:desk")).content.decode()
    assert f"Check-in desk · {org_a.site.name}" in page
    assert org_a.peer.preferred_name in page
    assert f'<option value="{org_a.site.pk}" selected>' in page
    assert "All sites" not in page
    # Another organisation's desk shows none of it.
    other = client_for(org_b.coordinator).get(reverse("shifts:desk")).content.decode()
    assert org_a.peer.preferred_name not in other


def test_the_check_in_desk_still_opens_on_a_site_when_nobody_has_a_place(org_a, client_for):
    page = client_for(org_a.coordinator).get(reverse("shifts:desk")).content.decode()
    assert "No places today at this site." in page


def test_the_review_speaks_about_the_peer_in_the_third_person() -> None:
    limit = review_text(A.HEADROOM, {"rule": "ODSP", "period": "month"}, "Bea")
    assert limit == "Bea: this shift would take their earnings past their ODSP limit this month."
    hours = review_text(A.WEEKLY_LIMIT, {"hours": 30}, "Bea")
    assert hours == "Bea: this shift would take them past the limit of 30 hours a week."
    waiting = review_text(A.FULL_DRAW, {"position": 1}, "Dana")
    assert (
        waiting
        == "The shift was full and the tie was settled by the recorded draw. Dana is 1st on the waitlist."
    )
    # An outcome that does not speak to the peer stays as it is.
    assert review_text(A.ASSIGNED, {}, "Bea") == "Bea: assigned."
