"""Demo support records: schedules, eight weeks of supervision, debriefs after the demo's overdose
responses (some declined), check-ins (some shared), role checks from peers who worked the drifting
Outreach role, and the organisation's actions on drifting roles. Role drift comes from the shifts
demo's check-outs; nothing here invents hours. Nothing here draws from the demo's random stream.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from peerwork.accounts.models import User
from peerwork.accounts.roles import Role as MemberRole
from peerwork.assessments.models import AssessmentResponse, Mode
from peerwork.core.demo import DEMO_SLUG, DemoContext
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.services.models import OverdoseResponse
from peerwork.shifts.models import Assignment, AssignmentStatus, Role

from .checkins import checkin_record
from .models import (
    DebriefOffer,
    DebriefStatus,
    RoleAction,
    RoleActionKind,
    RoleCheck,
    SessionKind,
    SupervisionSchedule,
    SupervisionSession,
    TimeOnRole,
)
from .rolework import role_action_record, role_check_record
from .selectors.supervision import org_supervisors
from .services import DEBRIEF_DUE

SCHEDULE_DAYS = {1: 28, 2: 14, 3: 14, 4: 21, 5: 28}
INDIVIDUAL_NOTES = [
    "Talked through a hard week at the drop-in. Agreed to try the Thursday group.",
    "Goals for the next stage: naloxone trainer course. Feeling steadier.",
    "Housing worry is back; linked to the housing worker. Check in next time.",
    "Shifts feel like more cleaning than outreach lately. Raise with the coordinator.",
    "Good month. Wants more paired shifts with newer peers.",
]
GROUP_NOTES = "Weekly peer debrief group: what went well, what stayed with us, self-care plans."


def build(ctx: DemoContext) -> None:
    organisation = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if organisation is None:
        ctx.notes.append("Support demo skipped: no demo organisation.")
        return
    supervisors = list(org_supervisors(organisation))
    if not supervisors:
        ctx.notes.append("Support demo skipped: the demo organisation has no supervisor.")
        return
    _schedules(organisation)
    sessions = _supervision(ctx, organisation, supervisors)
    offers = _debriefs(ctx, organisation, supervisors, sessions)
    checkins = _checkins(ctx, organisation)
    role_checks = _role_checks(organisation)
    actions = _role_actions(organisation)
    ctx.notes.append(
        f"Support: {len(sessions)} supervision sessions, {offers} debrief offers and {checkins} recent "
        f"wellbeing check-ins (kiosk peers) for {supervisors[0].username}'s dashboard; {role_checks} role "
        f"checks and {actions} actions on drifting roles."
    )


def _schedules(organisation: Organisation) -> None:
    for stage in Stage.objects.filter(organisation=organisation, is_staff_stage=False):
        SupervisionSchedule.objects.get_or_create(
            stage=stage,
            defaults={"organisation": organisation, "every_days": SCHEDULE_DAYS.get(stage.order, 14)},
        )


def _supervision(ctx: DemoContext, organisation: Organisation, supervisors: list) -> list[SupervisionSession]:
    """Individual sessions about every schedule interval (a few peers left overdue) and a weekly group."""
    today = ctx.today
    positions = list(
        PeerPosition.objects.filter(peer__organisation=organisation, peer__status=PeerStatus.ACTIVE)
        .select_related("peer", "stage__supervision_schedule")
        .order_by("peer__preferred_name")
    )
    sessions: list[SupervisionSession] = []
    for index, position in enumerate(positions):
        schedule = getattr(position.stage, "supervision_schedule", None)
        every = schedule.every_days if schedule else 14
        supervisor = supervisors[index % len(supervisors)]
        # Every fifth peer has slipped past their date, so the overdue list is not empty.
        stop = today - timedelta(days=every + 9) if index % 5 == 2 else today - timedelta(days=3)
        day = max(position.since, today - timedelta(days=56)) + timedelta(days=ctx.rng.randint(2, 6))
        while day <= stop:
            session = SupervisionSession.objects.create(
                organisation=organisation,
                kind=SessionKind.INDIVIDUAL,
                held_on=day,
                supervisor=supervisor,
                duration_minutes=ctx.rng.choice([45, 60, 60, 90]),
                notes=ctx.rng.choice(INDIVIDUAL_NOTES),
                created_by=supervisor,
            )
            session.peers.set([position.peer])
            sessions.append(session)
            day += timedelta(days=every + ctx.rng.randint(-2, 2))
    peers = [position.peer for position in positions]
    if len(peers) >= 3:
        day = today - timedelta(days=today.weekday() + 4)  # Thursdays
        for week in range(8):
            held_on = day - timedelta(weeks=week)
            group = ctx.rng.sample(peers, min(len(peers), ctx.rng.randint(3, 6)))
            session = SupervisionSession.objects.create(
                organisation=organisation,
                kind=SessionKind.GROUP,
                held_on=held_on,
                supervisor=supervisors[0],
                duration_minutes=60,
                notes=GROUP_NOTES,
                created_by=supervisors[0],
            )
            session.peers.set(group)
            sessions.append(session)
    return sessions


def _debriefs(
    ctx: DemoContext, organisation: Organisation, supervisors: list, sessions: list[SupervisionSession]
) -> int:
    """An offer per responder for every demo overdose response. The newest response's offers are
    still open (so the dashboard shows them, overdue once 72 hours have passed); older ones have
    outcomes, at least one of them declined."""
    now = timezone.now()
    responses = OverdoseResponse.objects.filter(organisation=organisation).prefetch_related("responders")
    count = 0
    for index, response in enumerate(responses.order_by("-occurred_at", "-id")):
        for position, peer in enumerate(response.responders.all()):
            supervisor = supervisors[count % len(supervisors)]
            offer, created = DebriefOffer.objects.get_or_create(
                response=response,
                peer=peer,
                defaults={
                    "organisation": organisation,
                    "supervisor": supervisor,
                    "due_at": response.occurred_at + DEBRIEF_DUE,
                },
            )
            count += int(created)
            if index == 0:
                continue
            occurred_on = timezone.localtime(response.occurred_at, organisation.zone).date()
            group = next(
                (
                    session
                    for session in sessions
                    if session.kind == SessionKind.GROUP
                    and occurred_on <= session.held_on <= occurred_on + timedelta(days=7)
                    and peer in session.peers.all()
                ),
                None,
            )
            roll = ctx.rng.random()
            if index == 1 and position == 0:
                status, on, group = DebriefStatus.DECLINED, occurred_on + timedelta(days=1), None
            elif group is not None and roll < 0.5:
                status, on = DebriefStatus.HELD_GROUP, group.held_on
            elif roll < 0.75:
                status, on, group = DebriefStatus.HELD_INDIVIDUAL, occurred_on + timedelta(days=1), None
            elif roll < 0.9:
                status, on, group = DebriefStatus.DECLINED, occurred_on + timedelta(days=1), None
            else:
                status, on, group = DebriefStatus.NOT_REACHED, occurred_on + timedelta(days=3), None
            on = min(on, ctx.today)
            offer.status = status
            offer.outcome_on = on
            offer.group_session = group
            offer.recorded_by = supervisor
            offer.recorded_at = min(now, datetime.combine(on, time(17), tzinfo=organisation.zone))
            offer.save()
    return count


def _checkins(ctx: DemoContext, organisation: Organisation) -> int:
    """Two recent check-ins for each of three kiosk peers: the older one private, the newer one shared
    (except for the last peer, who keeps both private; a standing choice still applies)."""
    peers = list(
        PeerWorker.objects.filter(
            organisation=organisation, status=PeerStatus.ACTIVE, user__peer_credential__pin_hash__gt=""
        ).order_by("preferred_name")[:3]
    )
    count = 0
    for index, peer in enumerate(peers):
        for days_ago, share in ((12, False), (2, index < len(peers) - 1)):
            answers = {f"w{n}": ctx.rng.randint(2, 5) for n in range(1, 7)}
            response = checkin_record(peer=peer, answers=answers, share=share, mode=Mode.KIOSK)
            when = timezone.now() - timedelta(days=days_ago, hours=ctx.rng.randint(1, 6))
            AssessmentResponse.objects.filter(pk=response.pk).update(
                started_at=when, submitted_at=when, shared_at=when if share else None
            )
            count += 1
    return count


# (time on the role, what the time went on, what they would change, shared, days ago)
ROLE_CHECKS = (
    (
        TimeOnRole.LESS_THAN_HALF,
        "Housing paperwork and calls to the housing worker more than street outreach.",
        "Someone for the housing forms, so outreach is outreach again.",
        True,
        9,
    ),
    (
        TimeOnRole.ABOUT_HALF,
        "Half the time at the shelter intake with people.",
        "Say in the description that we go with people to appointments.",
        True,
        16,
    ),
    (
        TimeOnRole.LESS_THAN_HALF,
        "Paperwork at the drop-in.",
        "Nothing I can fix alone; a rota would help.",
        False,
        4,
    ),
)
OUTREACH_ACTION = (
    "Housing paperwork has become a third of Outreach. Move it to the housing worker's shift and "
    "write accompanying people into the description."
)


def _role_checks(organisation: Organisation) -> int:
    """Role checks from the peers who worked Outreach most in the last four weeks (the drifting role)."""
    outreach = Role.objects.filter(organisation=organisation, name="Outreach").first()
    if outreach is None:
        return 0
    since = timezone.now() - timedelta(days=28)
    peer_ids = list(
        Assignment.objects.filter(
            organisation=organisation,
            shift__role=outreach,
            status=AssignmentStatus.COMPLETED,
            checked_out_at__gte=since,
            peer__status=PeerStatus.ACTIVE,
        )
        .values_list("peer_id", flat=True)
        .order_by("peer_id")
        .distinct()[: len(ROLE_CHECKS)]
    )
    today = organisation.today()
    for peer_id, (time_on_role, spent_on, would_change, shared, days_ago) in zip(
        peer_ids, ROLE_CHECKS, strict=False
    ):
        check = role_check_record(
            peer=PeerWorker.objects.get(pk=peer_id),
            role=outreach,
            time_on_role=time_on_role,
            spent_on=spent_on,
            would_change=would_change,
            shared=shared,
        )
        RoleCheck.objects.filter(pk=check.pk).update(submitted_on=today - timedelta(days=days_ago))
    return len(peer_ids)


def _role_actions(organisation: Organisation) -> int:
    """An organisational answer to Outreach's drift, and an older one on the Drop-in host, past its review."""
    today = organisation.today()
    count = 0
    coordinator = User.objects.filter(
        memberships__organisation=organisation, memberships__role=MemberRole.COORDINATOR
    ).first()
    outreach = Role.objects.filter(organisation=organisation, name="Outreach").first()
    if outreach is not None:
        role_action_record(
            role=outreach,
            kind=RoleActionKind.STAFFING,
            note=OUTREACH_ACTION,
            review_on=today + timedelta(days=21),
            user=coordinator,
        )
        count += 1
    host = Role.objects.filter(organisation=organisation, name="Drop-in host").first()
    if host is not None:
        action = role_action_record(
            role=host,
            kind=RoleActionKind.BRIEF,
            note="Brief the team: handing out supplies is part of hosting; add it to the description.",
            review_on=today,
            user=coordinator,
        )
        RoleAction.objects.filter(pk=action.pk).update(review_on=today - timedelta(days=3))
        count += 1
    return count
