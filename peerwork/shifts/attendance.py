"""Attendance writes: check-in and check-out (kiosk, desk, phone), giving a place back, the waitlist
offer when a place frees, and marking missed places (never a penalty)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.core.money import format_money
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from . import hooks, rules, selectors
from .models import Assignment, AssignmentSource, AssignmentStatus, Shift, ShiftStatus, SignUp
from .orders import work_order_add_done
from .reminders import reminder_queue


def _minutes_between(a: datetime, b: datetime) -> int:
    return max(0, int((b - a).total_seconds() // 60))


def pay_text(shift: Shift, peer: PeerWorker) -> str:
    """What working ``shift`` would pay ``peer``, in the organisation's currency ("" when nothing)."""
    amount = hooks.shift_earnings(shift, peer)
    return format_money(amount, shift.organisation.currency) if amount else ""


CHECK_IN_OPENS_BEFORE = timedelta(hours=1)


def check_in_blocked(shift: Shift, *, site: Site | None, now: datetime | None = None) -> str | None:
    """Why the peer cannot check in to ``shift`` now (here, at ``site`` when on a kiosk), or None.

    The peer's card shows this instead of the button, and the check-in refuses with the same words.
    """
    now = now or timezone.now()
    if site is not None and site.pk != shift.site_id:
        return _("Check in at %(site)s.") % {"site": shift.site.name}
    opens = shift.starts_at - CHECK_IN_OPENS_BEFORE
    if now < opens:
        local = timezone.localtime(opens, shift.organisation.zone)
        if local.date() == shift.organisation.today(now):
            return _("Check-in opens at %(time)s.") % {"time": formats.time_format(local, "TIME_FORMAT")}
        when = formats.date_format(local, "DATETIME_FORMAT")
        return _("Check-in opens %(when)s.") % {"when": when}
    if now > shift.ends_at:
        return _("This shift is already over.")
    return None


@transaction.atomic
def assignment_check_in(
    *,
    assignment: Assignment,
    site: Site | None,
    channel: str,
    by: User | None,
    now: datetime | None = None,
) -> Assignment:
    """Check a peer in; ``site`` is where the kiosk or desk is (None when unknown, e.g. a phone)."""
    now = now or timezone.now()
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("shift__site", "shift__role", "shift__organisation", "peer")
        .get(pk=assignment.pk)
    )
    shift = assignment.shift
    if site is not None and site.pk != shift.site_id:
        raise ValidationError(
            _("This shift is at %(right)s, not here at %(here)s.")
            % {"right": shift.site.name, "here": site.name}
        )
    if assignment.status == AssignmentStatus.CHECKED_IN:
        raise ValidationError(_("You are already checked in."))
    if assignment.status not in (AssignmentStatus.ASSIGNED, AssignmentStatus.MISSED):
        raise ValidationError(_("This place cannot be checked in now."))
    blocked = check_in_blocked(shift, site=site, now=now)
    if blocked:
        raise ValidationError(blocked)
    verdict = rules.may_take(assignment.peer, shift)
    if not verdict.ok:
        peer = assignment.peer
        to_peer = by is None or peer.user_id == by.pk
        raise ValidationError(verdict.text(None if to_peer else peer.preferred_name))
    assignment.status = AssignmentStatus.CHECKED_IN
    assignment.checked_in_at = now
    assignment.minutes_late = _minutes_between(shift.starts_at, now) if now > shift.starts_at else 0
    assignment.check_in_channel = channel
    assignment.checked_in_by = by
    assignment.missed_at = None
    assignment.save()
    return assignment


