"""The texts API: a shift's offers and what happened, a peer's conversation (audited), consent to texts.

Coordinators only; an offer's reply code is never given out; another organisation gets 404.
"""

from __future__ import annotations

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.shifts.models import SmsOffer
from peerwork.shifts.services import assignment_cancel
from tests.factories import PeerWorkerFactory

from .test_sms_offers import _post
from .test_sms_offers import sms_setup as sms_setup  # the fixture, shared with the offers tests


def test_the_coordinator_reads_a_shifts_offers_in_order_without_their_codes(sms_setup, org_a, client_for):
    shift, held, waiting = sms_setup
    assignment_cancel(assignment=held, by=None)
    response = client_for(org_a.coordinator).get(reverse("api:sms_shift_offers", args=[shift.pk]))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["peer_id"] for item in items] == [waiting[0].pk, waiting[2].pk]
    assert {item["status"] for item in items} == {"open"}
    codes = set(SmsOffer.objects.values_list("code", flat=True))
    assert not any(code in response.content.decode() for code in codes)
    assert "code" not in items[0]


def test_a_peers_conversation_is_newest_first_and_its_reading_is_audited(
    sms_setup, org_a, client, client_for
):
    _shift, held, waiting = sms_setup
    assignment_cancel(assignment=held, by=None)
    offer = SmsOffer.objects.get(peer=waiting[0])
    _post(client, "sms_inbound", {"From": waiting[0].phone, "Body": f"YES {offer.code}", "MessageSid": "SM9"})
    response = client_for(org_a.coordinator).get(reverse("api:sms_peer_messages", args=[waiting[0].pk]))
    items = response.json()["items"]
    assert [item["direction"] for item in items][:2] == ["out", "in"]
    assert items[-1]["direction"] == "out" and items[-1]["offer_id"] == offer.pk
    assert waiting[0].phone not in response.content.decode(), "numbers are not in the answer"
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(waiting[0].pk)).exists()


def test_consent_is_recorded_with_a_valid_number_and_refused_with_a_clear_message(org_a, client_for):
    org_a.org.country = "CA"
    org_a.org.save()
    peer = PeerWorkerFactory(organisation=org_a.org)
    client = client_for(org_a.coordinator)
    url = reverse("api:sms_peer_consent_set", args=[peer.pk])
    bad = client.put(url, {"phone": "12", "consent": True}, content_type="application/json")
    assert bad.status_code == 409
    assert bad.json()["detail"] == "This does not look like a phone number. Try it with the area code."
    good = client.put(url, {"phone": "(416) 555-0199", "consent": True}, content_type="application/json")
    assert good.status_code == 200
    assert good.json()["can_text"] is True and good.json()["consented_at"]
    peer.refresh_from_db()
    assert peer.phone == "+14165550199"
    read = client.get(reverse("api:sms_peer_consent", args=[peer.pk])).json()
    assert read["can_text"] is True and read["stopped_at"] is None


def test_peers_and_other_organisations_get_nothing(sms_setup, org_a, org_b, client_for):
    shift, _held, waiting = sms_setup
    peer_answer = client_for(org_a.peer_user).get(reverse("api:sms_shift_offers", args=[shift.pk]))
    assert peer_answer.status_code == 403
    for url in (
        reverse("api:sms_shift_offers", args=[shift.pk]),
        reverse("api:sms_peer_messages", args=[waiting[0].pk]),
        reverse("api:sms_peer_consent", args=[waiting[0].pk]),
    ):
        assert client_for(org_b.coordinator).get(url).status_code == 404
