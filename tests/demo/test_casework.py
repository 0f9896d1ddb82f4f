"""The demo: a peer support worker records sessions with two caseload clients and hands one over."""

from __future__ import annotations

from peerwork.casework.models import CaseAssignment, CaseClient, CaseReferral, CaseSession, Outcome
from peerwork.core.demo import DEMO_SLUG


def test_the_demo_worker_has_sessions_with_two_clients_and_handed_one_over(db, demo):
    clients = CaseClient.objects.filter(organisation__slug=DEMO_SLUG).select_related("worker")
    assert {c.client_code for c in clients} == {"F-ANDE-1984", "M-BROW-1979"}
    first = clients.get(client_code="F-ANDE-1984")
    second = clients.get(client_code="M-BROW-1979")
    worker = first.worker
    assert second.worker != worker
    assert {s.client_id for s in CaseSession.objects.filter(worker=worker)} == {first.pk, second.pk}
    handover = CaseAssignment.objects.get(client=second, ends_on__isnull=True)
    assert handover.worker == second.worker and "blue folder" in handover.handover_note
    assert set(CaseReferral.objects.values_list("outcome", flat=True)) == {Outcome.ARRIVED, Outcome.PENDING}
    assert "Casework:" in demo
