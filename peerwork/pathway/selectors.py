"""Reads for the ladder: stages, each peer's position, and eligibility explained criterion by criterion."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peerwork.orgs.models import Organisation
from peerwork.participation.selectors import participation_counts
from peerwork.peers.hooks import LadderSummary, PeerPage
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.training.models import Certification, Course

from .hooks import (
    CompetenceNeed,
    competence_levels_many,
    competence_needs,
    goals_achieved_many,
    hours_with_more_many,
    last_shift_dates,
    supervision_hours_many,
)
from .mentoring.selectors import mentoring_hours_many
from .models import PeerCapability, PeerPosition, Stage, StageChange, StageSignOff


def ladder_of(organisation: Organisation) -> QuerySet[Stage]:
    return (
        Stage.objects.filter(organisation=organisation).prefetch_related("required_courses").order_by("order")
    )


def _position(peer: PeerWorker) -> PeerPosition | None:
    return PeerPosition.objects.filter(peer=peer).select_related("stage").first()


def ladder_position(page: PeerPage) -> PeerPosition | None:
    """The page's peer's place on the ladder, with its stage (None: not on it). Panels read it with
    ``page.shared(ladder_position)``: one read for the ladder, the team, contract and shifts panels."""
    return (
        PeerPosition.objects.filter(peer=page.peer, stage__organisation=page.organisation)
        .select_related("stage")
        .first()
    )


def capabilities_at(peer: PeerWorker, position: PeerPosition | None) -> frozenset[str]:
    """What ``peer`` may do for others at ``position``: its stage's capabilities (none when they are
    not active, or not on the ladder)."""
    if peer.status != PeerStatus.ACTIVE or position is None:
        return frozenset()
    return frozenset(c for c in position.stage.peer_capabilities or [] if c in PeerCapability.values)


def peer_capabilities(peer: PeerWorker) -> frozenset[str]:
    """What ``peer`` may do for others: the capabilities of their current stage."""
    if peer.status != PeerStatus.ACTIVE:
        return frozenset()
    return capabilities_at(peer, _position(peer))


def peer_can(peer: PeerWorker | None, capability: str) -> bool:
    """The one check for a peer's stage capability (``PeerCapability``), e.g. ``record_mentoring``."""
    if capability not in PeerCapability.values:
        raise KeyError(f"Unknown peer capability {capability!r}; add it to pathway.models.PeerCapability")
    return peer is not None and capability in peer_capabilities(peer)


def mentoring_refusal(peer: PeerWorker | None) -> str | None:
    """Why ``peer`` may not record mentoring contacts yet (None: they may). Staff who manage mentoring
    do not ask this; a peer records only as a mentor, when their stage grants ``record_mentoring``."""
    return mentoring_refusal_at(peer, _position(peer) if peer is not None else None)


def mentoring_refusal_at(peer: PeerWorker | None, position: PeerPosition | None) -> str | None:
    """``mentoring_refusal`` for a peer whose place on the ladder has been read already."""
    if peer is not None and PeerCapability.RECORD_MENTORING in capabilities_at(peer, position):
        return None
    if position is None:
        return _("You can't record mentoring yet: you are not on a stage of the ladder. Ask your supervisor.")
    return _(
        "You can't record mentoring yet: your stage (%(stage)s) does not include recording mentoring. "
        "Ask your supervisor."
    ) % {"stage": position.stage.name}


def stage_history(peer: PeerWorker) -> QuerySet[StageChange]:
    return StageChange.objects.filter(peer=peer).select_related("from_stage", "to_stage", "decided_by")


def _hours(value: Decimal) -> str:
    value = Decimal(value).quantize(Decimal("0.1")).normalize()
    return f"{value:f}"


@dataclass(frozen=True)
class Criterion:
    """One condition for a stage, with its numbers and a plain sentence."""

    key: str
    met: bool
    text: str
    have: Decimal | None = None
    need: Decimal | None = None


@dataclass
class Eligibility:
    peer: PeerWorker
    current: Stage | None
    since: date | None
    target: Stage | None
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return self.target is not None and all(c.met for c in self.criteria)

    @property
    def still_needed(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.met]

    @property
    def at_top(self) -> bool:
        return self.target is None


def _count_criterion(key: str, have: Decimal, need: Decimal, text: str) -> Criterion:
    return Criterion(key=key, met=have >= need, have=have, need=need, text=text)


