"""In the demo a coordinator gives back a place, and the waitlist's texts decide who gets it."""

from __future__ import annotations

from peerwork.shifts import offers
from peerwork.shifts.demo_sms import SMS_NOTE
from peerwork.shifts.models import AssignmentStatus, Shift, SmsMessage, SmsOffer
from peerwork.shifts.services import assignment_cancel


def test_demo_a_coordinator_gives_back_a_place_and_the_waitlist_replies_by_text(db, demo, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    shift = Shift.objects.get(notes=SMS_NOTE)
    held = shift.assignments.get(status=AssignmentStatus.ASSIGNED)
    assignment_cancel(assignment=held, by=None)
    first, second = SmsOffer.objects.filter(shift=shift).order_by("id")
    assert (
        "It's yours"
        in offers.sms_inbound(phone=first.peer.phone, body=f"Yes {first.code}", provider_id="SMd1").reply
    )
    assert (
        "Sorry, it's taken"
        in offers.sms_inbound(phone=second.peer.phone, body=f"YES {second.code}", provider_id="SMd2").reply
    )
    assert shift.assignments.get(status=AssignmentStatus.ASSIGNED).peer == first.peer
    # The demo's coordinator has one text waiting for them, from a peer on that waitlist.
    waiting = SmsMessage.objects.get(needs_coordinator=True)
    assert waiting.body.startswith("Bus is late") and waiting.organisation == shift.organisation
