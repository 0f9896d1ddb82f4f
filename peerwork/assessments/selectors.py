"""Reads for questionnaires: versions, who may see which result, trajectories, cohorts, due lists."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import get_language

from peerwork.accounts.models import Membership
from peerwork.accounts.sites import within_sites
from peerwork.core.smallcells import published_count, published_percent
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .definitions import TOTAL
from .models import (
    AssessmentResponse,
    AssessmentSettings,
    Instrument,
    InstrumentVersion,
    ResponseStatus,
    Schedule,
    Score,
    StandingShare,
)


def settings_for(organisation: Organisation) -> AssessmentSettings:
    """The organisation's settings (defaults, unsaved, when it never changed them)."""
    found = AssessmentSettings.objects.filter(organisation=organisation).first()
    return found or AssessmentSettings(organisation=organisation)


def instruments_for(organisation: Organisation) -> QuerySet[Instrument]:
    return Instrument.objects.filter(organisation=organisation).prefetch_related("versions")


def current_version(instrument: Instrument) -> InstrumentVersion | None:
    """The newest version loaded: new check-ins use it; started ones stay on their own version."""
    prefetched = getattr(instrument, "_prefetched_objects_cache", {}).get("versions")
    if prefetched is not None:
        return max(prefetched, key=lambda v: (v.created_at, v.pk), default=None)
    return instrument.versions.order_by("-created_at", "-id").first()


def newer_version_for(response: AssessmentResponse) -> InstrumentVersion | None:
    """A version loaded after this response's version, if any (for the 'version changed' message)."""
    latest = current_version(response.instrument_version.instrument)
    if latest is None or latest.pk == response.instrument_version_id:
        return None
    return latest


def administrable_instruments(organisation: Organisation, audience: str) -> list[InstrumentVersion]:
    """Current versions that can be taken now by ``audience`` ('peer' or 'client')."""
    found = []
    for instrument in instruments_for(organisation).filter(is_active=True):
        version = current_version(instrument)
        if version is None:
            continue
        definition = version.as_definition()
        if definition.can_administer and audience in definition.audience:
            found.append(version)
    return found


def _shared_q() -> Q:
    """Responses a peer has shared: per response, or by a standing choice not revoked."""
    standing = StandingShare.objects.filter(peer=OuterRef("peer"), revoked_at__isnull=True).filter(
        Q(instrument__isnull=True) | Q(instrument=OuterRef("instrument_version__instrument"))
    )
    return Q(shared_with_staff=True) | Q(Exists(standing))


def submitted(organisation: Organisation) -> QuerySet[AssessmentResponse]:
    return (
        AssessmentResponse.objects.filter(organisation=organisation, status=ResponseStatus.SUBMITTED)
        .select_related("instrument_version__instrument", "peer", "site")
        .prefetch_related("scores")
    )


def results_visible_to_staff(organisation: Organisation) -> QuerySet[AssessmentResponse]:
    """Finished responses staff may see: clients' (by code) and peers' that the peer shared."""
    return submitted(organisation).filter(Q(peer__isnull=True) | (Q(peer__isnull=False) & _shared_q()))


def staff_may_see(membership: Membership | None, response: AssessmentResponse) -> bool:
    if membership is None or not membership.can("can_view_assessment_results"):
        return False
    if response.organisation_id != membership.organisation_id or not response.is_submitted:
        return False
    return results_visible_to_staff(membership.organisation).filter(pk=response.pk).exists()


def own_responses(peer: PeerWorker) -> QuerySet[AssessmentResponse]:
    return (
        AssessmentResponse.objects.filter(peer=peer)
        .select_related("instrument_version__instrument")
        .prefetch_related("scores")
    )


def standing_shares(peer: PeerWorker) -> QuerySet[StandingShare]:
    return StandingShare.objects.filter(peer=peer, revoked_at__isnull=True).select_related("instrument")


def latest_result(peer: PeerWorker, key: str) -> AssessmentResponse | None:
    """The peer's latest finished response to instrument ``key`` (for the peer's own pages)."""
    return (
        own_responses(peer)
        .filter(status=ResponseStatus.SUBMITTED, instrument_version__instrument__key=key)
        .first()
    )


