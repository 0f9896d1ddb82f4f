"""A peer taps "I'm here" at the kiosk: only at the activity's site, on its day, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.participation.models import Channel, Participation
from peerwork.participation.services import participation_tap
from tests.foundation.factories import make_kiosk

from .factories import activity


def _at_kiosk(client, org, site=None):  # type: ignore[no-untyped-def]
    device, _raw = make_kiosk(org, site=site or org.site)
    session = client.session
    session[SESSION_KIOSK] = device.pk
    session.save()
    return client


def test_a_peer_at_the_kiosk_sees_todays_activities_and_taps_in(org_a, client_for):
    item = activity(org_a, title="Tuesday drop-in")
    activity(org_a, title="Harbour lunch", site=org_a.other_site)
    client = _at_kiosk(client_for(org_a.peer_user), org_a)
    page = client.get(reverse("participation:today")).content.decode()
    assert "Tuesday drop-in" in page and "Harbour lunch" not in page
    response = client.post(reverse("participation:tap", args=[item.pk]), follow=True)
    assert "You are in for Tuesday drop-in" in response.content.decode()
    record = Participation.objects.get(peer=org_a.peer, activity=item)
    assert record.channel == Channel.KIOSK


def test_a_tap_for_an_activity_at_another_site_is_refused_clearly(org_a, client_for):
    item = activity(org_a, site=org_a.other_site)
    client = _at_kiosk(client_for(org_a.peer_user), org_a)
    response = client.post(reverse("participation:tap", args=[item.pk]), follow=True)
    text = response.content.decode()
    assert f"This activity is at {org_a.other_site.name}, not here at {org_a.site.name}" in text
    assert not Participation.objects.exists()


def test_a_second_tap_says_you_are_already_in_and_keeps_one_record(org_a):
    item = activity(org_a)
    participation_tap(activity=item, peer=org_a.peer, site=org_a.site)
    with pytest.raises(ValidationError, match="already down"):
        participation_tap(activity=item, peer=org_a.peer, site=org_a.site)
    assert Participation.objects.count() == 1


def test_a_tap_on_another_day_or_away_from_a_kiosk_is_refused(org_a):
    tomorrow = activity(org_a, starts=timezone.now() + timedelta(days=1, hours=1))
    with pytest.raises(ValidationError, match="on the day"):
        participation_tap(activity=tomorrow, peer=org_a.peer, site=org_a.site)
    today = activity(org_a)
    with pytest.raises(ValidationError, match="kiosk where the activity is"):
        participation_tap(activity=today, peer=org_a.peer, site=None)
    assert not Participation.objects.exists()


def test_a_phone_shows_no_tap_buttons_and_another_org_gets_404(org_a, org_b, client_for):
    item = activity(org_a)
    phone = client_for(org_a.peer_user).get(reverse("participation:today")).content.decode()
    assert "ask staff to tick you" in phone and "I&#x27;m here" not in phone
    stranger = client_for(org_b.peer_user).post(reverse("participation:tap", args=[item.pk]))
    assert stranger.status_code == 404
    assert not Participation.objects.exists()
