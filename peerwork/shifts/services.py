"""Writes for shifts: each function is one named action in one transaction."""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.accounts.sites import sites_for
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from . import allocation as A
from . import rules, selectors, weeks
from .attendance import (
    assignment_cancel,
    assignment_check_in,
    assignment_check_out,
    assignments_mark_missed,
    waitlist_offer,
)
from .models import (
    AllocationDecision,
    AllocationRun,
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    LotteryDraw,
    ManualEdit,
    Outcome,
    Role,
    RunStatus,
    Shift,
    ShiftStatus,
    SignUp,
    WeeklyTemplate,
)

# Attendance writes live in their own module; their names stay reachable from ``services``.
from .offers import offers_for_new_shift
from .reasons import reason_text

# --- shifts and templates ---------------------------------------------------------------------


def _check_times(starts_at: datetime, ends_at: datetime, slots: int) -> None:
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The shift must end after it starts.")]
    if slots < 1:
        errors["slots"] = [_("A shift needs at least one place.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def shift_create(
    *,
    organisation: Organisation,
    site: Site,
    role: Role,
    starts_at: datetime,
    ends_at: datetime,
    slots: int,
    signup_opens_at: datetime | None = None,
    signup_closes_at: datetime | None = None,
    notes: str = "",
    work_order: Any = None,
    template: WeeklyTemplate | None = None,
    by: User | None = None,
) -> Shift:
    _check_times(starts_at, ends_at, slots)
    if site.organisation_id != organisation.pk or role.organisation_id != organisation.pk:
        raise ValidationError(_("The site and role must belong to your organisation."))
    shift = Shift.objects.create(
        organisation=organisation,
        site=site,
        role=role,
        starts_at=starts_at,
        ends_at=ends_at,
        slots=slots,
        signup_opens_at=signup_opens_at,
        signup_closes_at=signup_closes_at,
        notes=notes,
        work_order=work_order,
        template=template,
    )
    if by is not None:
        audit_record(action="shift_created", organisation=organisation, actor=by, obj=shift)
    if template is None:
        # A one-off shift made at short notice has no waitlist and no allocation run ahead of it.
        offers_for_new_shift(shift=shift)
    return shift


@transaction.atomic
def shift_update(*, shift: Shift, by: User, **changes: Any) -> Shift:
    for name, value in changes.items():
        setattr(shift, name, value)
    _check_times(shift.starts_at, shift.ends_at, shift.slots)
    shift.save()
    audit_record(action="shift_updated", organisation=shift.organisation, actor=by, obj=shift)
    return shift


@transaction.atomic
def shift_cancel(*, shift: Shift, by: User) -> Shift:
    shift.status = ShiftStatus.CANCELLED
    shift.save(update_fields=["status"])
    shift.assignments.filter(status=AssignmentStatus.ASSIGNED).update(status=AssignmentStatus.CANCELLED)
    audit_record(action="shift_cancelled", organisation=shift.organisation, actor=by, obj=shift)
    return shift


def _templates_overlap(a: WeeklyTemplate, b: WeeklyTemplate) -> bool:
    return (
        a.site_id == b.site_id
        and a.role_id == b.role_id
        and a.weekday == b.weekday
        and a.start_time < b.end_time
        and b.start_time < a.end_time
    )


@transaction.atomic
def template_save(*, template: WeeklyTemplate, by: User) -> WeeklyTemplate:
    """Save a weekly template, refusing one that would overlap another for the same role and site."""
    if template.end_time <= template.start_time:
        raise ValidationError({"end_time": [_("The shift must end after it starts.")]})
    if template.slots < 1:
        raise ValidationError({"slots": [_("A shift needs at least one place.")]})
    others = WeeklyTemplate.objects.filter(organisation=template.organisation, is_active=True).exclude(
        pk=template.pk
    )
    for other in others:
        if template.is_active and _templates_overlap(template, other):
            raise ValidationError(
                _(
                    "This would overlap the %(role)s template on the same day at the same site "
                    "(%(start)s–%(end)s)."
                )
                % {
                    "role": other.role.name,
                    "start": f"{other.start_time:%H:%M}",
                    "end": f"{other.end_time:%H:%M}",
                }
            )
    template.save()
    audit_record(action="shift_template_saved", organisation=template.organisation, actor=by, obj=template)
    return template


@transaction.atomic
def templates_generate(
    *,
    organisation: Organisation,
    week_start: date,
    by: User | None,
    site: Site | None = None,
    signup_closes_at: datetime | None = None,
) -> list[Shift]:
    """Create the week's shifts from the active templates; refuse (create none) if any would
    overlap an existing shift of the same role at the same site."""
    zone = organisation.zone
    templates = WeeklyTemplate.objects.filter(organisation=organisation, is_active=True).select_related(
        "role", "site"
    )
    if site is not None:
        templates = templates.filter(site=site)
    planned = []
    for t in templates:
        day = week_start + timedelta(days=t.weekday)
        starts = datetime.combine(day, t.start_time, tzinfo=zone)
        ends = datetime.combine(day, t.end_time, tzinfo=zone)
        planned.append((t, starts, ends))
    clashes = []
    for t, starts, ends in planned:
        existing = Shift.objects.filter(
            organisation=organisation,
            site=t.site,
            role=t.role,
            starts_at__lt=ends,
            ends_at__gt=starts,
            standing_shift__isnull=True,  # a contract's standing shift is its peer's, not a clash
        ).exclude(status=ShiftStatus.CANCELLED)
        if existing.exists():
            local = timezone.localtime(starts, zone)
            clashes.append(f"{t.role.name} {local:%a %d %b %H:%M}")
    if clashes:
        raise ValidationError(
            _("Nothing was created: these shifts already exist or overlap existing ones: %(list)s.")
            % {"list": "; ".join(clashes)}
        )
    created = [
        shift_create(
            organisation=organisation,
            site=t.site,
            role=t.role,
            starts_at=starts,
            ends_at=ends,
            slots=t.slots,
            template=t,
            signup_closes_at=signup_closes_at,
        )
        for t, starts, ends in planned
    ]
    if by is not None:
        audit_record(
            action="shifts_generated",
            organisation=organisation,
            actor=by,
            week_start=str(week_start),
            count=len(created),
        )
    return created


# --- sign-up ----------------------------------------------------------------------------------------


def _about(peer: PeerWorker, by: User | None) -> str | None:
    """Whom a reason speaks to: the peer themselves (None), or a coordinator about the peer (name)."""
    if by is None or (peer.user_id is not None and peer.user_id == by.pk):
        return None
    return peer.preferred_name


@transaction.atomic
def signup_create(
    *,
    shift: Shift,
    peer: PeerWorker,
    rank: int | None = None,
    by: User | None = None,
    now: datetime | None = None,
    walk_in: bool = False,
) -> SignUp:
    """A peer asks for a shift (themselves, or through a coordinator: ``by``)."""
    now = now or timezone.now()
    if peer.organisation_id != shift.organisation_id:
        raise ValidationError(_("This peer is not in your organisation."))
    if shift.status != ShiftStatus.OPEN:
        raise ValidationError(_("This shift is not open for sign-up."))
    if shift.starts_at <= now and not walk_in:
        raise ValidationError(_("This shift has already started."))
    if shift.signup_opens_at and now < shift.signup_opens_at:
        local = timezone.localtime(shift.signup_opens_at, shift.organisation.zone)
        raise ValidationError(_("Sign-up opens on %(when)s.") % {"when": f"{local:%a %d %b %H:%M}"})
    if shift.signup_closes_at and now >= shift.signup_closes_at:
        raise ValidationError(_("Sign-up for this shift has closed."))
    if rank is not None and not 1 <= rank <= 20:
        raise ValidationError({"rank": [_("Choose a preference from 1 (most wanted) to 20.")]})
    verdict = rules.may_take(peer, shift)
    if not verdict.ok:
        raise ValidationError(verdict.text(_about(peer, by)))
    existing = SignUp.objects.filter(shift=shift, peer=peer).first()
    if existing is not None:
        if existing.withdrawn_at is None:
            raise ValidationError(_("You already asked for this shift."))
        existing.withdrawn_at = None
        existing.rank = rank
        existing.created_by = by
        existing.is_walk_in = walk_in
        existing.save(update_fields=["withdrawn_at", "rank", "created_by", "is_walk_in"])
        return existing
    try:
        with transaction.atomic():
            return SignUp.objects.create(
                organisation=shift.organisation,
                shift=shift,
                peer=peer,
                rank=rank,
                created_by=by,
                is_walk_in=walk_in,
            )
    except IntegrityError:
        raise ValidationError(_("You already asked for this shift.")) from None


@transaction.atomic
def signup_withdraw(*, signup: SignUp) -> SignUp:
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["withdrawn_at"])
    return signup


