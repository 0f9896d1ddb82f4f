"""A peer's subject access export holds everything about them; erasure removes identity, keeps the books."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.accounts.models import PeerCredential, User
from peerwork.audit.models import AuditEvent
from peerwork.pay.models import LedgerEntry
from peerwork.pay.services.payouts import payout_create_manual, payout_pay
from peerwork.peers.services import peer_sign_in_set_pin
from peerwork.privacy.services import peer_erase
from tests.assessments.factories import finished

pytestmark = pytest.mark.django_db


def _peer_with_history(org_a):  # type: ignore[no-untyped-def]
    peer = org_a.peer
    peer.legal_name = "Patricia Example"
    peer.phone = "+14165550123"
    peer.benefit_details = "ODSP since 2019"
    peer.save()
    peer_sign_in_set_pin(peer=peer, pin="5839", set_by=org_a.coordinator)
    payout = payout_create_manual(
        organisation=org_a.org,
        peer=peer,
        amount="40.00",
        reason="Travel",
        earned_on=org_a.org.today(),
        actor=org_a.coordinator,
    )
    payout_pay(payout=payout, method="transfer", actor=org_a.coordinator)
    finished(org_a.org, key="recovery-checkin", peer=peer)
    return peer


def _zip_of(response) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_subject_access_export_holds_everything_but_secrets(org_a, client_for):
    peer = _peer_with_history(org_a)
    response = client_for(org_a.peer_user).post(reverse("privacy:my_export"))
    assert response["Content-Type"] == "application/zip"
    files = _zip_of(response)
    everything = json.loads(files["everything.json"])
    assert everything["peers.peerworker"][0]["legal_name"] == "Patricia Example"
    assert everything["pay.payout"][0]["amount"] == "40.00"
    assert "assessments.assessmentresponse" in everything
    assert "pay.payout.csv" in files
    dumped = files["everything.json"].decode()
    assert "pin_hash" not in dumped and "qr_secret" not in dumped and '"password"' not in dumped
    assert AuditEvent.objects.filter(action="subject_access_export", object_id=str(peer.pk)).exists()


def test_erasure_removes_identity_and_private_check_ins_but_keeps_pay(org_a):
    peer = _peer_with_history(org_a)
    user_pk = peer.user_id
    ledger_before = list(LedgerEntry.objects.filter(peer=peer).values_list("amount", flat=True))

    peer_erase(peer=peer, by=org_a.admin, reason="The peer asked on 28 November")

    peer.refresh_from_db()
    assert peer.preferred_name == f"Erased peer {peer.pk}"
    assert (peer.legal_name, peer.phone, peer.benefit_details, peer.date_of_birth) == ("", "", "", None)
    assert peer.user is None
    user = User.objects.get(pk=user_pk)
    assert not user.is_active and not user.has_usable_password() and user.username == f"erased-{user_pk}"
    assert not PeerCredential.objects.filter(user_id=user_pk).exists()
    assert not peer.assessment_responses.exists()
    assert list(LedgerEntry.objects.filter(peer=peer).values_list("amount", flat=True)) == ledger_before
    assert ledger_before == [Decimal("40.00")]
    assert AuditEvent.objects.filter(action="peer_erased", object_id=str(peer.pk)).exists()


def test_erasure_needs_a_reason_and_happens_once(org_a):
    with pytest.raises(ValidationError):
        peer_erase(peer=org_a.peer, by=org_a.admin, reason=" ")
    peer_erase(peer=org_a.peer, by=org_a.admin, reason="asked")
    with pytest.raises(ValidationError, match="already erased"):
        peer_erase(peer=org_a.peer, by=org_a.admin, reason="asked again")


def test_the_erase_page_asks_for_confirmation(org_a, client_for):
    client = client_for(org_a.admin)
    url = reverse("privacy:peer_erase", args=[org_a.peer.pk])
    page = client.post(url, {"reason": "asked"}).content.decode()
    assert "This field is required" in page
    org_a.peer.refresh_from_db()
    assert not org_a.peer.preferred_name.startswith("Erased")
    response = client.post(url, {"reason": "asked", "confirm": "on"})
    assert response.status_code == 302
    org_a.peer.refresh_from_db()
    assert org_a.peer.preferred_name.startswith("Erased peer")


def test_another_organisation_cannot_export_or_erase(org_a, org_b, client_for):
    for name in ("privacy:peer_export", "privacy:peer_erase"):
        assert client_for(org_b.admin).get(reverse(name, args=[org_a.peer.pk])).status_code == 404
