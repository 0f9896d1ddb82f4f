"""Erasure takes the peer's names out of staff free text, and its report says what was kept and why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.pay.models import Payout
from peerwork.pay.services.payouts import payout_create_manual
from peerwork.privacy.models import ConsentRecord
from peerwork.privacy.services import peer_erase
from peerwork.support.models import SessionKind
from peerwork.support.services import supervision_session_record
from tests.factories import PeerWorkerFactory

from .factories import consent_for

pytestmark = pytest.mark.django_db


def _named_in_free_text(org_a):  # type: ignore[no-untyped-def]
    peer = org_a.peer
    peer.legal_name = "Patricia Quill"
    peer.preferred_name = "Trish"
    peer.save()
    payout = payout_create_manual(
        organisation=org_a.org,
        peer=peer,
        amount="12.00",
        reason="Bus fare for Patricia Quill to the clinic",
        description="Travel for Trish",
        earned_on=org_a.org.today(),
        actor=org_a.coordinator,
    )
    consent = consent_for(org_a, information="Trish's shift dates", purpose="Quill's ODSP report")
    other = PeerWorkerFactory(organisation=org_a.org, preferred_name="Sam")
    group = supervision_session_record(
        organisation=org_a.org,
        supervisor=org_a.supervisor,
        kind=SessionKind.GROUP,
        held_on=org_a.org.today(),
        duration_minutes=60,
        peers=[peer, other],
        notes="trish and Sam talked about the week",
    )
    return peer, payout, consent, group


def test_erasure_scrubs_the_peers_names_from_staff_free_text(org_a):
    peer, payout, consent, group = _named_in_free_text(org_a)

    peer_erase(peer=peer, by=org_a.admin, reason="The peer asked on 1 December")

    payout = Payout.objects.get(pk=payout.pk)
    assert payout.reason == "Bus fare for [erased] to the clinic"
    assert payout.description == "Travel for [erased]"
    consent = ConsentRecord.objects.get(pk=consent.pk)
    assert consent.information == "[erased]'s shift dates"
    assert consent.purpose == "[erased]'s ODSP report"
    group.refresh_from_db()
    assert group.notes == "[erased] and Sam talked about the week"  # the other peer's session stays


def test_the_erasure_report_says_what_was_kept_and_why(org_a, org_b, client_for):
    peer, *_ = _named_in_free_text(org_a)
    client = client_for(org_a.admin)
    url = reverse("privacy:peer_erase", args=[peer.pk])
    response = client.post(url, {"reason": "asked", "confirm": "on"}, follow=True)

    page = response.content.decode()
    assert "Erasure report" in page
    assert "Pay ledger" in page and "financial records" in page  # kept, and why
    event = AuditEvent.objects.get(action="peer_erased", object_id=str(peer.pk))
    report = event.detail["report"]
    assert report["scrubbed"]["pay.payout"] == 1
    assert any(item["what"].startswith("Pay ledger") and item["why"] for item in report["kept"])
    assert "Patricia" not in str(report) and "Trish" not in str(report)
    report_url = reverse("privacy:erasure_report", args=[peer.pk])
    assert client_for(org_b.admin).get(report_url).status_code == 404
    assert client_for(org_a.coordinator).get(report_url).status_code == 403