def shared_results(peer: PeerWorker, key: str | None = None) -> QuerySet[AssessmentResponse]:
    """Finished responses of ``peer`` that staff may see (shared per response or standing)."""
    found = results_visible_to_staff(peer.organisation).filter(peer=peer)
    return found.filter(instrument_version__instrument__key=key) if key else found


def has_standing_share(peer: PeerWorker, instrument: Instrument | None = None) -> bool:
    return standing_shares(peer).filter(instrument=instrument).exists()


@dataclass(frozen=True)
class Point:
    response: AssessmentResponse
    on: date
    version: str
    value: Decimal | None
    band: str


def trajectory(responses: list[AssessmentResponse], target: str, zone: object) -> list[Point]:
    """One point per finished response, oldest first, for ``target`` (total or a subscale)."""
    points = []
    for response in sorted(responses, key=lambda r: r.submitted_at or r.started_at):
        found = next((s for s in response.scores.all() if s.target == target), None)
        when = (response.submitted_at or response.started_at).astimezone(zone)  # type: ignore[arg-type]
        points.append(
            Point(
                response=response,
                on=when.date(),
                version=response.instrument_version.version,
                value=found.value if found else None,
                band=found.band if found else "",
            )
        )
    return points


@dataclass(frozen=True)
class Cohort:
    people: int | None  # None when suppressed
    paired: int | None
    median_change: Decimal | None
    share_above: int | None  # whole percent; never beside its count, which would give the whole back
    cutoff: Decimal | None
    suppressed: bool
    threshold: int


def cohort_stats(
    organisation: Organisation,
    instrument: Instrument,
    *,
    start: date,
    end: date,
    site: Site | None = None,
    target: str = TOTAL,
    cutoff: Decimal | None = None,
) -> Cohort:
    """n, median change first→latest score in the period, share at or above a cut-off; small cells hidden.

    Counts only results staff may see (clients' and those peers shared).
    """
    zone = organisation.zone
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + relativedelta(days=1), time.min, tzinfo=zone)
    # Only the sites the person may see (accounts/sites.py): "All sites" means all of theirs.
    responses = within_sites(results_visible_to_staff(organisation)).filter(
        instrument_version__instrument=instrument, submitted_at__gte=since, submitted_at__lt=until
    )
    if site is not None:
        responses = responses.filter(site=site)
    scores = (
        Score.objects.filter(response__in=responses, target=target, value__isnull=False)
        .select_related("response")
        .order_by("response__submitted_at", "response_id")
    )
    by_person: dict[str, list[Decimal]] = defaultdict(list)
    for item in scores:
        key = f"p{item.response.peer_id}" if item.response.peer_id else f"c{item.response.client_code}"
        assert item.value is not None
        by_person[key].append(item.value)
    threshold = organisation.small_cell_threshold
    people = len(by_person)
    changes = [values[-1] - values[0] for values in by_person.values() if len(values) >= 2]
    # Counts hidden when small and otherwise rounded to 5 (core/smallcells.py): the period, site and
    # cut-off are the user's to choose, so exact counts of two choices could be subtracted.
    shown_people = published_count(people, threshold)
    shown_paired = published_count(len(changes), threshold)
    share = None
    if cutoff is not None and shown_people is not None:
        above_count = sum(1 for values in by_person.values() if values[-1] >= cutoff)
        share = published_percent(above_count, people, threshold)
    median = (
        Decimal(str(statistics.median(changes))).quantize(Decimal("0.01"))
        if changes and shown_paired is not None
        else None
    )
    return Cohort(
        people=shown_people,
        paired=shown_paired,
        median_change=median,
        share_above=share,
        cutoff=cutoff,
        suppressed=shown_people is None or shown_paired is None,
        threshold=threshold,
    )


@dataclass(frozen=True)
class Quarter:
    label: str
    people: int | None  # None when suppressed
    median: Decimal | None