# --- allocation -----------------------------------------------------------------------------------


@transaction.atomic
def allocation_run(
    *,
    organisation: Organisation,
    week_start: date,
    by: User | None,
    site: Site | None = None,
    seed: int | None = None,
) -> AllocationRun:
    """Run the engine over the week's open shifts and store its plan for review (not yet published).

    A week already published is refused: re-opening it (``allocation_reopen``) comes first."""
    held = weeks.run_holding_week(organisation, week_start, site)
    if held is not None:
        raise WeekPublished(held)
    seed = seed if seed is not None else secrets.randbelow(2**31)
    shifts, peers, requests, policy, signups = selectors.allocation_inputs(organisation, week_start, site)
    result = A.allocate(shifts, peers, requests, seed=seed, policy=policy)
    run = AllocationRun.objects.create(
        organisation=organisation,
        site=site,
        week_start=week_start,
        seed=seed,
        solver_status=result.status,
        objective=result.objective,
        seconds=round(result.seconds, 3),
        policy={
            "min_rest_minutes": policy.min_rest_minutes,
            "weekly_limit_minutes": policy.weekly_limit_minutes,
            "entry_share": policy.entry_share,
            "stretch_share": policy.stretch_share,
            "workers": policy.workers,
            "deterministic_time": policy.deterministic_time,
        },
        binding=result.binding,
        created_by=by,
    )
    run.shifts.set([s.id for s in shifts])
    AllocationDecision.objects.bulk_create(
        AllocationDecision(
            run=run,
            signup=signups[d.request_id],
            outcome=d.outcome,
            waitlist_position=d.waitlist_position,
            reason_code=d.reason,
            reason_params=d.params,
        )
        for d in result.decisions.values()
    )
    audit_record(
        action="allocation_run",
        organisation=organisation,
        actor=by,
        obj=run,
        seed=seed,
        status=result.status,
        requests=len(requests),
    )
    return run


