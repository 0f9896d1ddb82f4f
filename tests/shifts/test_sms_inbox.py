"""Texts that wait for a coordinator: a peer's words that were not a keyword, and texts from
numbers no peer has, in one inbox per organisation, on the page and through the API."""

from __future__ import annotations

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.peers.services import peer_sms_consent
from peerwork.shifts.models import SmsMessage
from peerwork.shifts.offers import sms_inbound

STRANGER = "+14165559876"


def _texts(org_a, settings):
    settings.SMS_INBOX_ORGANISATION = org_a.org.slug
    org_a.org.country = "CA"
    org_a.org.save()
    peer_sms_consent(peer=org_a.peer, phone="4165550177", consent=True, by=org_a.coordinator)
    mine = sms_inbound(phone="+14165550177", body="my bus is late, 10 min", provider_id="SM-in-1")
    stranger = sms_inbound(phone=STRANGER, body="this is Pat's new phone", provider_id="SM-in-2")
    sms_inbound(phone="+14165550177", body="HELP", provider_id="SM-in-3")  # a keyword waits for nobody
    return mine.message, stranger.message


def test_a_coordinator_reads_the_inbox_and_marks_a_text_dealt_with(org_a, org_b, client_for, settings):
    mine, stranger = _texts(org_a, settings)
    assert (
        "Thanks, a coordinator will read this."
        in sms_inbound(phone="+14165550177", body="can I swap Tuesday?", provider_id="SM-in-4").reply
    )
    coordinator = client_for(org_a.coordinator)
    week = coordinator.get(reverse("shifts:week")).content.decode()
    assert "3 texts wait for a coordinator" in week
    page = coordinator.get(reverse("shifts:sms_inbox")).content.decode()
    assert "my bus is late, 10 min" in page and "can I swap Tuesday?" in page
    assert f"Unknown number {STRANGER}" in page and "this is Pat&#x27;s new phone" in page
    assert "<br>HELP" not in page
    assert AuditEvent.objects.filter(action="sms_inbox_viewed", actor=org_a.coordinator).exists()

    done = coordinator.post(reverse("shifts:sms_handled", args=[stranger.pk]), follow=True)
    assert "Marked as dealt with." in done.content.decode()
    assert "this is Pat" not in done.content.decode()
    assert AuditEvent.objects.filter(action="sms_handled", object_id=str(stranger.pk)).exists()
    # Another organisation sees none of it, and cannot mark it.
    other = client_for(org_b.coordinator)
    assert "my bus is late" not in other.get(reverse("shifts:sms_inbox")).content.decode()
    assert other.post(reverse("shifts:sms_handled", args=[mine.pk])).status_code == 404
    # A peer has no inbox.
    assert client_for(org_a.peer_user).get(reverse("shifts:sms_inbox")).status_code in (403, 404)


def test_a_strangers_text_on_a_shared_deployment_goes_to_no_organisation(org_a, org_b, client_for):
    # No SMS_INBOX_ORGANISATION and two organisations: one number serves both, so nobody's inbox.
    kept = sms_inbound(phone=STRANGER, body="who is this?", provider_id="SM-in-9")
    assert kept.reply == "We do not know this number. Please ask at the desk."
    message = SmsMessage.objects.get(provider_id="SM-in-9")
    assert message.organisation is None and message.needs_coordinator
    for coordinator in (org_a.coordinator, org_b.coordinator):
        assert "who is this?" not in client_for(coordinator).get(reverse("shifts:sms_inbox")).content.decode()


def test_the_inbox_through_the_api(org_a, org_b, client_for, settings):
    mine, stranger = _texts(org_a, settings)
    coordinator = client_for(org_a.coordinator)
    listed = coordinator.get("/api/v1/sms/inbox").json()
    assert listed["count"] == 2
    by_id = {item["id"]: item for item in listed["items"]}
    assert by_id[mine.pk]["peer_name"] == org_a.peer.preferred_name and by_id[mine.pk]["from_number"] is None
    assert by_id[stranger.pk]["peer_id"] is None and by_id[stranger.pk]["from_number"] == STRANGER
    handled = coordinator.post(f"/api/v1/sms/messages/{mine.pk}/handled")
    assert handled.status_code == 200 and handled.json()["body"] == "my bus is late, 10 min"
    assert coordinator.get("/api/v1/sms/inbox").json()["count"] == 1
    assert coordinator.post(f"/api/v1/sms/messages/{mine.pk}/handled").status_code == 404  # already done
    assert (
        client_for(org_b.coordinator).post(f"/api/v1/sms/messages/{stranger.pk}/handled").status_code == 404
    )
    assert client_for(org_a.peer_user).get("/api/v1/sms/inbox").status_code == 403