def cohort_quarters(
    organisation: Organisation,
    instrument: Instrument,
    *,
    start: date,
    end: date,
    site: Site | None = None,
    target: str = TOTAL,
) -> list[Quarter]:
    """Median score per calendar quarter (each person's latest in the quarter); small cells hidden."""
    zone = organisation.zone
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + relativedelta(days=1), time.min, tzinfo=zone)
    # Only the sites the person may see (accounts/sites.py): "All sites" means all of theirs.
    responses = within_sites(results_visible_to_staff(organisation)).filter(
        instrument_version__instrument=instrument, submitted_at__gte=since, submitted_at__lt=until
    )
    if site is not None:
        responses = responses.filter(site=site)
    scores = (
        Score.objects.filter(response__in=responses, target=target, value__isnull=False)
        .select_related("response")
        .order_by("response__submitted_at", "response_id")
    )
    by_quarter: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for item in scores:
        when = item.response.submitted_at.astimezone(zone)  # type: ignore[union-attr]
        label = f"{when.year} Q{(when.month - 1) // 3 + 1}"
        person = f"p{item.response.peer_id}" if item.response.peer_id else f"c{item.response.client_code}"
        assert item.value is not None
        by_quarter[label][person] = item.value
    threshold = organisation.small_cell_threshold
    found = []
    for label in sorted(by_quarter):
        values = list(by_quarter[label].values())
        shown = published_count(len(values), threshold)
        median = Decimal(str(statistics.median(values))).quantize(Decimal("0.01")) if shown else None
        found.append(Quarter(label=label, people=shown, median=median))
    return found


def _last_finished() -> Subquery:
    """When the schedule's person last finished its instrument (for annotating schedules)."""
    same_person = Q(peer__isnull=False, peer_id=OuterRef("peer_id")) | Q(
        peer__isnull=True, client_code=OuterRef("client_code")
    )
    return Subquery(
        AssessmentResponse.objects.filter(
            same_person,
            organisation_id=OuterRef("organisation_id"),
            instrument_version__instrument_id=OuterRef("instrument_id"),
            status=ResponseStatus.SUBMITTED,
        )
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )


def schedules_with_last(queryset: QuerySet[Schedule]) -> QuerySet[Schedule]:
    return queryset.annotate(last_finished=_last_finished())


def next_due(schedule: Schedule) -> date | None:
    """Baseline date until one is finished; then N months after the last finished one."""
    if not schedule.is_active:
        return None
    if not hasattr(schedule, "last_finished"):
        schedule = (
            schedules_with_last(Schedule.objects.filter(pk=schedule.pk)).select_related("organisation").get()
        )
    last = schedule.last_finished  # type: ignore[attr-defined]
    if last is None:
        return schedule.starts_on
    zone = schedule.organisation.zone
    return max(schedule.starts_on, last.astimezone(zone).date() + relativedelta(months=schedule.every_months))


@dataclass(frozen=True)
class Due:
    schedule: Schedule
    due_on: date
    overdue: bool

    @property
    def instrument_name(self) -> str:
        version = current_version(self.schedule.instrument)
        if version is None:
            return self.schedule.instrument.key
        return version.as_definition().name(get_language() or "en", self.schedule.organisation.language)


def due_list(organisation: Organisation, today: date, *, within_days: int = 14) -> list[Due]:
    """Schedules due by ``today + within_days``, soonest first."""
    found = []
    schedules = schedules_with_last(
        Schedule.objects.filter(organisation=organisation, is_active=True).select_related(
            "peer", "instrument", "site", "organisation"
        )
    ).prefetch_related("instrument__versions")
    for schedule in schedules:
        due = next_due(schedule)
        if due is not None and (due - today).days <= within_days:
            found.append(Due(schedule=schedule, due_on=due, overdue=due < today))
    return sorted(found, key=lambda d: (d.due_on, d.schedule.pk))


def due_for_peer(peer: PeerWorker, today: date) -> list[Due]:
    found = []
    schedules = schedules_with_last(
        Schedule.objects.filter(peer=peer, is_active=True).select_related("instrument", "organisation")
    ).prefetch_related("instrument__versions")  # each one's name, without a query per schedule
    for schedule in schedules:
        due = next_due(schedule)
        if due is not None and due <= today:
            found.append(Due(schedule=schedule, due_on=due, overdue=due < today))
    return found
