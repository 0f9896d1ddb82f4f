"""The work record, assembled from what the other apps recorded: roles and hours (shifts), positions
(the ladder), trainings, participation, supervision, sections other apps add, and the reference.

Discreet by default: unless the peer chose an open record, nothing names drug use or the programme's
harm-reduction purpose (roles and courses show by their title on a work record; a role that speaks
of drug use without one shows as generic community support work; such a course is left out).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.orgs.models import Organisation
from peerwork.participation.selectors import KindSummary, participation_summary
from peerwork.pathway.hooks import supervision_hours
from peerwork.pathway.selectors import stage_history
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.shifts.models import Assignment, AssignmentStatus, Role
from peerwork.training.models import Certification, Course

from .models import Reference, WorkRecordChoice, WorkRecordSettings
from .sections import Section, sections


@dataclass(frozen=True)
class RoleLine:
    title: str
    shifts: int
    hours: Decimal
    first: date
    last: date


@dataclass(frozen=True)
class TrainingLine:
    title: str
    issued_on: date
    expires_on: date | None


@dataclass
class WorkRecord:
    peer: PeerWorker
    open: bool
    employer: str
    contact: str
    about: str
    start: date
    end: date | None
    positions: list[tuple[str, date]] = field(default_factory=list)
    roles: list[RoleLine] = field(default_factory=list)
    trainings: list[TrainingLine] = field(default_factory=list)
    participation: list[KindSummary] = field(default_factory=list)
    supervision_hours: Decimal = Decimal("0")
    hours_before: Decimal = Decimal("0")  # worked before the programme used Peerwork
    sections: list[Section] = field(default_factory=list)
    reference: Reference | None = None

    @property
    def total_hours(self) -> Decimal:
        return sum((line.hours for line in self.roles), self.hours_before)

    @property
    def total_shifts(self) -> int:
        return sum(line.shifts for line in self.roles)


def settings_for(organisation: Organisation) -> WorkRecordSettings:
    return WorkRecordSettings.objects.filter(organisation=organisation).first() or WorkRecordSettings(
        organisation=organisation
    )


def is_open(peer: PeerWorker) -> bool:
    """The peer's own choice; discreet (False) until they choose otherwise."""
    choice = WorkRecordChoice.objects.filter(peer=peer).first()
    return bool(choice and choice.open_about_programme)


def role_title(role: Role, *, open: bool) -> str:
    if open:
        return role.name
    if role.public_title:
        return role.public_title
    return _("Community support work") if role.reveals_programme else role.name


def course_title(course: Course, *, open: bool) -> str:
    """The course's name as the record shows it; "" when a discreet record leaves it out."""
    if open:
        return course.name
    if course.public_title:
        return course.public_title
    return "" if course.reveals_programme else course.name


def _roles(peer: PeerWorker, *, open: bool) -> list[RoleLine]:
    zone = peer.organisation.zone
    worked = (
        Assignment.objects.filter(peer=peer, status=AssignmentStatus.COMPLETED)
        .select_related("shift", "shift__role")
        .order_by("shift__starts_at")
    )
    by_title: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in worked:
        by_title[role_title(assignment.shift.role, open=open)].append(assignment)
    lines = []
    for title, items in by_title.items():
        hours = sum(
            (a.hours_worked if a.checked_in_at and a.checked_out_at else a.shift.hours for a in items),
            Decimal("0"),
        )
        days = [timezone.localtime(a.shift.starts_at, zone).date() for a in items]
        lines.append(RoleLine(title=title, shifts=len(items), hours=hours, first=min(days), last=max(days)))
    return sorted(lines, key=lambda line: -line.hours)


def _trainings(peer: PeerWorker, *, open: bool) -> list[TrainingLine]:
    latest: dict[str, TrainingLine] = {}
    for cert in Certification.objects.filter(peer=peer).select_related("course").order_by("issued_on"):
        title = course_title(cert.course, open=open)
        if title:
            latest[title] = TrainingLine(title=title, issued_on=cert.issued_on, expires_on=cert.expires_on)
    return sorted(latest.values(), key=lambda line: line.issued_on, reverse=True)


def work_record_for(peer: PeerWorker, *, open: bool | None = None) -> WorkRecord:
    """The peer's work record; ``open`` overrides the peer's choice (a preview of the other way)."""
    organisation = peer.organisation
    open = is_open(peer) if open is None else open
    config = settings_for(organisation)
    today = organisation.today()
    about = (
        _(
            "%(employer)s runs a peer work programme in harm reduction: people with lived experience of "
            "drug use are employed to support others, with training and supervision."
        )
        if open
        else _("%(employer)s offers paid community work with training and regular supervision.")
    ) % {"employer": config.public_name or organisation.name}
    reference = Reference.objects.filter(peer=peer).select_related("written_by").first()
    if reference is not None and reference.names_programme and not open:
        reference = None
    return WorkRecord(
        peer=peer,
        open=open,
        employer=config.public_name or organisation.name,
        contact=config.contact,
        about=about,
        start=peer.joined_on,
        end=peer.left_on if peer.status == PeerStatus.LEFT else None,
        positions=[(change.to_stage.name, change.effective_on) for change in reversed(stage_history(peer))],
        roles=_roles(peer, open=open),
        trainings=_trainings(peer, open=open),
        participation=participation_summary(peer),
        supervision_hours=Decimal(supervision_hours(peer, today)),
        hours_before=peer.hours_before,
        sections=[section for provider in sections if (section := provider(peer, open)) is not None],
        reference=reference,
    )