@transaction.atomic
def assignment_check_out(
    *,
    assignment: Assignment,
    duties: Iterable[str],
    other: str = "",
    quantity: int | None = None,
    by: User | None,
    now: datetime | None = None,
) -> Assignment:
    """Check out: what was done (the role's duties plus "other"), quantity for a work order."""
    now = now or timezone.now()
    assignment = Assignment.objects.select_for_update().select_related("shift__role").get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.CHECKED_IN:
        raise ValidationError(_("Check in first."))
    allowed = set(assignment.shift.role.duties or [])
    chosen = [d for d in duties if d in allowed]
    unknown = [d for d in duties if d not in allowed]
    if unknown:
        raise ValidationError(
            {"duties": [_("These are not duties of this role: %(d)s") % {"d": ", ".join(unknown)}]}
        )
    if quantity is not None and quantity < 0:
        raise ValidationError({"quantity": [_("The quantity cannot be negative.")]})
    shift = assignment.shift
    assignment.status = AssignmentStatus.COMPLETED
    assignment.checked_out_at = now
    assignment.minutes_early = _minutes_between(now, shift.ends_at) if now < shift.ends_at else 0
    assignment.duties_done = chosen
    assignment.other_work = other.strip()[:300]
    assignment.quantity_done = quantity if shift.work_order_id else None
    if shift.work_order_id and quantity:
        work_order_add_done(order=shift.work_order, quantity=quantity, by=by)  # type: ignore[arg-type]
    assignment.save()
    done = assignment
    transaction.on_commit(lambda: [callback(done) for callback in hooks.assignment_checked_out])
    return assignment


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, by: User | None) -> Assignment:
    """The peer (or a coordinator) gives the place back; it goes to the waitlist."""
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(_("Only a place not yet started can be given back."))
    assignment.status = AssignmentStatus.CANCELLED
    assignment.save(update_fields=["status"])
    SignUp.objects.filter(shift=assignment.shift, peer=assignment.peer).update(withdrawn_at=timezone.now())
    waitlist_offer(shift=assignment.shift)
    return assignment


@transaction.atomic
def waitlist_offer(*, shift: Shift, now: datetime | None = None) -> Assignment | None:
    """Give a free place to the first peer on the waitlist who can still take it; tell them."""
    now = now or timezone.now()
    if now >= shift.ends_at or shift.status == ShiftStatus.CANCELLED:
        return None
    holding = shift.assignments.filter(status__in=selectors.HOLDING).count()
    if holding >= shift.slots:
        return None
    if selectors.policy_for(shift.organisation).sms_offers:
        from .offers import offers_send_wave  # offers build on this module

        offers_send_wave(shift=shift, now=now)
        return None
    waiting = list(
        SignUp.objects.filter(shift=shift, withdrawn_at__isnull=True, waitlist_position__isnull=False)
        .exclude(peer__assignments__shift=shift)
        .select_related("peer")
        .order_by("waitlist_position", "id")
    )
    # The first on the waitlist the rules allow: eligibility, rest, weekly hours and earnings limit.
    verdicts = rules.may_take_many(shift.organisation, [(s.peer, shift) for s in waiting])
    for signup in waiting:
        if not verdicts[(signup.peer_id, shift.pk)].ok:
            continue
        assignment = Assignment.objects.create(
            organisation=shift.organisation,
            shift=shift,
            peer=signup.peer,
            status=AssignmentStatus.ASSIGNED,
            source=AssignmentSource.WAITLIST,
        )
        signup.waitlist_position = None
        signup.outcome_reason = _("A place opened and it is yours.")
        signup.save(update_fields=["waitlist_position", "outcome_reason"])
        reminder_queue(assignment=assignment, kind="place_opened")
        return assignment
    return None


def assignments_mark_missed(*, organisation: Organisation | None = None, now: datetime | None = None) -> int:
    """Places not checked into after the grace period are recorded as missed (no penalty) and offered on."""
    now = now or timezone.now()
    count = 0
    qs = Assignment.objects.filter(status=AssignmentStatus.ASSIGNED, shift__starts_at__lt=now).select_related(
        "shift__organisation", "shift__role"
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    policies: dict[int, Any] = {}
    for assignment in qs:
        org = assignment.shift.organisation
        policy = policies.setdefault(org.pk, selectors.policy_for(org))
        since = assignment.shift.starts_at
        if assignment.source == AssignmentSource.WAITLIST:
            # A place offered after the start gets its own grace period from the offer.
            since = max(since, assignment.created_at)
        if now < since + timedelta(minutes=policy.grace_minutes):
            continue
        with transaction.atomic():
            updated = Assignment.objects.filter(pk=assignment.pk, status=AssignmentStatus.ASSIGNED).update(
                status=AssignmentStatus.MISSED, missed_at=now
            )
            if updated:
                count += 1
                waitlist_offer(shift=assignment.shift, now=now)
    return count