class WeekPublished(ValidationError):
    """Starting a run for a week whose allocation is published (and not re-opened)."""

    def __init__(self, run: AllocationRun) -> None:
        self.run = run
        super().__init__(
            _(
                "The allocation for this week is already published; peers have been told. "
                "Re-open the week first if it really must be allocated again."
            )
        )


@transaction.atomic
def allocation_reopen(*, run: AllocationRun, reason: str, by: User) -> AllocationRun:
    """Re-open a published week, on purpose and with a reason (recorded), so it can be run again.

    Its shifts open for requests again. Peers keep the places they were given until a new run
    is published; that run's plan then replaces this one."""
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the week is re-opened.")]})
    if not run.holds_week:
        raise ValidationError(_("Only a published allocation can be re-opened, and only once."))
    run.reopened_by = by
    run.reopened_at = timezone.now()
    run.reopen_reason = reason
    run.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    run.shifts.filter(status=ShiftStatus.PUBLISHED).update(status=ShiftStatus.OPEN)
    audit_record(
        action="allocation_reopened",
        organisation=run.organisation,
        actor=by,
        obj=run,
        week=run.week_start.isoformat(),
        reason=reason,
    )
    return run


def _renumber_waitlist(run: AllocationRun, shift_id: int) -> None:
    waiting = AllocationDecision.objects.filter(
        run=run, signup__shift_id=shift_id, outcome=Outcome.WAITLISTED
    ).order_by("waitlist_position", "id")
    for position, d in enumerate(waiting, start=1):
        if d.waitlist_position != position:
            d.waitlist_position = position
            d.reason_params = {**d.reason_params, "position": position}
            d.save(update_fields=["waitlist_position", "reason_params"])


@transaction.atomic
def allocation_edit(
    *, decision: AllocationDecision, to_outcome: str, note: str, by: User
) -> AllocationDecision:
    """A coordinator moves a request in or out of the plan; recorded, and the plan stays within places."""
    run = decision.run
    if run.status != RunStatus.DRAFT:
        raise ValidationError(_("This allocation is already published; change assignments on the shift."))
    if not note.strip():
        raise ValidationError({"note": [_("Say why, in a few words.")]})
    if to_outcome not in (Outcome.ASSIGNED, Outcome.WAITLISTED):
        raise ValidationError(_("A request can be assigned or put on the waitlist."))
    if decision.outcome == to_outcome:
        return decision
    shift = decision.signup.shift
    if to_outcome == Outcome.ASSIGNED:
        peer = decision.signup.peer
        planned = Shift.objects.filter(
            signups__decisions__run=run,
            signups__decisions__outcome=Outcome.ASSIGNED,
            signups__peer=peer,
        ).exclude(pk=shift.pk)
        verdict = rules.may_take(peer, shift, also=list(planned.select_related("role", "organisation")))
        if not verdict.ok:
            raise ValidationError(verdict.text(peer.preferred_name))
        taken = AllocationDecision.objects.filter(
            run=run, signup__shift=shift, outcome=Outcome.ASSIGNED
        ).count()
        if taken >= shift.slots:
            raise ValidationError(_("The shift is full. Move someone to the waitlist first."))
    previous = decision.outcome
    ManualEdit.objects.create(
        run=run,
        signup=decision.signup,
        from_outcome=previous,
        to_outcome=to_outcome,
        note=note.strip(),
        edited_by=by,
    )
    decision.outcome = to_outcome
    decision.edited = True
    if to_outcome == Outcome.ASSIGNED:
        decision.reason_code, decision.reason_params = "manual_assigned", {"note": note.strip()}
        decision.waitlist_position = None
    else:
        last = (
            AllocationDecision.objects.filter(run=run, signup__shift=shift, outcome=Outcome.WAITLISTED)
            .exclude(pk=decision.pk)
            .count()
        )
        decision.reason_code, decision.reason_params = "manual_removed", {"note": note.strip()}
        decision.waitlist_position = last + 1
    decision.save()
    _renumber_waitlist(run, shift.pk)
    audit_record(
        action="allocation_edited",
        organisation=run.organisation,
        actor=by,
        obj=decision,
        from_outcome=previous,
        to_outcome=to_outcome,
        note=note.strip(),
    )
    return decision


