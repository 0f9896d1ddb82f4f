"""On the kiosk a check-in is recorded as taken there; list pages do not grow queries per row."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.assessments.models import AssessmentResponse, Mode
from peerwork.assessments.services import schedule_create
from tests.factories import PeerWorkerFactory
from tests.foundation.factories import make_kiosk

from .factories import finished, instrument


def test_a_check_in_started_in_a_kiosk_session_is_marked_kiosk(org_a, client_for):
    peer = client_for(org_a.peer_user)
    device, _raw = make_kiosk(org_a)
    session = peer.session
    session[SESSION_KIOSK] = device.pk
    session.save()
    peer.post(reverse("assessments:start", args=[instrument(org_a.org, "recovery-checkin").pk]))
    assert AssessmentResponse.objects.get(peer=org_a.peer).mode == Mode.KIOSK


def test_a_check_in_started_on_a_phone_is_marked_phone(org_a, client_for):
    client_for(org_a.peer_user).post(
        reverse("assessments:start", args=[instrument(org_a.org, "recovery-checkin").pk])
    )
    assert AssessmentResponse.objects.get(peer=org_a.peer).mode == Mode.PHONE


def _due_page_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("assessments:due")).status_code == 200
    return len(queries)


def test_the_due_page_does_not_add_queries_per_schedule(org_a, client_for):
    recovery = instrument(org_a.org, "recovery-checkin")
    staff = client_for(org_a.coordinator)
    today = org_a.org.today()
    schedule_create(organisation=org_a.org, instrument=recovery, peer=org_a.peer, starts_on=today)
    finished(org_a.org, peer=org_a.peer)
    _due_page_queries(staff)  # warm caches (sessions, sync)
    few = _due_page_queries(staff)
    for n in range(8):
        peer = PeerWorkerFactory(organisation=org_a.org, preferred_name=f"Due {n}")
        schedule_create(organisation=org_a.org, instrument=recovery, peer=peer, starts_on=today)
    many = _due_page_queries(staff)
    assert many <= few + 2, f"{few} queries with one schedule, {many} with nine"


def _my_work_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("peers:my_work"))
    assert response.status_code == 200
    return len(queries)


def test_my_work_does_not_add_queries_per_check_in_due(org_a, client_for):
    peer = client_for(org_a.peer_user)
    today = org_a.org.today()
    schedule_create(
        organisation=org_a.org, instrument=instrument(org_a.org, "recovery-checkin"), peer=org_a.peer,
        starts_on=today,
    )  # fmt: skip
    _my_work_queries(peer)  # warm the session
    one = _my_work_queries(peer)
    for key in ("barc-10", "mirc"):
        schedule_create(
            organisation=org_a.org, instrument=instrument(org_a.org, key), peer=org_a.peer, starts_on=today
        )
    body = peer.get(reverse("peers:my_work")).content.decode()
    assert "Check-in due" in body
    assert _my_work_queries(peer) == one
