"""Demo peer lead: a peer at the Peer lead stage (its capabilities: run the team's desk, log its
services, see its week, record mentoring) leads the Harm reduction work stream, whose shift today
has team members on it; staff have made a one-time link that pairs the lead's own phone."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.demo import base_url
from peerwork.accounts.services import peer_phone_link_create
from peerwork.core.demo import DemoContext
from peerwork.pathway.models import PeerCapability, PeerPosition
from peerwork.pathway.services import peer_promote
from peerwork.peers.demo import DEMO_PINS
from peerwork.peers.models import PeerStatus

from .models import Assignment, AssignmentSource, AssignmentStatus, Role, Shift, ShiftStatus

TEAM_STREAM = "Harm reduction"
TEAM_ROLE = "Supply distribution"


def _shift_today(ctx: DemoContext, role: Role) -> Shift:
    """A team shift today that is open for check-in now (it started up to an hour ago)."""
    org = ctx["org"]
    now = timezone.localtime(timezone.now(), org.zone).replace(minute=0, second=0, microsecond=0)
    midnight = datetime.combine(now.date(), time.min, tzinfo=org.zone)
    starts = max(midnight, now - timedelta(hours=1))
    return Shift.objects.create(
        organisation=org,
        site=ctx["sites"][0],
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        slots=4,
        status=ShiftStatus.PUBLISHED,
        notes="Team shift run by the peer lead",
    )


def build(ctx: DemoContext) -> None:
    org, stages = ctx.objects.get("org"), ctx.objects.get("stages") or []
    roles = ctx.objects.get("roles") or {}
    lead_stage = next(
        (s for s in stages if PeerCapability.RUN_TEAM_DESK in (s.peer_capabilities or [])), None
    )
    if org is None or lead_stage is None or TEAM_ROLE not in roles:
        ctx.notes.append("Peer lead: skipped (no ladder stage grants the team desk, or no roles).")
        return
    active = [p for p in ctx["peers"] if p.status == PeerStatus.ACTIVE and p.user_id]
    positions = {
        p.peer_id: p.stage.order for p in PeerPosition.objects.filter(peer__in=active).select_related("stage")
    }
    active.sort(key=lambda p: (-positions.get(p.pk, 0), p.pk))
    lead = active[0]
    if positions.get(lead.pk, 0) < lead_stage.order:
        peer_promote(
            peer=lead,
            by=ctx["staff"]["supervisor"],
            to_stage=lead_stage,
            reason="Leads the harm-reduction team on the ground.",
            override_reason="Demo: the programme needs a peer lead now.",
        )
    pin = DEMO_PINS[ctx["peers"].index(lead) % len(DEMO_PINS)]  # the PIN peers' demo gave them
    role = roles[TEAM_ROLE]
    role.work_stream.leads.add(lead)
    shift = _shift_today(ctx, role)
    members = [p for p in active[1:] if positions.get(p.pk, 0) >= 1][:3]
    for member in members:
        Assignment.objects.create(
            organisation=org,
            shift=shift,
            peer=member,
            status=AssignmentStatus.ASSIGNED,
            source=AssignmentSource.MANUAL,
        )
    _phone, code = peer_phone_link_create(
        organisation=org, user=lead.user, by=ctx["staff"]["coordinator"], lifetime=timedelta(days=30)
    )
    url = base_url()
    ctx.sign_ins += [
        f"  Peer lead on their own phone: {lead.preferred_name} leads {role.work_stream.name}"
        f" ({len(members)} team members on today's {role.name} shift)",
        "    open this one-time link on the phone (staff make a new one on the peer's page, Own phone):",
        f"    {url}{reverse('accounts:phone_pair', kwargs={'code': code})}",
        f"    then PIN {pin}; My work → My team → Check-in desk for my team",
    ]