def _criteria(
    *,
    target: Stage,
    current: Stage | None,
    since: date | None,
    on: date,
    hours: Decimal,
    supervision: Decimal,
    valid_courses: set[int],
    expired_courses: dict[int, date],
    sign_off: StageSignOff | None,
    required_courses: Sequence[Course],
    mentoring: Decimal = Decimal("0"),
    goals: int = 0,
    needs: Sequence[CompetenceNeed] = (),
    levels: dict[int, int] | None = None,
    participations: int = 0,
    hours_before: Decimal = Decimal("0"),
) -> list[Criterion]:
    criteria: list[Criterion] = []
    if target.min_hours_worked > 0:
        values = {
            "have": _hours(hours),
            "need": _hours(target.min_hours_worked),
            "before": _hours(hours_before),
        }
        criteria.append(
            _count_criterion(
                "hours",
                hours,
                target.min_hours_worked,
                _("%(have)s of %(need)s hours worked, including %(before)s hours before Peerwork") % values
                if hours_before > 0
                else _("%(have)s of %(need)s hours worked") % values,
            )
        )
    for course in required_courses:
        if course.pk in valid_courses:
            criteria.append(Criterion("course", True, _("%(course)s: done") % {"course": course.name}))
        elif course.pk in expired_courses:
            criteria.append(
                Criterion(
                    "course",
                    False,
                    _("needs: %(course)s again (it ran out on %(day)s)")
                    % {"course": course.name, "day": date_format(expired_courses[course.pk])},
                )
            )
        else:
            criteria.append(Criterion("course", False, _("needs: %(course)s") % {"course": course.name}))
    if target.min_supervision_hours > 0:
        criteria.append(
            _count_criterion(
                "supervision",
                supervision,
                target.min_supervision_hours,
                _("%(have)s of %(need)s hours of supervision")
                % {"have": _hours(supervision), "need": _hours(target.min_supervision_hours)},
            )
        )
    if target.min_mentoring_hours > 0:
        criteria.append(
            _count_criterion(
                "mentoring",
                mentoring,
                target.min_mentoring_hours,
                _("%(have)s of %(need)s hours of mentoring")
                % {"have": _hours(mentoring), "need": _hours(target.min_mentoring_hours)},
            )
        )
    if target.min_weeks_at_previous > 0:
        weeks = (on - since).days // 7 if since and current and current.order < target.order else 0
        weeks = max(weeks, 0)
        need = target.min_weeks_at_previous
        where = current.name if current else _("the stage before")
        criteria.append(
            _count_criterion(
                "weeks",
                Decimal(weeks),
                Decimal(need),
                _("%(have)s of %(need)s weeks at %(stage)s") % {"have": weeks, "need": need, "stage": where},
            )
        )
    if target.min_goals_achieved > 0:
        criteria.append(
            _count_criterion(
                "goals",
                Decimal(goals),
                Decimal(target.min_goals_achieved),
                _("%(have)s of %(need)s learning goals achieved")
                % {"have": goals, "need": target.min_goals_achieved},
            )
        )
    criteria.extend(_competence_criteria(needs, levels or {}))
    if target.min_participations > 0:
        criteria.append(
            _count_criterion(
                "participation",
                Decimal(participations),
                Decimal(target.min_participations),
                _("%(have)s of %(need)s times taking part in activities")
                % {"have": participations, "need": target.min_participations},
            )
        )
    if target.needs_sign_off:
        if sign_off is not None:
            criteria.append(
                Criterion(
                    "sign_off",
                    True,
                    _("signed off by %(who)s on %(day)s")
                    % {"who": sign_off.signed_by, "day": date_format(sign_off.signed_on)},
                )
            )
        else:
            criteria.append(Criterion("sign_off", False, _("sign-off pending")))
    return criteria


def _competence_criteria(needs: Sequence[CompetenceNeed], levels: dict[int, int]) -> list[Criterion]:
    criteria = []
    for need in needs:
        have = levels.get(need.competence_id)
        values = {"competence": need.name, "have": have, "need": need.level, "steps": need.steps}
        if have is not None and have >= need.level:
            text = _("%(competence)s: step %(have)s of %(steps)s") % values
        elif have is None:
            text = _("needs: %(competence)s at step %(need)s (not rated yet)") % values
        else:
            text = _("needs: %(competence)s at step %(need)s (now step %(have)s)") % values
        criteria.append(
            Criterion(
                "competence",
                have is not None and have >= need.level,
                text,
                have=Decimal(have or 0),
                need=Decimal(need.level),
            )
        )
    return criteria


