"""Demo two-way SMS: a one-place shift tomorrow held by one peer, three more on its waitlist who
agreed to texts. A coordinator gives the holder's place back on the shift page; the next peers get
offers in the development SMS simulator, the first YES takes the place, a later YES is told kindly."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from peerwork.core.demo import DemoContext
from peerwork.peers.models import PeerStatus

from . import rules
from .models import Assignment, AssignmentSource, AssignmentStatus, Shift, ShiftPolicy, ShiftStatus, SignUp
from .offers import sms_inbound

SMS_NOTE = "Short-notice place (two-way SMS demo)"


def build(ctx: DemoContext) -> None:
    org = ctx.objects.get("org")
    roles = ctx.objects.get("roles") or {}
    role = next((r for r in roles.values() if r.min_stage_id is None and not r.is_day_labour), None)
    if org is None or role is None:
        ctx.notes.append("Two-way SMS: skipped (no role open to every peer).")
        return
    ShiftPolicy.objects.update_or_create(
        organisation=org, defaults={"sms_offers": True, "sms_wave_size": 2, "sms_offer_minutes": 30}
    )
    tomorrow = timezone.localtime(timezone.now(), org.zone).date() + timedelta(days=1)
    starts = datetime.combine(tomorrow, time(13, 0), tzinfo=org.zone)
    shift = Shift.objects.create(
        organisation=org,
        site=ctx["sites"][0],
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        slots=1,
        status=ShiftStatus.PUBLISHED,
        notes=SMS_NOTE,
    )
    active = [p for p in ctx["peers"] if p.status == PeerStatus.ACTIVE]
    verdicts = rules.may_take_many(org, [(p, shift) for p in active])
    able = [p for p in active if verdicts[(p.pk, shift.pk)].ok][:4]
    if len(able) < 3:
        ctx.notes.append("Two-way SMS: skipped (too few peers may take the shift).")
        shift.delete()
        return
    holder, waiting = able[0], able[1:]
    Assignment.objects.create(
        organisation=org,
        shift=shift,
        peer=holder,
        status=AssignmentStatus.ASSIGNED,
        source=AssignmentSource.MANUAL,
    )
    now = timezone.now()
    for position, peer in enumerate(waiting, start=1):
        peer.phone = f"+1416555{190 + position:04d}"
        peer.sms_consent_at = now
        peer.save(update_fields=["phone", "sms_consent_at"])
        SignUp.objects.create(organisation=org, shift=shift, peer=peer, waitlist_position=position)
    ctx["sms_shift"] = shift
    # A text that is no keyword waits for a coordinator (the week page says so).
    sms_inbound(
        phone=waiting[0].phone, body="Bus is late, I'll be 10 min late tomorrow", provider_id="demo-sms-1"
    )
    ctx.notes.append(
        f"Two-way SMS: on /shifts/{shift.pk}/ give back {holder.preferred_name}'s place; the next peers "
        "get offers in the SMS simulator (/shifts/sms/simulator/, development mode) and reply YES with "
        "their code. A shift added on the week page to start within 48 hours goes out as an open call "
        "to the peers with texts on, fewest recent hours first. "
        f"{waiting[0].preferred_name}'s text about a late bus waits at /shifts/sms/inbox/."
    )
