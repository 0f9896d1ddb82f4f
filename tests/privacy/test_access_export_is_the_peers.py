"""A subject access export is the peer's own data, made at their request; staff get no more than
their role may see on the pages and API, and the audit says what was exported."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from peerwork.accounts.tokens import api_token_create
from peerwork.audit.models import AuditEvent
from peerwork.support.models import SessionKind
from peerwork.support.services import supervision_session_record
from tests.assessments.factories import finished
from tests.factories import PeerWorkerFactory

pytestmark = pytest.mark.django_db


def _files(content: bytes) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def _everything(content: bytes) -> dict:  # type: ignore[type-arg]
    return json.loads(_files(content)["everything.json"])


def _dumped(content: bytes) -> str:
    return "\n".join(_files(content).values())


def _setting(org_a):  # type: ignore[no-untyped-def]
    peer = org_a.peer
    peer.legal_name = "Patricia Example"
    peer.save()
    robin = PeerWorkerFactory(
        organisation=org_a.org,
        preferred_name="Robin",
        legal_name="Robin Secretname",
        phone="+14165550999",
        benefit_details="Ontario Works since 2020",
        date_of_birth=date(1980, 1, 2),
        referred_by=peer,
    )
    for kind, peers, notes in (
        (SessionKind.GROUP, [peer, robin], "GROUPNOTE Robin had a hard week"),
        (SessionKind.INDIVIDUAL, [peer], "ONE2ONE talked about sleep"),
    ):
        supervision_session_record(
            organisation=org_a.org,
            supervisor=org_a.supervisor,
            kind=kind,
            held_on=org_a.org.today(),
            duration_minutes=60,
            peers=peers,
            notes=notes,
        )
    shared = finished(org_a.org, peer=peer, share=True)
    private = finished(org_a.org, peer=peer, share=False)
    return peer, shared, private


def test_the_peers_own_copy_holds_their_data_and_no_one_elses(org_a, client_for):
    peer, shared, private = _setting(org_a)
    client = client_for(org_a.peer_user)
    assert reverse("privacy:my_export").encode() in client.get(reverse("peers:my_work")).content
    response = client.post(reverse("privacy:my_export"))
    assert response["Content-Type"] == "application/zip"
    everything = _everything(response.content)
    dumped = _dumped(response.content)
    assert everything["peers.peerworker"][0]["legal_name"] == "Patricia Example"
    assert everything["peers.referrals"] == [{"preferred_name": "Robin"}]
    for other in ("Secretname", "+14165550999", "Ontario Works", "1980-01-02", "GROUPNOTE"):
        assert other not in dumped
    group = [s for s in everything["support.supervisionsession"] if s["kind"] == "group"]
    assert group == [
        {
            "id": group[0]["id"],
            "kind": "group",
            "held_on": group[0]["held_on"],
            "duration_minutes": 60,
            "attended": True,
        }
    ]
    assert "ONE2ONE" in dumped  # their own one-to-one notes are theirs
    responses = {r["id"] for r in everything["assessments.assessmentresponse"]}
    assert responses == {shared.pk, private.pk}
    event = AuditEvent.objects.get(action="subject_access_export", object_id=str(peer.pk))
    assert event.actor == org_a.peer_user and event.detail["made_by"] == "peer"


def test_an_admin_gets_only_what_their_role_may_see_and_the_export_is_audited(org_a, org_b, client_for):
    peer, shared, _private = _setting(org_a)
    url = reverse("privacy:peer_export", args=[peer.pk])
    admin = client_for(org_a.admin)
    refused = admin.post(url, {"reason": ""})
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="subject_access_export").exists()

    response = admin.post(url, {"requested_by_peer": "on", "reason": "Asked at the drop-in on 1 December"})
    assert response["Content-Type"] == "application/zip"
    everything = _everything(response.content)
    dumped = _dumped(response.content)
    assert "ONE2ONE" not in dumped  # admins are refused supervision notes on the pages and API
    assert "GROUPNOTE" not in dumped and "Secretname" not in dumped
    assert {r["id"] for r in everything["assessments.assessmentresponse"]} == {shared.pk}
    assert "leaves out what their role may not see" in _files(response.content)["README.txt"]

    event = AuditEvent.objects.get(action="subject_access_export", object_id=str(peer.pk))
    assert event.actor == org_a.admin
    assert event.detail["requested_by"] == "peer"
    assert event.detail["reason"] == "Asked at the drop-in on 1 December"
    assert event.detail["records"]["assessments.assessmentresponse"] == 1
    assert event.detail["records"]["peers.referrals"] == 1
    assert "support.supervisionsession.notes" in event.detail["withheld"]

    assert client_for(org_a.coordinator).get(url).status_code == 403
    other = client_for(org_b.admin)
    assert other.get(url).status_code == 404
    assert other.post(url, {"requested_by_peer": "on", "reason": "x"}).status_code == 404


def test_the_api_export_needs_the_peers_request_and_keeps_to_the_role(org_a, org_b):
    peer, shared, _private = _setting(org_a)

    def api(personas):  # type: ignore[no-untyped-def]
        _token, raw = api_token_create(user=personas.admin, organisation=personas.org, name="t")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    url = f"/api/v1/privacy/peers/{peer.pk}/export"
    body = {"requested_by_peer": True, "reason": "By letter of 28 November"}
    client = api(org_a)
    no_request = client.post(url, {**body, "requested_by_peer": False}, content_type="application/json")
    assert no_request.status_code == 409 and "requested_by_peer" in no_request.json()["errors"]
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "ONE2ONE" not in _dumped(response.content)
    assert {r["id"] for r in _everything(response.content)["assessments.assessmentresponse"]} == {shared.pk}
    assert api(org_b).post(url, body, content_type="application/json").status_code == 404