def eligibility_many(
    organisation: Organisation,
    peers: Sequence[PeerWorker],
    *,
    on: date | None = None,
    stages: Sequence[Stage] | None = None,
    target: Stage | None = None,
    positions: dict[int, PeerPosition] | None = None,
) -> dict[int, Eligibility]:
    """Eligibility for the next stage of each peer (or for ``target``), in a fixed number of queries.

    Only what the stages aimed at ask for is read: no hours when none of them counts hours, and so
    on. ``positions`` ({peer_id: position}, read already) saves reading them again.
    """
    on = on or organisation.today()
    stages = list(stages) if stages is not None else list(ladder_of(organisation))
    peer_ids = [peer.pk for peer in peers]
    if positions is None:
        positions = {
            pos.peer_id: pos
            for pos in PeerPosition.objects.filter(peer_id__in=peer_ids, stage__organisation=organisation)
        }
    by_id = {stage.pk: stage for stage in stages}
    places: dict[int, tuple[PeerPosition | None, Stage | None, Stage | None]] = {}
    for peer in peers:
        position = positions.get(peer.pk)
        current = by_id.get(position.stage_id) if position else None
        if target is not None:
            wanted: Stage | None = by_id.get(target.pk, target)
        else:
            higher = [s for s in stages if current is None or s.order > current.order]
            wanted = higher[0] if higher else None
        places[peer.pk] = (position, current, wanted)
    targets = {wanted.pk: wanted for _, _, wanted in places.values() if wanted is not None}.values()
    required = {stage.pk: list(stage.required_courses.all()) for stage in targets}
    valid: dict[int, set[int]] = defaultdict(set)
    expired: dict[int, dict[int, date]] = defaultdict(dict)
    if any(required.values()):
        certs = Certification.objects.filter(
            organisation=organisation, peer_id__in=peer_ids, issued_on__lte=on
        )
        for peer_id, course_id, expires_on in certs.values_list("peer_id", "course_id", "expires_on"):
            if expires_on is None or expires_on >= on:
                valid[peer_id].add(course_id)
            else:
                expired[peer_id][course_id] = max(expires_on, expired[peer_id].get(course_id, expires_on))
    sign_offs = (
        {
            (s.peer_id, s.stage_id): s
            for s in StageSignOff.objects.filter(peer_id__in=peer_ids, signed_on__lte=on).select_related(
                "signed_by"
            )
        }
        if any(stage.needs_sign_off for stage in targets)
        else {}
    )
    # Hours worked here (shifts and other work, through the hooks) plus hours brought forward from
    # before Peerwork (the peer's record).
    hours: dict[int, Decimal] = {}
    if any(stage.min_hours_worked > 0 for stage in targets):
        worked = hours_with_more_many(organisation, peers, on)
        hours = {peer.pk: worked.get(peer.pk, Decimal("0")) + peer.hours_before for peer in peers}
    supervision = (
        supervision_hours_many(organisation, peers, on)
        if any(stage.min_supervision_hours > 0 for stage in targets)
        else {}
    )
    mentoring = (
        mentoring_hours_many(organisation, peer_ids, on)
        if any(stage.min_mentoring_hours > 0 for stage in targets)
        else {}
    )
    goals = goals_achieved_many(organisation, peers, on) if any(s.min_goals_achieved for s in targets) else {}
    needs = competence_needs(organisation) if targets else {}
    levels = competence_levels_many(organisation, peers, on) if any(needs.get(s.pk) for s in targets) else {}
    taking_part = (
        participation_counts(organisation, peer_ids, on)
        if any(stage.min_participations > 0 for stage in targets)
        else {}
    )
    result: dict[int, Eligibility] = {}
    for peer in peers:
        position, current, wanted = places[peer.pk]
        result[peer.pk] = eligibility_against(
            peer,
            wanted,
            current=current,
            since=position.since if position else None,
            on=on,
            hours=hours.get(peer.pk, Decimal("0")),
            supervision=supervision.get(peer.pk, Decimal("0")),
            valid_courses=valid[peer.pk],
            expired_courses={k: v for k, v in expired[peer.pk].items() if k not in valid[peer.pk]},
            sign_off=sign_offs.get((peer.pk, wanted.pk)) if wanted else None,
            required_courses=required[wanted.pk] if wanted else None,
            mentoring=mentoring.get(peer.pk, Decimal("0")),
            goals=goals.get(peer.pk, 0),
            needs=needs.get(wanted.pk, []) if wanted else [],
            levels=levels.get(peer.pk, {}),
            participations=taking_part.get(peer.pk, 0),
        )
    return result


