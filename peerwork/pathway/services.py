"""Writes for the ladder: the default ladder, stages, starting positions, sign-offs, moves up and back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Course

from .models import PeerCapability, PeerPosition, Stage, StageChange, StageChangeKind, StageSignOff
from .selectors import eligibility_for


@dataclass(frozen=True)
class StageDefault:
    name: Any
    description: Any
    hours: int = 0
    supervision: int = 0
    weeks: int = 0
    participations: int = 0
    sign_off: bool = False
    courses: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()


# The sensible default: counts grow with responsibility; course codes refer to Course.code.
DEFAULT_LADDER = (
    StageDefault(
        gettext_lazy("Participant"),
        gettext_lazy("Comes to drop-ins and activities; can try small paid tasks."),
    ),
    StageDefault(
        gettext_lazy("Trainee"),
        gettext_lazy("Learning the work in training sessions and shadow shifts."),
        hours=8,
        weeks=2,
        participations=3,
        courses=("harm-reduction",),
    ),
    StageDefault(
        gettext_lazy("Peer worker"),
        gettext_lazy("Works paid shifts on their own or in a pair."),
        hours=40,
        supervision=4,
        weeks=8,
        sign_off=True,
        courses=("naloxone", "first-aid"),
    ),
    StageDefault(
        gettext_lazy("Senior peer"),
        gettext_lazy("Mentors newer peers and leads shifts."),
        hours=200,
        supervision=12,
        weeks=16,
        sign_off=True,
        courses=("ethics", "de-escalation"),
        capabilities=(PeerCapability.RECORD_MENTORING,),
    ),
    StageDefault(
        gettext_lazy("Peer lead"),
        gettext_lazy("Coordinates a team of peers with the staff."),
        hours=500,
        supervision=25,
        weeks=26,
        sign_off=True,
        capabilities=tuple(PeerCapability.values),
    ),
)


@transaction.atomic
def ladder_seed_default(*, organisation: Organisation) -> list[Stage]:
    """Give an organisation without a ladder the default five stages (does nothing if it has one)."""
    existing = list(Stage.objects.filter(organisation=organisation).order_by("order"))
    if existing:
        return existing
    courses = {c.code: c for c in Course.objects.filter(organisation=organisation)}
    stages = []
    for order, default in enumerate(DEFAULT_LADDER, start=1):
        stage = Stage.objects.create(
            organisation=organisation,
            name=str(default.name),
            order=order,
            description=str(default.description),
            min_hours_worked=Decimal(default.hours),
            min_supervision_hours=Decimal(default.supervision),
            min_weeks_at_previous=default.weeks,
            min_participations=default.participations,
            needs_sign_off=default.sign_off,
            peer_capabilities=sorted(default.capabilities),
        )
        stage.required_courses.set([courses[code] for code in default.courses if code in courses])
        stages.append(stage)
    return stages


STAGE_FIELDS = (
    "name",
    "description",
    "min_hours_worked",
    "min_supervision_hours",
    "min_weeks_at_previous",
    "min_goals_achieved",
    "min_participations",
    "needs_sign_off",
    "is_staff_stage",
    "min_mentoring_hours",
    "peer_capabilities",
)


@transaction.atomic
def stage_create(
    *,
    organisation: Organisation,
    by: User | None = None,
    required_courses: list[Course] | None = None,
    **values: Any,
) -> Stage:
    """Add a stage at the top of the ladder."""
    top = Stage.objects.filter(organisation=organisation).aggregate(top=Max("order"))["top"] or 0
    stage = Stage(organisation=organisation, order=top + 1, **values)
    stage.full_clean()
    stage.save()
    stage.required_courses.set([c for c in required_courses or [] if c.organisation_id == organisation.pk])
    audit_record(action="stage_created", organisation=organisation, actor=by, obj=stage)
    return stage


@transaction.atomic
def stage_update(
    *, stage: Stage, by: User | None = None, required_courses: list[Course] | None = None, **values: Any
) -> Stage:
    for name, value in values.items():
        if name not in STAGE_FIELDS:
            raise TypeError(f"Not editable: {name}")
        setattr(stage, name, value)
    stage.full_clean()
    stage.save()
    if required_courses is not None:
        stage.required_courses.set(
            [c for c in required_courses if c.organisation_id == stage.organisation_id]
        )
    audit_record(action="stage_updated", organisation=stage.organisation, actor=by, obj=stage)
    return stage


def _record(
    *,
    peer: PeerWorker,
    to_stage: Stage,
    kind: str,
    on: date,
    by: User | None,
    reason: str = "",
    override_reason: str = "",
) -> StageChange:
    position = PeerPosition.objects.select_for_update().filter(peer=peer).first()
    from_stage = position.stage if position else None
    change = StageChange.objects.create(
        organisation=peer.organisation,
        peer=peer,
        from_stage=from_stage,
        to_stage=to_stage,
        kind=kind,
        effective_on=on,
        reason=reason,
        override_reason=override_reason,
        decided_by=by,
    )
    PeerPosition.objects.update_or_create(peer=peer, defaults={"stage": to_stage, "since": on})
    audit_record(
        action=f"stage_{kind}",
        organisation=peer.organisation,
        actor=by,
        obj=peer,
        from_stage=from_stage.name if from_stage else "",
        to_stage=to_stage.name,
        override=bool(override_reason),
    )
    return change


def _check_stage(peer: PeerWorker, stage: Stage) -> None:
    if stage.organisation_id != peer.organisation_id:
        raise ValidationError({"to_stage": [_("Choose a stage of this organisation's ladder.")]})


@transaction.atomic
def peer_position_start(
    *, peer: PeerWorker, stage: Stage | None = None, on: date | None = None, by: User | None = None
) -> StageChange | None:
    """Place a new peer on the ladder (the first stage unless another is given)."""
    if PeerPosition.objects.filter(peer=peer).exists():
        return None
    if stage is None:
        stage = ladder_seed_default(organisation=peer.organisation)[0]
    _check_stage(peer, stage)
    return _record(peer=peer, to_stage=stage, kind=StageChangeKind.START, on=on or peer.joined_on, by=by)


def peer_created_place_on_ladder(peer: PeerWorker, created_by: Any) -> None:
    """Registered into peers.hooks.peer_created: every new peer starts on the first stage."""
    peer_position_start(peer=peer, by=created_by if isinstance(created_by, User) else None)


@transaction.atomic
def peer_promote(
    *,
    peer: PeerWorker,
    by: User | None,
    to_stage: Stage | None = None,
    reason: str = "",
    override_reason: str = "",
    on: date | None = None,
) -> StageChange:
    """Move a peer up. Unmet criteria need an explicit override reason, which is recorded."""
    on = on or peer.organisation.today()
    position = PeerPosition.objects.select_related("stage").filter(peer=peer).first()
    eligibility = eligibility_for(peer, stage=to_stage, on=on)
    target = eligibility.target
    if target is None:
        raise ValidationError({"to_stage": [_("This peer is already on the top stage.")]})
    _check_stage(peer, target)
    if position is not None and target.order <= position.stage.order:
        raise ValidationError({"to_stage": [_("Choose a stage above the current one.")]})
    override_reason = (override_reason or "").strip()
    if not eligibility.eligible and not override_reason:
        missing = "; ".join(c.text for c in eligibility.still_needed)
        raise ValidationError(
            {
                "override_reason": [
                    _("Not all criteria are met (%(missing)s). To promote anyway, write why.")
                    % {"missing": missing}
                ]
            }
        )
    return _record(
        peer=peer,
        to_stage=target,
        kind=StageChangeKind.PROMOTION,
        on=on,
        by=by,
        reason=reason.strip(),
        override_reason=override_reason if not eligibility.eligible else "",
    )


@transaction.atomic
def peer_step_back(
    *, peer: PeerWorker, by: User | None, reason: str, to_stage: Stage | None = None, on: date | None = None
) -> StageChange:
    """Move a peer down a stage, only ever by a person's decision, with the reason written down."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Write why this peer is stepping back.")]})
    position = PeerPosition.objects.select_related("stage").filter(peer=peer).first()
    if position is None:
        raise ValidationError(_("This peer is not on the ladder yet."))
    if to_stage is None:
        to_stage = (
            Stage.objects.filter(organisation=peer.organisation, order__lt=position.stage.order)
            .order_by("-order")
            .first()
        )
        if to_stage is None:
            raise ValidationError({"to_stage": [_("This peer is already on the first stage.")]})
    _check_stage(peer, to_stage)
    if to_stage.order >= position.stage.order:
        raise ValidationError({"to_stage": [_("Choose a stage below the current one.")]})
    return _record(
        peer=peer,
        to_stage=to_stage,
        kind=StageChangeKind.STEP_BACK,
        on=on or peer.organisation.today(),
        by=by,
        reason=reason,
    )


@transaction.atomic
def stage_sign_off_record(
    *, peer: PeerWorker, stage: Stage, by: User, on: date | None = None, note: str = ""
) -> StageSignOff:
    """A supervisor signs off that the peer is ready for ``stage``."""
    _check_stage(peer, stage)
    sign_off, created = StageSignOff.objects.get_or_create(
        peer=peer,
        stage=stage,
        defaults={
            "organisation": peer.organisation,
            "signed_by": by,
            "signed_on": on or peer.organisation.today(),
            "note": note.strip(),
        },
    )
    if not created:
        raise ValidationError(_("This peer is already signed off for %(stage)s.") % {"stage": stage.name})
    audit_record(
        action="stage_signed_off", organisation=peer.organisation, actor=by, obj=peer, stage=stage.name
    )
    return sign_off
