"""Next-stage work on the ladder, stage by stage, and the honest momentum signal built on it.

A peer at a stage is *stuck* when they asked for next-stage work (a shift of a role that develops
the stage above theirs) and held none in the policy's window, or when the next-stage places in that
window fall below the policy's line per peer at their stage: then every peer there is stuck.
The window is the ``stuck_weeks`` weeks up to the end of next week, so places a coordinator has
just put on next week's rota count at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwork.accounts.models import User
from peerwork.accounts.sites import within_sites
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerPosition, Stage
from peerwork.peers.models import PeerStatus

from .models import Assignment, Role, Shift, ShiftStatus, SignUp
from .selectors import HOLDING, day_bounds, monday_of, policy_for

WAITING, STARVED = "waiting", "starved"


def develops_check(
    *, organisation: Organisation, min_stage: Stage | None, develops_stage: Stage | None
) -> None:
    """A stretch role develops a stage above its own lowest stage, and never the first stage."""
    if develops_stage is None:
        return
    if develops_stage.organisation_id != organisation.pk:
        raise ValidationError({"develops_stage": _("Choose a stage of your own ladder.")})
    lowest = Stage.objects.filter(organisation=organisation).order_by("order").values_list("order", flat=True)
    if develops_stage.order <= (lowest.first() or 0):
        raise ValidationError(
            {"develops_stage": _("The first stage has no stage below it, so no work can lead up to it.")}
        )
    if min_stage is not None and develops_stage.order <= min_stage.order:
        raise ValidationError(
            {
                "develops_stage": _(
                    "Next-stage work must develop a stage above the role's lowest stage (%(lowest)s). "
                    "Choose a higher stage, or a lower lowest stage."
                )
                % {"lowest": min_stage.name}
            }
        )


@transaction.atomic
def role_develops_set(*, role: Role, develops_stage: Stage | None, by: User | None) -> Role:
    """Make ``role`` next-stage work for ``develops_stage`` (None: ordinary work again)."""
    develops_check(organisation=role.organisation, min_stage=role.min_stage, develops_stage=develops_stage)
    role.develops_stage = develops_stage
    role.save(update_fields=["develops_stage"])
    audit_record(
        action="role_saved",
        actor=by,
        organisation=role.organisation,
        obj=role,
        develops_stage=develops_stage.name if develops_stage else "",
    )
    return role


@dataclass
class StageWork:
    """One stage of the ladder in the window: its peers, its places and who is stuck there."""

    stage: Stage
    next_stage: Stage | None
    peers: int = 0  # active peers at the stage
    places: int = 0  # places on ordinary shifts whose lowest stage is this one
    next_places: int = 0  # places on shifts of roles that develop the next stage
    developed: bool = False  # some role of the organisation develops the next stage
    asked: int = 0  # peers here who asked for next-stage work in the window
    waiting: set[int] = field(default_factory=set)  # asked and held none
    starved_peers: set[int] = field(default_factory=set)  # here while places per peer are below the line

    @property
    def stuck(self) -> int:
        return len(self.waiting | self.starved_peers)

    @property
    def per_peer(self) -> float | None:
        return self.next_places / self.peers if self.peers and self.next_stage else None

    @property
    def starved(self) -> bool:
        """Peers here whose way up has too few places (every one of them counts as stuck)."""
        return bool(self.starved_peers)


@dataclass
class LadderWork:
    organisation: Organisation
    first: date
    last: date  # inclusive
    weeks: int
    line: Decimal
    stages: list[StageWork]

    @property
    def stuck(self) -> int:
        return sum(s.stuck for s in self.stages)

    @property
    def line_text(self) -> str:
        return f"{self.line.normalize():f}"

    @property
    def starved(self) -> list[StageWork]:
        return [s for s in self.stages if s.starved]

    @property
    def without_places(self) -> list[StageWork]:
        """Stages with peers at them or just below that no shift is open to: ordinary places whose
        lowest stage is this one, or next-stage places that develop it. A goal is never met then."""
        out = []
        for i, row in enumerate(self.stages):
            below = self.stages[i - 1] if i else None
            peers = row.peers + (below.peers if below else 0)
            into = below.next_places if below else 0
            if peers and i and not row.places and not into:
                out.append(row)
        return out

    def table(self, shown: Callable[[int], object] = int) -> list[dict[str, object]]:
        """Rows for the pages; ``shown`` publishes counts of people (small-cell rules on the dashboard)."""
        empty = {row.stage.pk for row in self.without_places}
        return [
            {
                "stage": row.stage.name,
                "next": row.next_stage.name if row.next_stage else "",
                "peers": shown(row.peers),
                "places": row.places,
                "next_places": row.next_places if row.next_stage else None,
                "per_peer": None if row.per_peer is None else f"{row.per_peer:.2f}",
                "asked": shown(row.asked),
                "stuck": shown(row.stuck),
                "starved": row.starved,
                "no_places": row.stage.pk in empty,
            }
            for row in self.stages
        ]

    def alerts(self, shown: Callable[[int], object] = int) -> list[str]:
        """One sentence per stage with stuck peers, naming the stage and the numbers."""
        out = []
        for row in self.stages:
            if not row.stuck or row.next_stage is None:
                continue
            if row.starved:
                text = ngettext(
                    "%(stage)s: %(count)s peer, %(places)s %(next)s places in %(weeks)s weeks "
                    "(below %(line)s a peer), so they are stuck.",
                    "%(stage)s: %(count)s peers, %(places)s %(next)s places in %(weeks)s weeks "
                    "(below %(line)s a peer), so they are stuck.",
                    row.peers,
                )
                count = row.peers
            else:
                text = ngettext(
                    "%(stage)s: %(count)s peer asked for %(next)s work and had none in %(weeks)s weeks "
                    "(%(places)s places).",
                    "%(stage)s: %(count)s peers asked for %(next)s work and had none in %(weeks)s weeks "
                    "(%(places)s places).",
                    len(row.waiting),
                )
                count = len(row.waiting)
            out.append(
                text
                % {
                    "count": shown(count),
                    "stage": row.stage.name,
                    "next": row.next_stage.name,
                    "places": row.next_places,
                    "weeks": self.weeks,
                    "line": self.line_text,
                }
            )
        return out


def window_of(organisation: Organisation, on: date, weeks: int) -> tuple[date, date]:
    """The ``weeks`` weeks up to the end of next week (first and last day, inclusive)."""
    end = monday_of(on) + timedelta(days=13)
    return end - timedelta(weeks=weeks) + timedelta(days=1), end


def ladder_work(organisation: Organisation, on: date) -> LadderWork:
    """Per stage: peers, places, next-stage places, asks and stuck peers (both reasons)."""
    policy = policy_for(organisation)
    weeks = policy.stuck_weeks
    first, last = window_of(organisation, on, weeks)
    start, end = day_bounds(organisation, first, (last - first).days + 1)
    stages = list(Stage.objects.filter(organisation=organisation).order_by("order"))
    rows = [
        StageWork(stage=s, next_stage=stages[i + 1] if i + 1 < len(stages) else None)
        for i, s in enumerate(stages)
    ]
    by_order = {row.stage.order: row for row in rows}
    developed = set(
        Role.objects.filter(organisation=organisation, develops_stage__isnull=False).values_list(
            "develops_stage__order", flat=True
        )
    )
    shifts = within_sites(
        Shift.objects.filter(organisation=organisation, starts_at__gte=start, starts_at__lt=end)
    )
    # Only shifts peers can see are places: a coordinator's draft must not clear the alert.
    shifts = shifts.exclude(status__in=(ShiftStatus.DRAFT, ShiftStatus.CANCELLED))
    lowest = stages[0].order if stages else 0
    for min_order, develops, slots in shifts.values_list(
        "role__min_stage__order", "role__develops_stage__order"
    ).annotate(total=Sum("slots")):
        if develops is not None:
            if develops - 1 in by_order:
                by_order[develops - 1].next_places += slots
        elif (min_order or lowest) in by_order:
            by_order[min_order or lowest].places += slots
    positions = {
        peer_id: (order, since)
        for peer_id, order, since in PeerPosition.objects.filter(
            peer__organisation=organisation, peer__status=PeerStatus.ACTIVE
        ).values_list("peer_id", "stage__order", "since")
    }
    for order, _since in positions.values():
        if order in by_order:
            by_order[order].peers += 1
    # A next-stage request or place: the shift's role develops the stage just above the peer's.
    stretch = Q(shift__role__develops_stage__isnull=False) & Q(
        shift__starts_at__gte=start, shift__starts_at__lt=end
    )
    asks = within_sites(SignUp.objects.filter(stretch, organisation=organisation, withdrawn_at__isnull=True))
    held = within_sites(Assignment.objects.filter(stretch, organisation=organisation, status__in=HOLDING))
    asked: dict[int, set[int]] = {}
    for peer_id, develops in asks.values_list("peer_id", "shift__role__develops_stage__order"):
        if peer_id in positions and positions[peer_id][0] == develops - 1:
            asked.setdefault(develops - 1, set()).add(peer_id)
    got = {
        peer_id
        for peer_id, develops in held.values_list("peer_id", "shift__role__develops_stage__order")
        if peer_id in positions and positions[peer_id][0] == develops - 1
    }
    for row in rows:
        row.developed = row.next_stage is not None and row.next_stage.order in developed
        mine = asked.get(row.stage.order, set())
        row.asked = len(mine)
        # Asked, held no next-stage place, and at this stage since before the window began.
        row.waiting = {p for p in mine if p not in got and positions[p][1] <= first}
        judged = row.next_stage is not None and (row.developed or not row.places)
        if judged and row.peers and Decimal(row.next_places) < policy.stuck_places_per_peer * row.peers:
            row.starved_peers = {p for p, (order, _s) in positions.items() if order == row.stage.order}
    return LadderWork(
        organisation=organisation,
        first=first,
        last=last,
        weeks=weeks,
        line=policy.stuck_places_per_peer,
        stages=rows,
    )
