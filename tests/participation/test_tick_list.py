"""Staff plan an activity and tick who took part; the list replaces the earlier one."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.models import Membership
from peerwork.accounts.roles import Role
from peerwork.participation.models import Activity, Channel, Participation
from peerwork.peers.services import peer_create

from .factories import activity


def test_a_coordinator_plans_an_activity_and_ticks_who_came(org_a, client_for):
    client = client_for(org_a.coordinator)
    robin = peer_create(organisation=org_a.org, preferred_name="Robin", sites=[org_a.site])
    starts = timezone.localtime(timezone.now() - timedelta(hours=3), org_a.org.zone)
    response = client.post(
        reverse("participation:activity_add"),
        {
            "title": "Community kitchen",
            "kind": "volunteering",
            "site": org_a.site.pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    item = Activity.objects.get(title="Community kitchen")
    assert response.status_code == 302
    client.post(reverse("participation:activity", args=[item.pk]), {"peers": [robin.pk, org_a.peer.pk]})
    assert set(Participation.objects.values_list("peer_id", "channel")) == {
        (robin.pk, Channel.LIST),
        (org_a.peer.pk, Channel.LIST),
    }
    client.post(reverse("participation:activity", args=[item.pk]), {"peers": [robin.pk]})
    assert list(Participation.objects.values_list("peer_id", flat=True)) == [robin.pk]
    page = client.get(reverse("participation:index")).content.decode()
    assert "Community kitchen" in page


def test_an_activity_that_ends_before_it_starts_keeps_what_was_typed(org_a, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(
        reverse("participation:activity_add"),
        {
            "title": "Backwards walk",
            "kind": "community",
            "site": org_a.site.pk,
            "starts_at": "2026-12-10T14:00",
            "ends_at": "2026-12-10T13:00",
        },
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "The activity must end after it starts." in text and 'value="Backwards walk"' in text
    assert not Activity.objects.exists()


def test_an_evaluator_sees_but_cannot_tick_and_another_org_gets_404(org_a, org_b, client_for):
    item = activity(org_a)
    evaluator = client_for(org_a.evaluator)
    assert evaluator.get(reverse("participation:activity", args=[item.pk])).status_code == 200
    evaluator.post(reverse("participation:activity", args=[item.pk]), {"peers": [org_a.peer.pk]})
    assert not Participation.objects.exists()
    assert client_for(org_a.evaluator).get(reverse("participation:activity_add")).status_code == 403
    assert (
        client_for(org_b.coordinator).get(reverse("participation:activity", args=[item.pk])).status_code
        == 404
    )


def test_staff_limited_to_one_site_see_only_its_activities(org_a, client_for):
    here = activity(org_a, title="Main street group")
    there = activity(org_a, title="Harbour group", site=org_a.other_site)
    Membership.objects.get(user=org_a.coordinator, role=Role.COORDINATOR).sites.set([org_a.site])
    client = client_for(org_a.coordinator)
    page = client.get(reverse("participation:index")).content.decode()
    assert "Main street group" in page and "Harbour group" not in page
    assert client.get(reverse("participation:activity", args=[here.pk])).status_code == 200
    assert client.get(reverse("participation:activity", args=[there.pk])).status_code == 404
