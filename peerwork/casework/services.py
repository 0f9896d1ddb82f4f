"""Writes for one-to-one peer support. Each service checks everything before it saves anything, so a
refused session, plan or handover leaves no half-saved rows; every write is audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.assessments.models import Instrument, Schedule
from peerwork.assessments.services import schedule_create
from peerwork.audit.services import audit_record
from peerwork.orgs.client_codes import normalise_client_code
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import (
    MAX_GOALS,
    MAX_MINUTES,
    SHORT_TEXT,
    CaseAssignment,
    CaseClient,
    CaseReferral,
    CaseSession,
    GoalProgress,
    Outcome,
    Place,
    Progress,
    RecoveryGoal,
    RecoveryPlan,
    SessionKind,
)
from .names import check_no_names


def _short(text: str, field: str, limit: int = SHORT_TEXT) -> str:
    text = check_no_names(text, field)
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Keep it short: at most %(limit)s characters (this is %(n)s).")
                % {"limit": limit, "n": len(text)}
            }
        )
    return text


def _not_future(organisation: Organisation, day: date, field: str) -> None:
    if day > organisation.today():
        raise ValidationError({field: _("This date is in the future.")})


def _check_worker(organisation: Organisation, worker: PeerWorker | None, field: str = "worker") -> PeerWorker:
    if worker is None or worker.organisation_id != organisation.pk:
        raise ValidationError({field: _("Choose a peer support worker of this organisation.")})
    if worker.status != PeerStatus.ACTIVE:
        raise ValidationError({field: _("%(name)s is not active: choose someone else.") % {"name": worker}})
    return worker


def case_client_add(
    *, organisation: Organisation, client_code: str, worker: PeerWorker | None, on: date, by: User | None
) -> CaseClient:
    """Put a client (by code) on a worker's caseload; the first assignment opens their history."""
    try:
        code = normalise_client_code(organisation, client_code)
    except ValidationError as exc:
        raise ValidationError({"client_code": exc.messages}) from None
    if not code:
        raise ValidationError({"client_code": _("Give the client's code.")})
    worker = _check_worker(organisation, worker)
    _not_future(organisation, on, "opened_on")
    with transaction.atomic():
        if CaseClient.objects.filter(organisation=organisation, client_code=code).exists():
            raise ValidationError({"client_code": _("%(code)s is already on a caseload.") % {"code": code}})
        client = CaseClient.objects.create(
            organisation=organisation, client_code=code, worker=worker, opened_on=on
        )
        CaseAssignment.objects.create(client=client, worker=worker, starts_on=on, assigned_by=by)
        audit_record(action="case_client_added", organisation=organisation, actor=by, obj=client)
    return client


def case_handover(
    *, client: CaseClient, to_worker: PeerWorker | None, note: str, on: date, by: User | None
) -> CaseAssignment:
    """Hand the client to another worker with a short note (no names); the history keeps both."""
    organisation = client.organisation
    to_worker = _check_worker(organisation, to_worker, "to_worker")
    if to_worker.pk == client.worker_id:
        raise ValidationError(
            {"to_worker": _("%(name)s already supports this client.") % {"name": to_worker}}
        )
    note = _short(note, "note")
    if not note:
        raise ValidationError({"note": _("Write a short handover note for the next worker.")})
    _not_future(organisation, on, "on")
    with transaction.atomic():
        current = (
            CaseAssignment.objects.select_for_update()
            .filter(client=client, ends_on__isnull=True)
            .order_by("-starts_on", "-id")
            .first()
        )
        if current is not None:
            if on < current.starts_on:
                raise ValidationError({"on": _("The handover cannot be before the current worker started.")})
            current.ends_on = on
            current.save(update_fields=["ends_on"])
        assignment = CaseAssignment.objects.create(
            client=client, worker=to_worker, starts_on=on, handover_note=note, assigned_by=by
        )
        client.worker = to_worker
        client.save(update_fields=["worker"])
        audit_record(
            action="case_handed_over", organisation=organisation, actor=by, obj=client, to_worker=to_worker.pk
        )
    return assignment


def recovery_plan_save(
    *, client: CaseClient, goals: Sequence[str], on: date, by: User | None
) -> RecoveryPlan:
    """Write the plan's goals (one to five, in order). A goal whose line changes keeps its progress;
    goals left out are retired, not deleted, so past sessions still show them."""
    texts = []
    errors: dict[str, list[str]] = {}
    for n, raw in enumerate(goals, start=1):
        try:
            text = _short(raw, f"goal_{n}")
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if text:
            texts.append(text)
    if errors:
        raise ValidationError(errors)
    if not 1 <= len(texts) <= MAX_GOALS:
        raise ValidationError(
            _("A recovery plan has 1 to %(max)s goals; this one has %(n)s.")
            % {"max": MAX_GOALS, "n": len(texts)}
        )
    with transaction.atomic():
        plan, _created = RecoveryPlan.objects.update_or_create(
            client=client, defaults={"updated_on": on, "updated_by": by}
        )
        existing = {g.position: g for g in plan.goals.all()}
        for position, text in enumerate(texts, start=1):
            goal = existing.pop(position, None)
            if goal is None:
                RecoveryGoal.objects.create(plan=plan, position=position, text=text)
            elif goal.text != text or not goal.is_active:
                goal.text, goal.is_active = text, True
                goal.save(update_fields=["text", "is_active"])
        for goal in existing.values():
            if goal.is_active:
                goal.is_active = False
                goal.save(update_fields=["is_active"])
        audit_record(action="recovery_plan_saved", organisation=client.organisation, actor=by, obj=plan)
    return plan