def eligibility_against(
    peer: PeerWorker,
    target: Stage | None,
    *,
    current: Stage | None,
    since: date | None,
    on: date,
    hours: Decimal,
    supervision: Decimal,
    valid_courses: set[int],
    expired_courses: dict[int, date],
    sign_off: StageSignOff | None,
    required_courses: Sequence[Course] | None = None,
    mentoring: Decimal = Decimal("0"),
    goals: int = 0,
    needs: Sequence[CompetenceNeed] = (),
    levels: dict[int, int] | None = None,
    participations: int = 0,
) -> Eligibility:
    """Pure: the criteria of ``target`` judged against the given facts (the property tests use it)."""
    eligibility = Eligibility(peer=peer, current=current, since=since, target=target)
    if target is not None:
        eligibility.criteria = _criteria(
            target=target,
            current=current,
            since=since,
            on=on,
            hours=Decimal(hours),
            supervision=Decimal(supervision),
            valid_courses=valid_courses,
            expired_courses=expired_courses,
            sign_off=sign_off,
            required_courses=list(target.required_courses.all())
            if required_courses is None
            else required_courses,
            mentoring=Decimal(mentoring),
            goals=goals,
            needs=needs,
            levels=levels,
            participations=participations,
            hours_before=peer.hours_before,
        )
    return eligibility


def eligibility_for(peer: PeerWorker, stage: Stage | None = None, on: date | None = None) -> Eligibility:
    """Each criterion of ``stage`` (default: the peer's next stage) with its numbers, met or not."""
    return eligibility_many(peer.organisation, [peer], on=on, target=stage)[peer.pk]


def next_step_on(page: PeerPage) -> Eligibility:
    """``eligibility_for`` the page's peer and their next stage, from the place already read."""
    position = page.shared(ladder_position)
    positions = {page.peer.pk: position} if position is not None else {}
    return eligibility_many(page.organisation, [page.peer], on=page.today, positions=positions)[page.peer.pk]


def ladder_summaries_for(
    organisation: Organisation, peers: list[PeerWorker], on: date, *, eligibility: bool = True
) -> dict[int, LadderSummary]:
    """What the people list shows per peer (registered into peers.hooks.ladder_summaries).

    Without ``eligibility`` only the stage, the next one and the last shift are read (``eligible`` is
    then None): a list of thousands filters and sorts on those, and works out eligibility for the
    page it shows.
    """
    last = last_shift_dates(organisation, [peer.pk for peer in peers])
    stages = list(ladder_of(organisation))
    if eligibility:
        items = eligibility_many(organisation, peers, on=on, stages=stages)
        places: dict[int, tuple[Stage | None, Stage | None, bool | None]] = {
            pk: (item.current, item.target, item.eligible) for pk, item in items.items()
        }
    else:
        by_id = {stage.pk: stage for stage in stages}
        positions = dict(
            PeerPosition.objects.filter(
                peer_id__in=[peer.pk for peer in peers], stage__organisation=organisation
            ).values_list("peer_id", "stage_id")
        )
        places = {}  # the same shape, eligibility left out
        for peer in peers:
            current = by_id.get(positions.get(peer.pk, 0))
            higher = [s for s in stages if current is None or s.order > current.order]
            places[peer.pk] = (current, higher[0] if higher else None, None)
    summaries = {}
    for peer in peers:
        current, target, eligible = places[peer.pk]
        summaries[peer.pk] = LadderSummary(
            stage_id=current.pk if current else None,
            stage_name=current.name if current else "",
            stage_order=current.order if current else 0,
            next_stage_name=target.name if target else "",
            eligible=eligible,
            last_shift=last.get(peer.pk),
        )
    return summaries


def stage_column(organisation: Organisation) -> Subquery:
    """The id of a peer's stage on the organisation's ladder, over PeerWorker rows (registered into
    peers.hooks.stage_column); null when the peer is not on it."""
    positions = PeerPosition.objects.filter(peer=OuterRef("pk"), stage__organisation=organisation)
    return Subquery(positions.values("stage_id")[:1])


def ladder_stage_choices(organisation: Organisation) -> list[tuple[int, str]]:
    return list(Stage.objects.filter(organisation=organisation).order_by("order").values_list("pk", "name"))