@transaction.atomic
def allocation_publish(*, run: AllocationRun, by: User) -> AllocationRun:
    """Turn the reviewed plan into assignments, write each peer's reason, close the week's sign-up."""
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise ValidationError(_("This allocation was already published or discarded."))
    decisions = list(run.decisions.select_related("signup__shift", "signup__peer"))
    shift_ids = {d.signup.shift_id for d in decisions} | set(run.shifts.values_list("pk", flat=True))
    changed = Shift.objects.filter(pk__in=shift_ids).exclude(status=ShiftStatus.OPEN)
    if changed.exists():
        raise ValidationError(_("Some of these shifts were changed since the run; run the allocation again."))
    # A coordinator limited to some sites reviews only their shifts, so may not publish the others'.
    sites = sites_for(by, run.organisation)
    if sites is not None and Shift.objects.filter(pk__in=shift_ids).exclude(site_id__in=sites).exists():
        raise ValidationError(
            _("This run gives places at sites you do not run; a coordinator of every site publishes it.")
        )
    _refuse_what_the_rules_now_refuse(run, [d for d in decisions if d.outcome == Outcome.ASSIGNED])
    for d in decisions:
        signup = d.signup
        signup.outcome_reason = reason_text(d.reason_code, d.reason_params)
        signup.waitlist_position = d.waitlist_position
        signup.save(update_fields=["outcome_reason", "waitlist_position"])
        if d.outcome == Outcome.ASSIGNED:
            Assignment.objects.update_or_create(
                shift=signup.shift,
                peer=signup.peer,
                defaults={
                    "organisation": run.organisation,
                    "status": AssignmentStatus.ASSIGNED,
                    "source": AssignmentSource.MANUAL if d.edited else AssignmentSource.ALLOCATION,
                },
            )
        else:
            # After a re-opened week, the new plan replaces the old: a place not given again ends.
            Assignment.objects.filter(
                shift=signup.shift, peer=signup.peer, status=AssignmentStatus.ASSIGNED
            ).update(status=AssignmentStatus.CANCELLED)
    Shift.objects.filter(pk__in=shift_ids).update(status=ShiftStatus.PUBLISHED)
    # Other drafts for the same week and site are now out of date.
    AllocationRun.objects.filter(
        organisation=run.organisation, week_start=run.week_start, site=run.site, status=RunStatus.DRAFT
    ).exclude(pk=run.pk).update(status=RunStatus.DISCARDED)
    run.status = RunStatus.PUBLISHED
    run.published_by = by
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_by", "published_at"])
    audit_record(action="allocation_published", organisation=run.organisation, actor=by, obj=run)
    return run


def _refuse_what_the_rules_now_refuse(run: AllocationRun, assigned: list[AllocationDecision]) -> None:
    """Ask the rules again for every place the plan gives, with the rest of the plan held.

    Between the run and publishing a peer may have been paid, paused or given another shift; the plan
    would then give work the rules refuse. Publishing stops and names them, so the coordinator runs
    the allocation again or edits the plan (which asks the same check).
    """
    held = set(
        Assignment.objects.filter(
            shift_id__in={d.signup.shift_id for d in assigned}, status=AssignmentStatus.ASSIGNED
        ).values_list("peer_id", "shift_id")
    )
    plan: dict[int, list[Shift]] = defaultdict(list)
    for d in assigned:
        if (d.signup.peer_id, d.signup.shift_id) not in held:
            plan[d.signup.peer_id].append(d.signup.shift)
    verdicts = rules.may_take_many(
        run.organisation, [(d.signup.peer, d.signup.shift) for d in assigned], also=plan
    )
    # Each reason already speaks about the peer by name ("Bea already has a shift at that time …").
    refused = [
        verdicts[(d.signup.peer_id, d.signup.shift_id)].text(d.signup.peer.preferred_name)
        for d in assigned
        if not verdicts[(d.signup.peer_id, d.signup.shift_id)].ok
    ]
    if refused:
        heading = _(
            "Since the run, the rules refuse some of these places; run the allocation again or edit them."
        )
        raise ValidationError([heading, *refused])