def case_session_record(
    *,
    client: CaseClient,
    held_on: date,
    minutes: int,
    place: str,
    kind: str,
    next_step: str = "",
    progress: Mapping[int, str] | None = None,
    by: User | None,
) -> CaseSession:
    """Record a session by the client's current worker, with progress on goals of the client's plan."""
    organisation = client.organisation
    errors: dict[str, list[str]] = {}
    if client.worker_id is None:
        raise ValidationError(_("This client has no peer support worker: assign one first."))
    if held_on > organisation.today():
        errors["held_on"] = [_("This date is in the future.")]
    elif held_on < client.opened_on:
        errors["held_on"] = [_("This client joined the caseload after that date.")]
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = [_("Minutes are from 1 to %(max)s.") % {"max": MAX_MINUTES}]
    if place not in Place.values:
        errors["place"] = [_("Choose where the session was.")]
    if kind not in SessionKind.values:
        errors["kind"] = [_("Choose what kind of session it was.")]
    try:
        next_step = _short(next_step, "next_step")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    goals = {g.pk: g for g in RecoveryGoal.objects.filter(plan__client=client, is_active=True)}
    chosen: list[tuple[RecoveryGoal, str]] = []
    for goal_id, value in (progress or {}).items():
        if not value:
            continue
        if goal_id not in goals:
            errors.setdefault("progress", []).append(_("That goal is not in this client's recovery plan."))
        elif value not in Progress.values:
            errors.setdefault("progress", []).append(_("Choose the progress from the list."))
        else:
            chosen.append((goals[goal_id], value))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = CaseSession.objects.create(
            organisation=organisation,
            client=client,
            worker_id=client.worker_id,
            held_on=held_on,
            minutes=minutes,
            place=place,
            kind=kind,
            next_step=next_step,
            recorded_by=by,
        )
        GoalProgress.objects.bulk_create(
            [GoalProgress(session=session, goal=goal, progress=value) for goal, value in chosen]
        )
        audit_record(action="case_session_recorded", organisation=organisation, actor=by, obj=session)
    return session


def case_referral_make(
    *, client: CaseClient, agency: str, reason: str, made_on: date, by: User | None
) -> CaseReferral:
    """Refer the client to another agency (an agency's name, never a person's)."""
    organisation = client.organisation
    errors: dict[str, list[str]] = {}
    for field, value, limit in (("agency", agency, 120), ("reason", reason, SHORT_TEXT)):
        try:
            _short(value, field, limit)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not (agency or "").strip():
        errors["agency"] = [_("Name the agency.")]
    if made_on > organisation.today():
        errors["made_on"] = [_("This date is in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = CaseReferral.objects.create(
            organisation=organisation,
            client=client,
            agency=agency.strip(),
            reason=(reason or "").strip(),
            made_on=made_on,
            made_by=by,
        )
        audit_record(action="case_referral_made", organisation=organisation, actor=by, obj=referral)
    return referral


def case_referral_follow_up(
    *, referral: CaseReferral, outcome: str, on: date, by: User | None
) -> CaseReferral:
    """Record what came of a referral: arrived, did not arrive, or unknown."""
    if outcome not in (Outcome.ARRIVED, Outcome.DID_NOT_ARRIVE, Outcome.UNKNOWN):
        raise ValidationError({"outcome": _("Choose arrived, did not arrive or unknown.")})
    if on > referral.organisation.today():
        raise ValidationError({"on": _("This date is in the future.")})
    if on < referral.made_on:
        raise ValidationError({"on": _("The follow-up cannot be before the referral.")})
    with transaction.atomic():
        referral.outcome, referral.followed_up_on = outcome, on
        referral.save(update_fields=["outcome", "followed_up_on"])
        audit_record(
            action="case_referral_followed_up",
            organisation=referral.organisation,
            actor=by,
            obj=referral,
            outcome=outcome,
        )
    return referral


def case_questionnaire_schedule(
    *, client: CaseClient, instrument: Instrument, starts_on: date, by: User | None
) -> Schedule:
    """Schedule a questionnaire (e.g. recovery capital) for a caseload client, by their code."""
    return schedule_create(
        organisation=client.organisation,
        instrument=instrument,
        starts_on=starts_on,
        client_code=client.client_code,
        user=by,
    )
