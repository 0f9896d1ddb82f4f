import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peerwork.participation.services import participation_record
from peerwork.pathway import hooks as ladder_hooks
from peerwork.pathway.services import peer_promote, stage_sign_off_record
from peerwork.peers.models import PeerStatus
from peerwork.peers.services import peer_break_start, peer_create
from peerwork.shifts.models import AssignmentStatus
from tests.participation.factories import activity
from tests.shifts.factories import AssignmentFactory, ShiftFactory
from tests.training.factories import CertificationFactory, CourseFactory


@pytest.fixture
def constant_hours(monkeypatch):
    """Hours from one lookup for all peers, as shifts and support register them."""
    hours: dict[int, Decimal] = {}
    monkeypatch.setattr(
        ladder_hooks.hours_worked_many,
        "_impl",
        lambda org, peers, until: {p.pk: hours.get(p.pk, 0) for p in peers},
    )
    monkeypatch.setattr(ladder_hooks.supervision_hours_many, "_impl", lambda org, peers, until: {})
    return hours


def _peers(org_a, count, start=0):
    return [
        peer_create(organisation=org_a.org, preferred_name=f"Person {start + i:03d}") for i in range(count)
    ]


@pytest.mark.parametrize("query", ["", "?sort=last_shift", "?eligible=on&sort=last_shift"])
def test_the_list_makes_the_same_number_of_queries_for_5_and_60_peers(
    org_a, client_for, constant_hours, django_assert_num_queries, query
):
    """Eligibility, the costly part, is worked out for the page shown (or, when the list is filtered
    on it, for everyone in one pass): either way the count does not grow with the peers."""
    client = client_for(org_a.coordinator)
    url = reverse("peers:list") + query
    _peers(org_a, 5)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    _peers(org_a, 55, start=5)
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_search_and_filters_find_the_right_people(org_a, client_for, constant_hours):
    robin, sam = _peers(org_a, 2)
    robin.sites.add(org_a.other_site)
    peer_break_start(peer=sam, by=org_a.coordinator)
    client = client_for(org_a.coordinator)
    body = client.get(reverse("peers:list"), {"q": "000"}).content.decode()
    assert "Person 000" in body and "Person 001" not in body
    body = client.get(reverse("peers:list"), {"site": org_a.other_site.pk}).content.decode()
    assert "Person 000" in body and "Person 001" not in body
    body = client.get(reverse("peers:list"), {"status": PeerStatus.ON_BREAK}).content.decode()
    assert "Person 001" in body and "Person 000" not in body


def test_ready_to_move_up_lists_only_eligible_peers(org_a, client_for, constant_hours):
    ready, not_ready = _peers(org_a, 2)
    harm = CourseFactory(organisation=org_a.org, code="harm-reduction", name="Harm reduction basics")
    from peerwork.pathway.models import Stage

    trainee = Stage.objects.get(organisation=org_a.org, order=2)
    trainee.required_courses.set([harm])
    today = org_a.org.today()
    for peer in (ready, not_ready):
        peer.position.since = today - timedelta(weeks=3)
        peer.position.save()
    constant_hours[ready.pk] = Decimal("10")
    CertificationFactory(organisation=org_a.org, peer=ready, course=harm)
    for days in (1, 2, 3):  # the default Trainee step asks for taking part in 3 activities
        participation_record(
            activity=activity(org_a, starts=timezone.now() - timedelta(days=days)), peers=[ready]
        )
    body = client_for(org_a.coordinator).get(reverse("peers:list"), {"eligible": "on"}).content.decode()
    assert "Person 000" in body and "Person 001" not in body
    assert "Ready for Trainee" in body


def _worked(org_a, peer, days_ago, hour=10):
    """A completed shift of ``peer`` that started ``days_ago`` local days ago, at ``hour`` local time."""
    day = org_a.org.today() - timedelta(days=days_ago)
    starts = datetime.combine(day, time(hour), tzinfo=org_a.org.zone)
    shift = ShiftFactory(
        organisation=org_a.org, site=org_a.site, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    AssignmentFactory(shift=shift, peer=peer, status=AssignmentStatus.COMPLETED)


def test_sorting_by_days_since_last_shift_puts_the_longest_gap_first(org_a, client_for, constant_hours):
    a, b, _never, c, d = _peers(org_a, 5)
    _worked(org_a, a, 2)
    _worked(org_a, a, 40)  # an earlier shift does not count: the last one does
    _worked(org_a, b, 30, hour=23)  # late in the local evening: still that local day
    _worked(org_a, c, 2, hour=8)
    _worked(org_a, d, 2, hour=7)
    body = client_for(org_a.coordinator).get(reverse("peers:list"), {"sort": "last_shift"}).content.decode()
    # never worked first, then the longest gap; the same gap by name
    order = ["Person 002", "Person 001", "Person 000", "Person 003", "Person 004"]
    assert [body.index(name) for name in order] == sorted(body.index(name) for name in order)
    assert "no shift yet" in body
    rows = re.findall(r'<td class="num">\s*(\d+)\s*</td>', body)
    assert rows == ["30", "2", "2", "2"]


def test_the_list_counts_and_pages_in_the_database(org_a, client_for, constant_hours):
    _peers(org_a, 53)
    client = client_for(org_a.coordinator)
    url = reverse("peers:list")
    first = client.get(url, {"q": "Person"}).content.decode()
    assert "53 people" in first and "Person 049" in first and "Person 050" not in first
    assert "Page 1 of 2" in first
    second = client.get(url, {"q": "Person", "page": 2}).content.decode()
    assert "Person 050" in second and "Person 052" in second and "Person 049" not in second
    newest = client.get(url, {"q": "Person", "sort": "joined", "page": 2}).content.decode()
    assert "Person 002" in newest and "Person 003" not in newest  # the same day: the last added first


def test_a_peer_can_not_open_the_list_and_another_org_sees_none_of_it(org_a, org_b, client_for):
    _peers(org_a, 2)
    assert client_for(org_a.peer_user).get(reverse("peers:list")).status_code == 403
    body = client_for(org_b.coordinator).get(reverse("peers:list")).content.decode()
    assert "Person 000" not in body


def test_promotion_and_sign_off_show_up_on_the_peer_page(org_a, client_for, constant_hours):
    (robin,) = _peers(org_a, 1)
    peer_promote(peer=robin, by=org_a.coordinator, override_reason="Came with years of outreach experience")
    from peerwork.pathway.models import Stage

    stage_sign_off_record(
        peer=robin, stage=Stage.objects.get(organisation=org_a.org, order=3), by=org_a.supervisor
    )
    body = client_for(org_a.coordinator).get(reverse("peers:detail", args=[robin.pk])).content.decode()
    assert "Came with years of outreach experience" in body
    assert "signed off by" in body
