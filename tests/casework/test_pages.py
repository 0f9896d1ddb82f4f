"""Casework pages: the worker's caseload and client page, the coordinator's overview, the forms that
keep what was typed, and who may see a client (worker, coordinator, supervisor; never another peer,
never another organisation)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.casework.models import CaseClient, CaseReferral, CaseSession, Outcome

from .factories import client_on, plan_for, referral_for, second_worker, session_for

pytestmark = pytest.mark.django_db

CLIENT_ROUTES = ["client", "session_add", "plan_edit", "handover", "referral_add", "schedule"]


def test_the_worker_reaches_the_caseload_from_my_work_and_opens_a_client(org_a, client_for):
    client = client_on(org_a.peer)
    plan_for(client)
    session_for(client, 50, next_step="book the clinic visit")
    peer = client_for(org_a.peer_user)
    mywork = peer.get(reverse("peers:my_work")).content.decode()
    assert "My caseload" in mywork and reverse("casework:mine") in mywork
    mine = peer.get(reverse("casework:mine")).content.decode()
    assert "F-ABCD-1980" in mine
    page = peer.get(reverse("casework:client", args=[client.pk])).content.decode()
    assert "Stable housing" in page and "book the clinic visit" in page and "50 minutes in all." in page
    event = AuditEvent.objects.get(action="casework_viewed")
    assert (event.actor, event.object_id) == (org_a.peer_user, str(client.pk))


@pytest.mark.parametrize("route", CLIENT_ROUTES)
def test_another_peer_gets_404_for_a_client_they_do_not_support(org_a, client_for, route):
    client = client_on(org_a.peer)
    _robin, robin_user = second_worker(org_a)
    response = client_for(robin_user).get(reverse(f"casework:{route}", args=[client.pk]))
    assert response.status_code == 404


def test_coordinator_and_supervisor_see_every_caseload_the_evaluator_does_not(org_a, client_for):
    robin, _user = second_worker(org_a)
    first = client_on(org_a.peer)
    client_on(robin, "M-WXYZ-1975")
    for user in (org_a.coordinator, org_a.supervisor, org_a.admin):
        staff = client_for(user)
        overview = staff.get(reverse("casework:caseloads")).content.decode()
        assert "F-ABCD-1980" in overview and "M-WXYZ-1975" in overview and str(robin) in overview
        assert staff.get(reverse("casework:client", args=[first.pk])).status_code == 200
    evaluator = client_for(org_a.evaluator)
    assert evaluator.get(reverse("casework:caseloads")).status_code == 403
    assert evaluator.get(reverse("casework:client", args=[first.pk])).status_code == 403
    assert client_for(org_a.peer_user).get(reverse("casework:caseloads")).status_code == 403


def test_another_organisation_gets_404_for_every_client_page(org_a, org_b, client_for):
    client = client_on(org_a.peer)
    referral = referral_for(client)
    for user in (org_b.admin, org_b.coordinator, org_b.supervisor, org_b.peer_user):
        visitor = client_for(user)
        for route in CLIENT_ROUTES:
            assert visitor.get(reverse(f"casework:{route}", args=[client.pk])).status_code == 404
        assert visitor.get(reverse("casework:referral_follow_up", args=[referral.pk])).status_code == 404
    overview = client_for(org_b.coordinator).get(reverse("casework:caseloads")).content.decode()
    assert "F-ABCD-1980" not in overview


def test_a_name_in_a_session_keeps_what_was_typed_and_saves_nothing(org_a, client_for):
    client = client_on(org_a.peer)
    goal = plan_for(client).goals.first()
    response = client_for(org_a.peer_user).post(
        reverse("casework:session_add", args=[client.pk]),
        {
            "held_on": org_a.org.today().isoformat(),
            "minutes": "40",
            "place": "phone",
            "kind": "advocacy",
            f"goal_{goal.pk}": "some",
            "next_step": "ring Peter Hansen at the council",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "“Peter Hansen” looks like a person&#x27;s name" in page
    assert 'value="40"' in page and "ring Peter Hansen at the council" in page
    assert "No names" in page
    assert CaseSession.objects.count() == 0


def test_the_worker_records_a_session_and_a_referral_then_follows_it_up(org_a, client_for):
    client = client_on(org_a.peer)
    goal = plan_for(client).goals.first()
    peer = client_for(org_a.peer_user)
    today = org_a.org.today().isoformat()
    response = peer.post(
        reverse("casework:session_add", args=[client.pk]),
        {"held_on": today, "minutes": "40", "place": "phone", "kind": "advocacy", f"goal_{goal.pk}": "some"},
    )
    assert response.status_code == 302
    assert CaseSession.objects.get().minutes == 40
    response = peer.post(
        reverse("casework:referral_add", args=[client.pk]),
        {"agency": "Harbour Clinic", "reason": "detox intake", "made_on": today},
    )
    assert response.status_code == 302
    referral = CaseReferral.objects.get()
    assert "Harbour Clinic" in peer.get(reverse("casework:mine")).content.decode()
    response = peer.post(
        reverse("casework:referral_follow_up", args=[referral.pk]), {"outcome": "arrived", "on": today}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == Outcome.ARRIVED


def test_after_a_handover_the_old_worker_no_longer_sees_the_client(org_a, client_for):
    robin, robin_user = second_worker(org_a)
    client = client_on(org_a.peer)
    peer = client_for(org_a.peer_user)
    response = peer.post(
        reverse("casework:handover", args=[client.pk]),
        {"to_worker": robin.pk, "note": "outreach on Tuesdays suits", "on": org_a.org.today().isoformat()},
    )
    assert response.status_code == 302 and response.url == reverse("casework:mine")
    assert peer.get(reverse("casework:client", args=[client.pk])).status_code == 404
    page = client_for(robin_user).get(reverse("casework:client", args=[client.pk])).content.decode()
    assert "outreach on Tuesdays suits" in page


def test_a_peer_adds_a_client_only_to_their_own_caseload(org_a, client_for):
    robin, _user = second_worker(org_a)
    peer = client_for(org_a.peer_user)
    today = org_a.org.today().isoformat()
    refused = peer.post(
        reverse("casework:client_add"), {"client_code": "F-ABCD-1980", "worker": robin.pk, "opened_on": today}
    )
    assert refused.status_code == 422 and CaseClient.objects.count() == 0
    bad = peer.post(
        reverse("casework:client_add"),
        {"client_code": "Jane Doe", "worker": org_a.peer.pk, "opened_on": today},
    )
    assert bad.status_code == 422 and "A client code is a gender letter" in bad.content.decode()
    ok = peer.post(
        reverse("casework:client_add"),
        {"client_code": "F-ABCD-1980", "worker": org_a.peer.pk, "opened_on": today},
    )
    assert ok.status_code == 302
    assert CaseClient.objects.get().worker == org_a.peer


def test_the_coordinator_sees_a_workers_caseload_on_their_page(org_a, client_for):
    client_on(org_a.peer)
    page = client_for(org_a.coordinator).get(reverse("peers:detail", args=[org_a.peer.pk])).content.decode()
    assert "Caseload" in page and "F-ABCD-1980" in page


def test_the_caseloads_page_costs_the_same_queries_for_two_clients_or_eight(org_a, client_for):
    robin, _user = second_worker(org_a)
    client_on(org_a.peer)
    client_on(robin, "M-WXYZ-1975")
    coordinator = client_for(org_a.coordinator)
    url = reverse("casework:caseloads")
    coordinator.get(url)
    with CaptureQueriesContext(connection) as few:
        coordinator.get(url)
    for n in range(6):
        client_on(robin if n % 2 else org_a.peer, f"F-QRS{'TUVWXY'[n]}-1980")
    with CaptureQueriesContext(connection) as many:
        page = coordinator.get(url).content.decode()
    assert page.count("-1980") == 7
    assert len(many) == len(few)


def test_the_coordinator_puts_a_client_on_a_workers_caseload_and_hands_them_over(org_a, client_for):
    robin, robin_user = second_worker(org_a)
    coordinator = client_for(org_a.coordinator)
    today = org_a.org.today().isoformat()
    form = coordinator.get(reverse("casework:client_add")).content.decode()
    assert str(robin) in form and str(org_a.peer) in form
    added = coordinator.post(
        reverse("casework:client_add"), {"client_code": "F-ABCD-1980", "worker": robin.pk, "opened_on": today}
    )
    assert added.status_code == 302
    client = CaseClient.objects.get()
    assert "F-ABCD-1980" in client_for(robin_user).get(reverse("casework:mine")).content.decode()
    moved = coordinator.post(
        reverse("casework:handover", args=[client.pk]),
        {"to_worker": org_a.peer.pk, "note": "back from leave", "on": today},
    )
    assert moved.status_code == 302 and moved.url == reverse("casework:client", args=[client.pk])
    assert client_for(robin_user).get(reverse("casework:client", args=[client.pk])).status_code == 404
    assert client_for(org_a.evaluator).get(reverse("casework:client_add")).status_code == 403


def test_supervisors_reach_every_caseload_from_the_support_dashboard(org_a, client_for):
    caseloads = reverse("casework:caseloads")
    supervisor = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()
    assert f'href="{caseloads}">Caseloads</a>' in supervisor
    evaluator = client_for(org_a.evaluator).get(reverse("support:dashboard"))
    assert evaluator.status_code in (200, 403)
    assert caseloads not in evaluator.content.decode(), "the evaluator does not oversee casework"
