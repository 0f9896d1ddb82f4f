"""Two-way SMS: offers in waitlist order, the first valid YES takes the place, signed webhooks only."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from twilio.request_validator import RequestValidator

from peerwork.audit.models import AuditEvent
from peerwork.peers.services import peer_sms_consent
from peerwork.shifts import offers
from peerwork.shifts.models import (
    Assignment,
    AssignmentStatus,
    ShiftPolicy,
    SmsMessage,
    SmsOffer,
    SmsOfferStatus,
)
from peerwork.shifts.services import assignment_cancel
from tests.factories import PeerWorkerFactory

from .factories import AssignmentFactory, ShiftFactory, SignUpFactory

TOKEN = "test-auth-token"


@pytest.fixture
def sms_setup(org_a, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    settings.TWILIO_AUTH_TOKEN = TOKEN
    org_a.org.country = "CA"
    org_a.org.save()
    ShiftPolicy.objects.update_or_create(
        organisation=org_a.org, defaults={"sms_offers": True, "sms_wave_size": 2, "sms_offer_minutes": 30}
    )
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, status="published", slots=1)
    holder = PeerWorkerFactory(organisation=org_a.org)
    held = AssignmentFactory(shift=shift, peer=holder, organisation=org_a.org)
    waiting = []
    for position in range(1, 5):
        peer = PeerWorkerFactory(organisation=org_a.org)
        peer.sites.add(org_a.site)
        peer_sms_consent(peer=peer, phone=f"416555010{position}", consent=position != 2, by=org_a.coordinator)
        SignUpFactory(shift=shift, peer=peer, organisation=org_a.org, waitlist_position=position)
        waiting.append(peer)
    return shift, held, waiting


def _outbox(tmp_path):
    folder = tmp_path / "sms"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def _post(client, name, data, token=TOKEN):
    url = "http://testserver" + reverse(f"shifts:{name}")
    signature = RequestValidator(token).compute_signature(url, data)
    return client.post(url, data, HTTP_X_TWILIO_SIGNATURE=signature)


def test_consent_needs_a_valid_number(org_a):
    peer = PeerWorkerFactory(organisation=org_a.org)
    with pytest.raises(ValidationError):
        peer_sms_consent(peer=peer, phone="12", consent=True, by=org_a.coordinator)
    org_a.org.country = "CA"
    org_a.org.save()
    peer_sms_consent(peer=peer, phone="(416) 555-0101", consent=True, by=org_a.coordinator)
    peer.refresh_from_db()
    assert peer.phone == "+14165550101"
    assert peer.sms_consent_at is not None


def test_a_cancelled_place_is_offered_by_text_in_waitlist_order_to_consenting_peers(
    sms_setup, tmp_path, django_capture_on_commit_callbacks
):
    shift, held, waiting = sms_setup
    with django_capture_on_commit_callbacks() as queued:
        assignment_cancel(assignment=held, by=None)
    # The texts are saved with the offers and go once they are committed, not while the place is held.
    assert _outbox(tmp_path) == []
    assert set(SmsMessage.objects.filter(direction="out").values_list("status", flat=True)) == {"waiting"}
    for send in queued:
        send()
    made = SmsOffer.objects.filter(shift=shift).order_by("id")
    # wave of two, skipping the peer without consent (position 2)
    assert [o.peer for o in made] == [waiting[0], waiting[2]]
    sent = _outbox(tmp_path)
    assert sorted(m["to"] for m in sent) == sorted([waiting[0].phone, waiting[2].phone])
    to_first = next(m for m in sent if m["to"] == waiting[0].phone)
    assert f"Reply YES {made[0].code}" in to_first["body"]
    logged = SmsMessage.objects.filter(direction="out").order_by("id")
    assert [m.phone for m in logged] == [waiting[0].phone, waiting[2].phone]
    assert {m.status for m in logged} == {"queued"}  # sent: the provider's first status
    assert len({o.code for o in made}) == 2 or made[0].peer != made[1].peer
    # nobody got the place without saying yes
    assert not Assignment.objects.filter(shift=shift, status=AssignmentStatus.ASSIGNED).exists()


def test_first_yes_takes_the_place_the_second_is_told_kindly(sms_setup, client):
    shift, held, _waiting = sms_setup
    assignment_cancel(assignment=held, by=None)
    first, second = SmsOffer.objects.filter(shift=shift).order_by("id")
    r = _post(
        client, "sms_inbound", {"From": second.peer.phone, "Body": f"yes {second.code}", "MessageSid": "SM1"}
    )
    assert r.status_code == 200
    assert "It's yours" in r.content.decode()
    r = _post(
        client, "sms_inbound", {"From": first.peer.phone, "Body": f"YES {first.code}!", "MessageSid": "SM2"}
    )
    assert "Sorry, it's taken" in r.content.decode()
    holding = Assignment.objects.filter(shift=shift, status=AssignmentStatus.ASSIGNED)
    assert [a.peer for a in holding] == [second.peer]
    first.refresh_from_db()
    assert first.status == SmsOfferStatus.LOST
    # the provider retries the same message: processed once, nothing more
    r = _post(
        client, "sms_inbound", {"From": first.peer.phone, "Body": f"YES {first.code}", "MessageSid": "SM2"}
    )
    assert "<Message>" not in r.content.decode()
    assert SmsMessage.objects.filter(provider_id="SM2").count() == 1


def test_wrong_and_expired_codes_and_unknown_numbers(sms_setup, client):
    shift, held, _waiting = sms_setup
    assignment_cancel(assignment=held, by=None)
    offer = SmsOffer.objects.filter(shift=shift).order_by("id").first()
    r = _post(client, "sms_inbound", {"From": offer.peer.phone, "Body": "YES 0000", "MessageSid": "SMa"})
    assert "does not match" in r.content.decode()
    r = _post(client, "sms_inbound", {"From": "+14165559999", "Body": "YES 1234", "MessageSid": "SMb"})
    assert "do not know this number" in r.content.decode()
    SmsOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    r = _post(
        client, "sms_inbound", {"From": offer.peer.phone, "Body": f"YES {offer.code}", "MessageSid": "SMc"}
    )
    assert "offer has ended" in r.content.decode()
    assert not Assignment.objects.filter(shift=shift, status=AssignmentStatus.ASSIGNED).exists()


def test_stop_in_any_case_is_honoured_and_start_turns_texts_back_on(sms_setup, client, tmp_path):
    _shift, held, waiting = sms_setup
    peer = waiting[0]
    r = _post(client, "sms_inbound", {"From": peer.phone, "Body": "  Stop. ", "MessageSid": "SMs"})
    assert "no more texts" in r.content.decode()
    peer.refresh_from_db()
    assert peer.sms_opt_out_at is not None
    assignment_cancel(assignment=held, by=None)
    assert not SmsOffer.objects.filter(peer=peer).exists()
    assert peer.phone not in [m["to"] for m in _outbox(tmp_path)]
    r = _post(client, "sms_inbound", {"From": peer.phone, "Body": "START", "MessageSid": "SMt"})
    assert "back on" in r.content.decode()
    peer.refresh_from_db()
    assert peer.sms_opt_out_at is None


def test_other_text_gets_help_and_is_kept_for_a_coordinator(sms_setup, client):
    _, _, waiting = sms_setup
    r = _post(
        client, "sms_inbound", {"From": waiting[0].phone, "Body": "can I come later?", "MessageSid": "SMh"}
    )
    assert "Reply YES" in r.content.decode()
    assert SmsMessage.objects.get(provider_id="SMh").needs_coordinator


def test_reply_is_in_the_peers_language(sms_setup, client):
    _, _, waiting = sms_setup
    peer = waiting[0]
    peer.organisation.language = "fr"
    peer.organisation.save()
    assert offers.peer_language(peer) == "fr"
    r = _post(client, "sms_inbound", {"From": peer.phone, "Body": "arrêt!", "MessageSid": "SMfr"})
    assert "Vous ne recevrez plus de SMS" in r.content.decode()
    peer.refresh_from_db()
    assert peer.sms_opt_out_at is not None


def test_a_forged_webhook_is_refused_and_audited(sms_setup, client):
    _, _, waiting = sms_setup
    r = _post(
        client,
        "sms_inbound",
        {"From": waiting[0].phone, "Body": "STOP", "MessageSid": "SMf"},
        token="not-the-token",
    )
    assert r.status_code == 403
    assert AuditEvent.objects.filter(action="sms_webhook_forged").exists()
    assert not SmsMessage.objects.filter(provider_id="SMf").exists()


def test_a_failed_delivery_flags_the_number(sms_setup, client):
    _, _, waiting = sms_setup
    peer = waiting[0]
    SmsMessage.objects.create(
        organisation=peer.organisation,
        peer=peer,
        direction="out",
        phone=peer.phone,
        body="x",
        provider_id="SMo",
    )
    r = _post(client, "sms_status", {"MessageSid": "SMo", "MessageStatus": "failed"})
    assert r.status_code == 204
    peer.refresh_from_db()
    assert peer.sms_failed_at is not None
    assert not offers.can_text(peer)


# --- pages: the shift page, the conversation log, a coordinator giving a place back, the simulator ---


def test_coordinator_gives_back_a_place_and_the_shift_page_shows_the_offers(
    sms_setup, org_a, org_b, client_for
):
    shift, held, waiting = sms_setup
    other = client_for(org_b.coordinator)
    assert other.post(reverse("shifts:assignment_give_back", args=[held.pk])).status_code == 404
    held.refresh_from_db()
    assert held.status == AssignmentStatus.ASSIGNED
    client = client_for(org_a.coordinator)
    r = client.post(reverse("shifts:assignment_give_back", args=[held.pk]), follow=True)
    assert "goes to the waitlist" in r.content.decode()
    page = client.get(reverse("shifts:shift", args=[shift.pk])).content.decode()
    assert "Places offered by text" in page
    assert waiting[0].preferred_name in page and "Waiting for a reply" in page


def test_conversation_log_records_consent_audits_the_number_and_is_org_scoped(
    sms_setup, org_a, org_b, client_for
):
    _shift, held, waiting = sms_setup
    peer = waiting[0]
    assignment_cancel(assignment=held, by=None)
    offer = SmsOffer.objects.get(peer=peer)
    offers.sms_inbound(phone=peer.phone, body=f"YES {offer.code}", provider_id="SMlog")
    assert (
        client_for(org_b.coordinator).get(reverse("shifts:sms_conversation", args=[peer.pk])).status_code
        == 404
    )
    assert client_for(org_a.peer_user).get(
        reverse("shifts:sms_conversation", args=[peer.pk])
    ).status_code in (
        403,
        404,
    )
    client = client_for(org_a.coordinator)
    page = client.get(reverse("shifts:sms_conversation", args=[peer.pk])).content.decode()
    assert f"YES {offer.code}" in page and "It&#x27;s yours" in page and "Took the place" in page
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(peer.pk)).exists()
    r = client.post(reverse("shifts:sms_conversation", args=[peer.pk]), {"phone": "12", "consent": "on"})
    assert r.status_code == 200 and "phone number" in r.content.decode()
    client.post(reverse("shifts:sms_conversation", args=[peer.pk]), {"phone": "416 555 0199"})
    peer.refresh_from_db()
    assert peer.phone == "+14165550199" and peer.sms_consent_at is None


def test_simulator_is_off_outside_development_and_drives_the_webhook_path(
    sms_setup, org_a, client_for, settings
):
    shift, held, _waiting = sms_setup
    client = client_for(org_a.coordinator)
    assert client.get(reverse("shifts:sms_simulator")).status_code == 404
    settings.SMS_SIMULATOR = True
    assignment_cancel(assignment=held, by=None)
    first, second = SmsOffer.objects.filter(shift=shift).order_by("id")
    page = client.get(reverse("shifts:sms_simulator")).content.decode()
    assert f"Reply YES {first.code}" in page
    r = client.post(
        reverse("shifts:sms_simulator"), {"phone": first.peer.phone, "body": f"yes {first.code}"}, follow=True
    )
    assert "It&#x27;s yours" in r.content.decode()
    r = client.post(
        reverse("shifts:sms_simulator"),
        {"phone": second.peer.phone, "body": f"YES {second.code}"},
        follow=True,
    )
    assert "Sorry, it&#x27;s taken" in r.content.decode()
    assert [a.peer for a in Assignment.objects.filter(shift=shift, status="assigned")] == [first.peer]


def test_when_a_wave_expires_the_next_peers_are_offered(
    sms_setup, tmp_path, django_capture_on_commit_callbacks
):
    shift, held, waiting = sms_setup
    with django_capture_on_commit_callbacks(execute=True):
        assignment_cancel(assignment=held, by=None)
    later = timezone.now() + timedelta(minutes=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert offers.offers_advance(now=later) == 1
    statuses = dict(SmsOffer.objects.filter(shift=shift).values_list("peer_id", "status"))
    assert statuses == {
        waiting[0].pk: SmsOfferStatus.EXPIRED,
        waiting[2].pk: SmsOfferStatus.EXPIRED,
        waiting[3].pk: SmsOfferStatus.OPEN,
    }
    assert sorted(m["to"] for m in _outbox(tmp_path)) == sorted(waiting[i].phone for i in (0, 2, 3))


def test_an_offer_never_names_a_role_that_speaks_of_harm_reduction(
    sms_setup, tmp_path, django_capture_on_commit_callbacks
):
    shift, held, _waiting = sms_setup
    role = shift.role
    role.name = "Needle recovery"
    role.reveals_programme = True
    role.save()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_cancel(assignment=held, by=None)
    bodies = [m["body"] for m in _outbox(tmp_path)]
    assert bodies and all("Needle" not in b and "Community support work" in b for b in bodies)


def test_the_peers_page_says_where_their_texts_stand_and_links_the_conversation(
    sms_setup, org_a, org_b, client_for
):
    _shift, held, waiting = sms_setup
    assignment_cancel(assignment=held, by=None)  # texts the first wave
    first = waiting[0]
    page = client_for(org_a.coordinator).get(reverse("peers:detail", args=[first.pk])).content.decode()
    assert "Agrees to get texts about open places." in page
    assert reverse("shifts:sms_conversation", args=[first.pk]) in page
    assert "Texts (1 message)" in page
    unwilling = waiting[1]
    page = client_for(org_a.coordinator).get(reverse("peers:detail", args=[unwilling.pk])).content.decode()
    assert "Has not agreed to texts." in page and "Texts (0 messages)" in page
    assert client_for(org_b.coordinator).get(reverse("peers:detail", args=[first.pk])).status_code == 404
