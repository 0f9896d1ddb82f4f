from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import EntryKind, ServiceEntry
from peerwork.support.selectors.rolefit import role_fit_by_peer, role_fit_by_role

from ..factories import PeerWorkerFactory
from .factories import overdose_response, role_with_duties, worked_shift


def test_a_shifts_hours_are_split_evenly_among_what_the_peer_reported(org_a):
    role = role_with_duties(org_a.org)
    worked_shift(
        org_a.peer,
        role,
        org_a.site,
        hours=6,
        duties_done=["Hand out supplies", "Recover sharps"],
        other_work="Cleaned the drop-in kitchen",
    )

    (fit,) = role_fit_by_role(org_a.org, org_a.org.today())

    assert fit.hours_duties == Decimal("4.00")
    assert fit.hours_other == Decimal("2.00")
    assert fit.percent_duties == 67
    assert fit.examples == ["Cleaned the drop-in kitchen"]


def test_a_ticked_item_outside_the_description_counts_as_other_work(org_a):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site, hours=4, duties_done=["Hand out supplies", "Front desk"])

    (fit,) = role_fit_by_role(org_a.org, org_a.org.today())

    assert fit.hours_other == Decimal("2.00")
    assert fit.examples == ["Front desk"]


def test_shifts_with_nothing_reported_are_counted_apart_and_not_in_the_share(org_a):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site, hours=3)
    worked_shift(org_a.peer, role, org_a.site, hours=2, duties_done=["Recover sharps"])

    (fit,) = role_fit_by_role(org_a.org, org_a.org.today())

    assert fit.hours_unrecorded == Decimal("3.00")
    assert fit.percent_duties == 100
    assert not fit.drifting


def test_shifts_older_than_four_weeks_are_left_out(org_a):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site, days_ago=40, other_work="Old work")

    assert role_fit_by_role(org_a.org, org_a.org.today()) == []


def test_per_peer_rows_show_whose_days_drifted_and_the_role_aggregate_shows_drift(org_a):
    role = role_with_duties(org_a.org)
    drifting = PeerWorkerFactory(organisation=org_a.org, preferred_name="Sam")
    for day in range(1, 4):
        worked_shift(org_a.peer, role, org_a.site, days_ago=day, duties_done=["Hand out supplies"])
        worked_shift(drifting, role, org_a.site, days_ago=day, other_work="Cleaning and front desk")

    rows = {fit.peer.preferred_name: fit for fit in role_fit_by_peer(org_a.org, org_a.org.today())}
    (aggregate,) = role_fit_by_role(org_a.org, org_a.org.today())

    assert rows["Sam"].percent_other == 100 and rows["Sam"].drifting
    assert rows[org_a.peer.preferred_name].percent_other == 0
    assert aggregate.percent_other == 50 and aggregate.drifting


def test_the_role_fit_page_shows_drift_and_examples_to_supervisors_only(org_a, org_b, client_for):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site, other_work="Cleaning the bathrooms")

    page = client_for(org_a.supervisor).get(reverse("support:role_fit")).content.decode()

    assert "Cleaning the bathrooms" in page and "drift" in page
    assert client_for(org_a.coordinator).get(reverse("support:role_fit")).status_code == 403
    assert (
        "Cleaning the bathrooms"
        not in client_for(org_b.supervisor).get(reverse("support:role_fit")).content.decode()
    )
    assert (
        client_for(org_b.supervisor).get(reverse("support:role_fit") + f"?role={role.pk}").status_code == 404
    )


def test_the_page_lists_drifting_peers_and_everyone_once_a_role_is_chosen(org_a, client_for):
    role = role_with_duties(org_a.org)
    steady = PeerWorkerFactory(organisation=org_a.org, preferred_name="Steady Sam")
    worked_shift(steady, role, org_a.site, duties_done=["Hand out supplies"])
    worked_shift(org_a.peer, role, org_a.site, other_work="Front desk cover")
    client = client_for(org_a.supervisor)

    by_peer = client.get(reverse("support:role_fit")).content.decode().split('id="by-peer"')[1]
    chosen = (
        client.get(reverse("support:role_fit") + f"?role={role.pk}").content.decode().split('id="by-peer"')[1]
    )

    assert org_a.peer.preferred_name in by_peer and "Steady Sam" not in by_peer
    assert "Steady Sam" in chosen


def test_what_was_logged_in_services_on_those_shifts_shows_beside_the_shares(org_a):
    role = role_with_duties(org_a.org)
    assignment = worked_shift(org_a.peer, role, org_a.site, duties_done=["Hand out supplies"])
    response = overdose_response(org_a.org, [org_a.peer], site=org_a.site)
    response.shift = assignment.shift
    response.save()
    ServiceEntry.objects.create(
        organisation=org_a.org,
        kind=EntryKind.SHARPS,
        shift=assignment.shift,
        site=org_a.site,
        peer=org_a.peer,
        quantity=12,
        occurred_at=timezone.now(),
    )

    (by_role,) = role_fit_by_role(org_a.org, org_a.org.today())
    (by_peer,) = role_fit_by_peer(org_a.org, org_a.org.today())

    assert by_role.logged == [("Sharps recovered", 12), ("Overdose responses", 1)]
    assert by_peer.logged == by_role.logged
