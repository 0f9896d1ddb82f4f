"""Role fit: what the job description says a role does against what the shift actually held.

For each worked shift (an Assignment with a check-in and a check-out) over the last four weeks,
its hours are split evenly among what was recorded for it: each described duty the peer ticked is
one part "described duties"; each thing outside the description (a ticked item that is not one of
the role's duties, or the "other work" text) is one part "other work"; and each kind of service
the peer logged on the shift (sharps, supplies, referrals, an overdose response...) is one part,
described when one of the role's duties names it, other work when none does. So a Mailing shift
with sharps logged is not all mailing. Other apps add their own recorded work through
``support.hooks.logged_work`` (one-to-one sessions held that day: support registers casework's). A shift with
nothing recorded counts as "not recorded" and is left out of the shares.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.utils.translation import gettext as _

from peerwork.accounts.sites import sites_visible, within_sites
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.services.models import EntryKind, OverdoseResponse, ServiceEntry
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, span_hours

from ..hooks import logged_work

WINDOW_DAYS = 28
DRIFT_SHARE = Decimal("0.25")  # a quarter or more of the reported time outside the description
MAX_EXAMPLES = 5
ZERO = Decimal("0")


@dataclass
class RoleFit:
    role: Role
    peer: PeerWorker | None = None
    shifts: int = 0
    hours_duties: Decimal = ZERO
    hours_other: Decimal = ZERO
    hours_unrecorded: Decimal = ZERO
    examples: list[str] = field(default_factory=list)
    # What was logged in services on these shifts: (label, count), e.g. ("Sharps recovered", 40).
    logged: list[tuple[str, int]] = field(default_factory=list)
    # The peers' own view, from the role checks the viewer may read: how many, and their mean share (%).
    peer_checks: int = 0
    peer_percent: int | None = None

    @property
    def hours_recorded(self) -> Decimal:
        return self.hours_duties + self.hours_other

    @property
    def share_duties(self) -> Decimal | None:
        if not self.hours_recorded:
            return None
        return (self.hours_duties / self.hours_recorded).quantize(Decimal("0.01"))

    @property
    def share_other(self) -> Decimal | None:
        share = self.share_duties
        return None if share is None else Decimal("1") - share

    @property
    def percent_duties(self) -> int | None:
        share = self.share_duties
        return None if share is None else int((share * 100).to_integral_value())

    @property
    def percent_other(self) -> int | None:
        percent = self.percent_duties
        return None if percent is None else 100 - percent

    @property
    def drifting(self) -> bool:
        share = self.share_other
        return share is not None and share >= DRIFT_SHARE

    def add_example(self, text: str) -> None:
        text = text.strip()
        if text and text not in self.examples and len(self.examples) < MAX_EXAMPLES:
            self.examples.append(text)


OVERDOSE = "overdose"
# Words by which a duty names a kind of service, in the five languages (stems, matched in lower case).
SERVICE_WORDS: dict[str, tuple[str, ...]] = {
    "sharps": ("sharps", "needle", "syringe", "seringue", "aiguille", "sprøyte", "spritze", "nadel", "naald"),
    "supplies": (
        "suppl",
        "kit",
        "hand out",
        "container",
        "matériel",
        "fourniture",
        "distribu",
        "utstyr",
        "dele ut",
        "material",
        "verteil",
        "materiaal",
        "uitdel",
    ),
    "contact": (
        "contact",
        "talk",
        "outreach",
        "welcome",
        "people",
        "person",
        "newcomer",
        "one-to-one",
        "accompany",
        "accueil",
        "personne",
        "gens",
        "kontakt",
        "snakk",
        "folk",
        "gespräch",
        "mensch",
        "gesprek",
        "mensen",
    ),
    "referral": ("refer", "orient", "henvis", "vermittl", "verwijz"),
    "naloxone_training": ("naloxone", "nalokson", "naloxon"),
    OVERDOSE: ("overdose", "surdose", "overdos", "überdosis", "naloxone", "nalokson", "naloxon"),
}


def described_by(duties: list[str], kind: str) -> bool:
    """Whether one of the role's duties names this kind of logged work (a service kind or any label)."""
    words = SERVICE_WORDS.get(kind) or (kind.casefold(),)
    text = " ".join(duties).casefold()
    return any(word in text for word in words)


def _described(role: Role) -> list[str]:
    duties = role.duties if isinstance(role.duties, list) else []
    return [str(duty).strip() for duty in duties if str(duty).strip()]


