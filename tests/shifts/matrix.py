"""Cross-organisation matrix entries for the shift pages (see tests/matrix.py)."""

from __future__ import annotations

import itertools
from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from peerwork.shifts import services
from peerwork.shifts.models import SmsDirection, SmsMessage, WeeklyTemplate
from tests.personas import LEAK_MARKER, OrgPersonas

from .factories import AssignmentFactory, RoleFactory, ShiftFactory, SignUpFactory, WorkOrderFactory

_n = itertools.count(1)


def _shift(a: OrgPersonas, **extra: Any):  # type: ignore[no-untyped-def]
    role = RoleFactory(organisation=a.org, name=f"{LEAK_MARKER} shifts role {next(_n)}", **extra)
    return ShiftFactory(organisation=a.org, site=a.site, role=role, notes=f"{LEAK_MARKER} note")


def _run(a: OrgPersonas):  # type: ignore[no-untyped-def]
    shift = _shift(a)
    SignUpFactory(shift=shift, peer=a.peer)
    week = timezone.localtime(shift.starts_at, a.org.zone).date()
    return services.allocation_run(
        organisation=a.org, week_start=week - timedelta(days=week.weekday()), by=a.coordinator, seed=1
    )


def _published_run(a: OrgPersonas):  # type: ignore[no-untyped-def]
    run = _run(a)
    services.allocation_publish(run=run, by=a.coordinator)
    return run


def _assignment(a: OrgPersonas, *, checked_in: bool = False):  # type: ignore[no-untyped-def]
    shift = _shift(a)
    assignment = AssignmentFactory(shift=shift, peer=a.peer)
    if checked_in:
        assignment.status = "checked_in"
        assignment.checked_in_at = timezone.now()
        assignment.save()
    return assignment


def _template(a: OrgPersonas) -> WeeklyTemplate:
    role = RoleFactory(organisation=a.org, name=f"{LEAK_MARKER} shifts host {next(_n)}")
    return WeeklyTemplate.objects.create(
        organisation=a.org, site=a.site, role=role, weekday=1, start_time=time(9), end_time=time(12), slots=2
    )


def _text_for_a_coordinator(a: OrgPersonas):  # type: ignore[no-untyped-def]
    return SmsMessage.objects.create(
        organisation=a.org,
        peer=a.peer,
        direction=SmsDirection.IN,
        phone="+14165550199",
        body=f"{LEAK_MARKER} my phone is broken",
        needs_coordinator=True,
    )


ROUTES = {
    "shifts:shift": lambda a: {"pk": _shift(a).pk},
    "shifts:sms_handled": lambda a: {"pk": _text_for_a_coordinator(a).pk},
    "api:sms_message_handled": lambda a: {"message_id": _text_for_a_coordinator(a).pk},
    "shifts:sms_conversation": lambda a: {"pk": a.peer.pk},
    "shifts:assignment_give_back": lambda a: {"pk": _assignment(a).pk},
    "shifts:shift_edit": lambda a: {"pk": _shift(a).pk},
    "shifts:shift_cancel": lambda a: {"pk": _shift(a).pk},
    "shifts:draw": lambda a: {"pk": _shift(a, is_day_labour=True).pk},
    "shifts:role_edit": lambda a: {
        "pk": RoleFactory(organisation=a.org, name=f"{LEAK_MARKER} Role {next(_n)}").pk
    },
    "shifts:template_stop": lambda a: {"pk": _template(a).pk},
    "shifts:work_order": lambda a: {
        "pk": WorkOrderFactory(organisation=a.org, customer=f"{LEAK_MARKER} Co").pk
    },
    "shifts:run": lambda a: {"pk": _run(a).pk},
    "shifts:run_publish": lambda a: {"pk": _run(a).pk},
    "shifts:run_reopen": lambda a: {"pk": _published_run(a).pk, "__post__": {"reason": "Marked re-open"}},
    "shifts:decision_edit": lambda a: {
        "pk": _run(a).decisions.first().pk,
        "__post__": {"to_outcome": "waitlisted", "note": "test"},
    },
    "shifts:desk_check_in": lambda a: {"pk": _assignment(a).pk, "__post__": {"site": a.site.pk}},
    "shifts:desk_check_out": lambda a: {"pk": _assignment(a, checked_in=True).pk},
    "shifts:sign_up": lambda a: {"pk": _shift(a).pk},
    "shifts:withdraw": lambda a: {"pk": SignUpFactory(shift=_shift(a), peer=a.peer).pk},
    "shifts:give_back": lambda a: {"pk": _assignment(a).pk},
    "shifts:check_in": lambda a: {"pk": _assignment(a).pk},
    "shifts:check_out": lambda a: {"pk": _assignment(a, checked_in=True).pk},
    "api:shift_role_get": lambda a: {
        "role_id": RoleFactory(organisation=a.org, name=f"{LEAK_MARKER} R{next(_n)}").pk
    },
    "api:shift_role_develops_set": lambda a: {
        "role_id": RoleFactory(organisation=a.org, name=f"{LEAK_MARKER} R{next(_n)}").pk,
        "__post__": {"develops_stage_id": None},
        "__json__": True,
    },
    "api:shift_get": lambda a: {"shift_id": _shift(a).pk},
    "api:sms_shift_offers": lambda a: {"shift_id": _shift(a).pk},
    "api:sms_peer_messages": lambda a: {"peer_id": a.peer.pk},
    "api:sms_peer_consent": lambda a: {"peer_id": a.peer.pk},
    "api:sms_peer_consent_set": lambda a: {
        "peer_id": a.peer.pk,
        "__post__": {"phone": "416 555 0101", "consent": True},
        "__json__": True,
    },
    "api:shift_signup_list": lambda a: {
        "shift_id": _shift(a).pk,
        "__post__": {"peer_id": a.peer.pk},
        "__json__": True,
    },
    "api:shift_signup_create": lambda a: {
        "shift_id": _shift(a).pk,
        "__post__": {"peer_id": a.peer.pk},
        "__json__": True,
    },
    "api:shift_run_get": lambda a: {"run_id": _run(a).pk},
    "api:shift_run_publish": lambda a: {"run_id": _run(a).pk, "__json__": True},
    "api:shift_attendance_list": lambda a: {"shift_id": _assignment(a).shift_id},
    "api:shift_attendance_check_in": lambda a: {
        "assignment_id": _assignment(a).pk,
        "__post__": {"site_id": a.site.pk},
        "__json__": True,
    },
    "api:shift_attendance_check_out": lambda a: {
        "assignment_id": _assignment(a, checked_in=True).pk,
        "__post__": {"duties": []},
        "__json__": True,
    },
}


def seed_shifts(a: OrgPersonas) -> None:
    """Organisation A's shifts, sign-ups, an allocation, a work order and a weekly shift, all marked."""
    run = _run(a)
    services.allocation_publish(run=run, by=a.coordinator)
    _assignment(a)
    _template(a)
    WorkOrderFactory(organisation=a.org, customer=f"{LEAK_MARKER} Customer")
    # A draft run beside the published one: the published week cannot be run again until re-opened.
    services.allocation_run(
        organisation=a.org, week_start=run.week_start + timedelta(days=7), by=a.coordinator, seed=2
    )


SEED = [seed_shifts]