# --- day-labour lottery ---------------------------------------------------------------------------


@transaction.atomic
def lottery_draw(*, shift: Shift, by: User, seed: int | None = None) -> LotteryDraw:
    """Draw the morning's walk-ins for a day-work shift: order recorded, first places assigned."""
    if not shift.role.is_day_labour:
        raise ValidationError(_("Only day-work shifts are filled by a draw."))
    if LotteryDraw.objects.filter(shift=shift).exists():
        raise ValidationError(_("The draw for this shift has already been made."))
    walk_ins = list(
        SignUp.objects.filter(shift=shift, withdrawn_at__isnull=True)
        .select_related("peer")
        .order_by("peer_id")
    )
    if not walk_ins:
        raise ValidationError(_("Nobody is on the walk-in list yet."))
    verdicts = rules.may_take_many(shift.organisation, [(s.peer, shift) for s in walk_ins])
    skipped = [s for s in walk_ins if not verdicts[(s.peer_id, shift.pk)].ok]
    for signup in skipped:
        why = verdicts[(signup.peer_id, shift.pk)]
        signup.outcome_reason = why.text()
        signup.waitlist_position = None
        signup.save(update_fields=["outcome_reason", "waitlist_position"])
    walk_ins = [s for s in walk_ins if verdicts[(s.peer_id, shift.pk)].ok]
    losses = selectors.draws_lost_this_week(shift, [s.peer_id for s in walk_ins])
    seed = seed if seed is not None else secrets.randbelow(2**31)
    rng = random.Random(seed)  # noqa: S311 - a fair, reproducible draw, not a secret
    order = [s.peer_id for s in walk_ins]
    rng.shuffle(order)
    # Peers who lost earlier draws this week go first, most losses first; the seed orders the rest.
    order.sort(key=lambda peer_id: -losses.get(peer_id, 0))
    draw = LotteryDraw.objects.create(
        organisation=shift.organisation,
        shift=shift,
        seed=seed,
        order=order,
        skipped=[
            {
                "peer": s.peer_id,
                "code": verdicts[(s.peer_id, shift.pk)].reasons[0].code,
                "params": verdicts[(s.peer_id, shift.pk)].reasons[0].params,
            }
            for s in skipped
        ],
        priority={str(peer_id): n for peer_id, n in losses.items() if n},
        drawn_by=by,
    )
    signups = {s.peer_id: s for s in walk_ins}
    for position, peer_id in enumerate(order, start=1):
        signup = signups[peer_id]
        if position <= shift.slots:
            Assignment.objects.update_or_create(
                shift=shift,
                peer_id=peer_id,
                defaults={
                    "organisation": shift.organisation,
                    "status": AssignmentStatus.ASSIGNED,
                    "source": AssignmentSource.LOTTERY,
                },
            )
            signup.outcome_reason = _("Drawn %(position)s of %(count)s: you have a place today.") % {
                "position": position,
                "count": len(order),
            }
            signup.waitlist_position = None
        else:
            signup.waitlist_position = position - shift.slots
            signup.outcome_reason = _(
                "Drawn %(position)s of %(count)s: you are number %(wait)s on the waitlist."
            ) % {
                "position": position,
                "count": len(order),
                "wait": position - shift.slots,
            }
        signup.save(update_fields=["outcome_reason", "waitlist_position"])
    shift.status = ShiftStatus.PUBLISHED
    shift.save(update_fields=["status"])
    audit_record(action="lottery_drawn", organisation=shift.organisation, actor=by, obj=draw, seed=seed)
    return draw


__all__ = [
    "allocation_edit",
    "allocation_publish",
    "allocation_run",
    "assignment_cancel",
    "assignment_check_in",
    "assignment_check_out",
    "assignments_mark_missed",
    "lottery_draw",
    "shift_cancel",
    "shift_create",
    "shift_update",
    "signup_create",
    "signup_withdraw",
    "template_save",
    "templates_generate",
    "waitlist_offer",
]