def _reported(
    assignment: _Worked, described: list[str], logged: dict[str, str] | None = None
) -> tuple[int, list[str]]:
    """(how many parts went on described work, the things outside the description).

    ``logged`` is the work recorded on the shift by the peer, {kind: label}: one part each.
    """
    ticked = 0
    outside: list[str] = []
    done = assignment.duties_done if isinstance(assignment.duties_done, list) else []
    lowered = {duty.casefold() for duty in described}
    for item in done:
        if (isinstance(item, int) and 0 <= item < len(described)) or (
            isinstance(item, str) and item.strip().casefold() in lowered
        ):
            ticked += 1
        elif isinstance(item, str) and item.strip():
            outside.append(item.strip())
    if assignment.other_work.strip():
        outside.append(assignment.other_work.strip())
    for kind, label in (logged or {}).items():
        if described_by(described, kind):
            ticked += 1
        else:
            outside.append(label)
    return ticked, outside


def _logged_kinds(assignments: list[_Worked]) -> dict[tuple[int, int], dict[str, str]]:
    """{(shift_id, peer_id): {kind: label}}: the kinds of work each peer logged on each worked shift."""
    shift_ids = {assignment.shift_id for assignment in assignments}
    found: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    labels = dict(EntryKind.choices)
    entries = (
        ServiceEntry.objects.filter(shift_id__in=shift_ids, peer__isnull=False)
        .values_list("shift_id", "peer_id", "kind")
        .distinct()
    )
    for shift_id, peer_id, kind in entries:
        found[(shift_id, peer_id)][kind] = str(labels.get(kind, kind))
    responders = (
        OverdoseResponse.objects.filter(shift_id__in=shift_ids, responders__isnull=False)
        .values_list("shift_id", "responders")
        .distinct()
    )
    for shift_id, peer_id in responders:
        found[(shift_id, peer_id)][OVERDOSE] = str(_("Overdose responses"))
    for _key, provider in logged_work.items():
        for key, kinds in provider(shift_ids).items():
            for kind in kinds:
                found[key][kind] = kind
    return found


@dataclass(frozen=True)
class _Worked:
    """One completed shift as role fit weighs it (read as plain values: a month is thousands of rows)."""

    shift_id: int
    peer_id: int
    role_id: int
    duties_done: Any
    other_work: str
    hours_worked: Decimal


