"""Small builders for insights tests: a ladder, shifts, sign-ups and worked assignments on given days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import factory

from peerwork.insights.models import ReportTemplate
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import PeerPosition, Stage, StageChange, StageChangeKind
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift, ShiftStatus, SignUp, WorkStream


def ladder(
    org: Organisation, names: tuple[str, ...] = ("Participant", "Peer worker", "Lead peer")
) -> list[Stage]:
    return [
        Stage.objects.create(organisation=org, name=name, order=i, min_hours_worked=10 * (i - 1))
        for i, name in enumerate(names, start=1)
    ]


def role(
    org: Organisation, name: str = "Outreach", stream: str = "Harm reduction", min_stage: Stage | None = None
) -> Role:
    work_stream, _ = WorkStream.objects.get_or_create(organisation=org, name=stream)
    return Role.objects.create(organisation=org, work_stream=work_stream, name=name, min_stage=min_stage)


def at(org: Organisation, day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=org.zone)


def shift(
    org: Organisation, site: Site, work_role: Role, day: date, *, hours: int = 4, slots: int = 2
) -> Shift:
    return Shift.objects.create(
        organisation=org,
        site=site,
        role=work_role,
        starts_at=at(org, day),
        ends_at=at(org, day) + timedelta(hours=hours),
        slots=slots,
        status=ShiftStatus.PUBLISHED,
    )


def signup(work_shift: Shift, peer: PeerWorker) -> SignUp:
    return SignUp.objects.create(organisation=work_shift.organisation, shift=work_shift, peer=peer)


def worked(work_shift: Shift, peer: PeerWorker) -> Assignment:
    return Assignment.objects.create(
        organisation=work_shift.organisation,
        shift=work_shift,
        peer=peer,
        status=AssignmentStatus.COMPLETED,
        checked_in_at=work_shift.starts_at,
        checked_out_at=work_shift.ends_at,
    )


def peer(
    org: Organisation,
    name: str,
    joined: date,
    site: Site | None = None,
    stage: Stage | None = None,
    referred_by: PeerWorker | None = None,
) -> PeerWorker:
    person = PeerWorker.objects.create(
        organisation=org, preferred_name=name, joined_on=joined, referred_by=referred_by
    )
    if site:
        person.sites.add(site)
    if stage:
        StageChange.objects.create(
            organisation=org, peer=person, to_stage=stage, kind=StageChangeKind.START, effective_on=joined
        )
        PeerPosition.objects.create(peer=person, stage=stage, since=joined)
    return person


def promote(person: PeerWorker, to: Stage, on: date) -> None:
    StageChange.objects.create(
        organisation=person.organisation,
        peer=person,
        from_stage=person.position.stage,
        to_stage=to,
        kind=StageChangeKind.PROMOTION,
        effective_on=on,
    )
    PeerPosition.objects.filter(peer=person).update(stage=to, since=on)


class ReportTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportTemplate

    name = factory.Sequence(lambda n: f"Report {n}")
    funder = "City health"
    indicator_ids = factory.LazyFunction(lambda: ["active_peers", "shifts_worked", "new_peer_share"])
    period_start = factory.LazyAttribute(lambda o: o.organisation.today() - timedelta(days=90))
    period_end = factory.LazyAttribute(lambda o: o.organisation.today())