def _assignments(
    organisation: Organisation, today: date, peer: PeerWorker | None = None, role: Role | None = None
) -> list[_Worked]:
    zone = organisation.zone
    start = datetime.combine(today - timedelta(days=WINDOW_DAYS - 1), time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    # A site-limited supervisor weighs only the shifts of their own sites (accounts/sites.py).
    queryset = within_sites(
        Assignment.objects.filter(
            organisation=organisation,
            status=AssignmentStatus.COMPLETED,
            checked_in_at__isnull=False,
            checked_out_at__isnull=False,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
        )
    )
    if peer is not None:
        queryset = queryset.filter(peer=peer)
    if role is not None:
        queryset = queryset.filter(shift__role=role)
    span = ExpressionWrapper(F("checked_out_at") - F("checked_in_at"), output_field=DurationField())
    rows = (
        queryset.annotate(span=span)
        .order_by("-shift__starts_at", "-id")
        .values_list("shift_id", "peer_id", "shift__role_id", "duties_done", "other_work", "span")
    )
    return [
        _Worked(shift_id, peer_id, role_id, done, other, span_hours(span))
        for shift_id, peer_id, role_id, done, other, span in rows
    ]


def _add(fit: RoleFit, hours: Decimal, ticked: int, outside: list[str]) -> None:
    fit.shifts += 1
    parts = ticked + len(outside)
    if parts == 0:
        fit.hours_unrecorded += hours
        return
    duty_hours = (hours * ticked / parts).quantize(Decimal("0.01"))
    fit.hours_duties += duty_hours
    fit.hours_other += hours - duty_hours
    for text in outside:
        fit.add_example(text)


def _logged(
    assignments: list[_Worked], *, per_peer: bool
) -> dict[tuple[int, int | None], list[tuple[str, int]]]:
    """Services logged on the worked shifts, keyed by (role, peer or None): what the day held."""
    shift_ids = {assignment.shift_id for assignment in assignments}
    counts: dict[tuple[int, int | None], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels = dict(EntryKind.choices)
    entries = (
        ServiceEntry.objects.filter(shift_id__in=shift_ids)
        .values("shift__role_id", "peer_id", "kind")
        .annotate(total=Sum("quantity"))
    )
    for row in entries:
        key = (row["shift__role_id"], row["peer_id"] if per_peer else None)
        counts[key][str(labels.get(row["kind"], row["kind"]))] += row["total"] or 0
    group_by = ("shift__role_id", "responders") if per_peer else ("shift__role_id",)
    overdoses = (
        OverdoseResponse.objects.filter(shift_id__in=shift_ids)
        .values(*group_by)
        .annotate(total=Count("id", distinct=True))
    )
    for row in overdoses:
        key = (row["shift__role_id"], row.get("responders") if per_peer else None)
        counts[key][str(_("Overdose responses"))] += row["total"] or 0
    return {
        key: sorted(((label, total) for label, total in found.items() if total), key=lambda pair: -pair[1])
        for key, found in counts.items()
    }


def role_fit_by_role(organisation: Organisation, today: date, *, role: Role | None = None) -> list[RoleFit]:
    """One row per role worked in the last four weeks, most drift first."""
    fits: dict[int, RoleFit] = {}
    assignments = _assignments(organisation, today, role=role)
    roles = Role.objects.in_bulk({worked.role_id for worked in assignments})
    kinds = _logged_kinds(assignments)
    for worked in assignments:
        shift_role = roles[worked.role_id]
        fit = fits.setdefault(shift_role.pk, RoleFit(role=shift_role))
        ticked, outside = _reported(
            worked, _described(shift_role), kinds.get((worked.shift_id, worked.peer_id))
        )
        _add(fit, worked.hours_worked, ticked, outside)
    logged = _logged(assignments, per_peer=False)
    for role_id, fit in fits.items():
        fit.logged = logged.get((role_id, None), [])
    return sorted(fits.values(), key=lambda fit: (-(fit.share_other or 0), fit.role.name))


def role_fit_by_peer(
    organisation: Organisation, today: date, *, peer: PeerWorker | None = None, role: Role | None = None
) -> list[RoleFit]:
    """One row per (peer, role) pair worked in the last four weeks."""
    fits: dict[tuple[int, int], RoleFit] = {}
    assignments = _assignments(organisation, today, peer, role)
    roles = Role.objects.in_bulk({worked.role_id for worked in assignments})
    peers = PeerWorker.objects.in_bulk({worked.peer_id for worked in assignments})
    kinds = _logged_kinds(assignments)
    for worked in assignments:
        shift_role = roles[worked.role_id]
        fit = fits.setdefault(
            (worked.peer_id, shift_role.pk), RoleFit(role=shift_role, peer=peers[worked.peer_id])
        )
        ticked, outside = _reported(
            worked, _described(shift_role), kinds.get((worked.shift_id, worked.peer_id))
        )
        _add(fit, worked.hours_worked, ticked, outside)
    logged = _logged(assignments, per_peer=True)
    for (peer_id, role_id), fit in fits.items():
        fit.logged = logged.get((role_id, peer_id), [])
    return sorted(
        fits.values(),
        key=lambda fit: (fit.role.name, -(fit.share_other or 0), fit.peer.preferred_name if fit.peer else ""),
    )


def role_duties(role: Role) -> list[str]:
    return _described(role)


def hours_by_week(peer_ids: list[int], organisation: Organisation, today: date) -> dict[int, list[Decimal]]:
    """Hours worked per peer in each of the last five 7-day windows, oldest first (index 4 = last 7 days)."""
    zone = organisation.zone
    start = datetime.combine(today - timedelta(days=34), time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    weeks: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO] * 5)
    rows = Assignment.objects.filter(
        organisation=organisation,
        peer_id__in=peer_ids,
        status=AssignmentStatus.COMPLETED,
        checked_in_at__gte=start,
        checked_in_at__lt=end,
        checked_out_at__isnull=False,
    ).only("peer_id", "checked_in_at", "checked_out_at")
    for assignment in rows:
        day = assignment.checked_in_at.astimezone(zone).date()  # type: ignore[union-attr]
        index = 4 - (today - day).days // 7
        if 0 <= index <= 4:
            weeks[assignment.peer_id][index] += assignment.hours_worked
    return dict(weeks)


DRIFT_CACHE_SECONDS = 600


def drifting_roles(organisation: Organisation, today: date) -> list[Role]:
    """The roles whose last four weeks drift from their description, for the dashboard's alert.

    Weighing them reads every completed shift of four weeks (tens of thousands of rows in a big
    programme) and the answer moves slowly, so it is kept for ten minutes per organisation, day and
    set of sites the person may see. The role-fit pages themselves always weigh afresh.
    """
    scope = ",".join(str(pk) for pk in sorted(sites_visible(organisation).values_list("pk", flat=True)))
    key = f"rolefit:drifting:{organisation.pk}:{today.isoformat()}:{scope}"
    role_ids = cache.get(key)
    if role_ids is None:
        role_ids = [fit.role.pk for fit in role_fit_by_role(organisation, today) if fit.drifting]
        cache.set(key, role_ids, DRIFT_CACHE_SECONDS)
    roles = Role.objects.in_bulk(role_ids)
    return [roles[pk] for pk in role_ids if pk in roles]
