"""Counts the ladder needs from higher apps. Until an app registers, the fallback applies.

* ``hours_worked(peer, until)`` — hours actually worked up to ``until`` (shifts registers).
* ``supervision_hours(peer, until)`` — supervision hours received (support registers).
* ``last_shift_dates(organisation, peer_ids)`` — {peer_id: date of last worked shift} (shifts registers).
* ``next_stage_opportunities(peer, stage, since)`` — shifts at ``stage`` or above offered to or worked
  by the peer since ``since`` (shifts registers it).
* ``hours_worked_many`` / ``supervision_hours_many(organisation, peers, until)`` — {peer_id: hours} for
  list pages; register them for a constant number of queries (fallback: the one-peer hooks, per peer).
* ``more_hours_many`` — a collection: other work that counts as hours on the ladder, each
  ``(organisation, peers, until) -> {peer_id: hours}`` (casework registers one-to-one sessions).
* ``goals_achieved_many(organisation, peers, until)`` — {peer_id: learning goals achieved up to ``until``}
  (growth registers; fallback: none). ``goals_achieved(peer, until)`` asks it for one peer.
* ``competence_needs(organisation)`` — {stage_id: [CompetenceNeed]}: the competence steps a stage requires
  (growth registers; fallback: none, so no stage asks for a competence).
* ``competence_levels_many(organisation, peers, until)`` — {peer_id: {competence_id: step}}, the step the
  supervisor last rated (growth registers). ``competence_levels(peer, until)`` asks it for one peer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peerwork.core.registry import Collection, Hook
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker


def _no_hours(peer: PeerWorker, until: date) -> Decimal:
    return Decimal("0")


def _no_dates(organisation: Organisation, peer_ids: Iterable[int]) -> dict[int, date]:
    return {}


def _no_opportunities(peer: PeerWorker, stage: object, since: date) -> int:
    return 0


hours_worked: Hook[Callable[[PeerWorker, date], Decimal]] = Hook("pathway.hours_worked", _no_hours)
supervision_hours: Hook[Callable[[PeerWorker, date], Decimal]] = Hook("pathway.supervision_hours", _no_hours)
last_shift_dates: Hook[Callable[[Organisation, Iterable[int]], dict[int, date]]] = Hook(
    "pathway.last_shift_dates", _no_dates
)
next_stage_opportunities: Hook[Callable[[PeerWorker, object, date], int]] = Hook(
    "pathway.next_stage_opportunities", _no_opportunities
)


def _hours_one_by_one(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, Decimal]:
    return {peer.pk: Decimal(hours_worked(peer, until)) for peer in peers}


def _supervision_one_by_one(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, Decimal]:
    return {peer.pk: Decimal(supervision_hours(peer, until)) for peer in peers}


# Bulk forms for list pages: {peer_id: hours}. Register these to keep the people list at a constant
# number of queries; until then they ask the one-peer hooks above for each peer.
hours_worked_many: Hook[Callable[[Organisation, Sequence[PeerWorker], date], dict[int, Decimal]]] = Hook(
    "pathway.hours_worked_many", _hours_one_by_one
)
supervision_hours_many: Hook[Callable[[Organisation, Sequence[PeerWorker], date], dict[int, Decimal]]] = Hook(
    "pathway.supervision_hours_many", _supervision_one_by_one
)

# Other work that counts towards the hours criterion, added to the shifts' hours: every registered
# callable gives {peer_id: hours} up to ``until`` in a constant number of queries.
more_hours_many: Collection[Callable[[Organisation, Sequence[PeerWorker], date], dict[int, Decimal]]] = (
    Collection("pathway.more_hours_many")
)


def hours_with_more_many(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, Decimal]:
    """Shift hours plus every other registered kind of work, {peer_id: hours}."""
    hours = {pk: Decimal(h) for pk, h in hours_worked_many(organisation, peers, until).items()}
    for more in more_hours_many:
        for pk, extra in more(organisation, peers, until).items():
            hours[pk] = hours.get(pk, Decimal("0")) + Decimal(extra)
    return hours


def _ninety_days(organisation: Organisation) -> int:
    return 90


# How many days a peer counts as new (shifts registers its policy's ``new_peer_days``): the
# Mentoring page lists new peers still without a mentor.
new_peer_days: Hook[Callable[[Organisation], int]] = Hook("pathway.new_peer_days", _ninety_days)


@dataclass(frozen=True)
class CompetenceNeed:
    """A stage's requirement: ``name`` rated at step ``level`` (of ``steps``) or above."""

    competence_id: int
    name: str
    level: int
    steps: int


def _no_goals(organisation: Organisation, peers: Sequence[PeerWorker], until: date) -> dict[int, int]:
    return {}


def _no_needs(organisation: Organisation) -> dict[int, list[CompetenceNeed]]:
    return {}


def _no_levels(
    organisation: Organisation, peers: Sequence[PeerWorker], until: date
) -> dict[int, dict[int, int]]:
    return {}


goals_achieved_many: Hook[Callable[[Organisation, Sequence[PeerWorker], date], dict[int, int]]] = Hook(
    "pathway.goals_achieved_many", _no_goals
)
competence_needs: Hook[Callable[[Organisation], dict[int, list[CompetenceNeed]]]] = Hook(
    "pathway.competence_needs", _no_needs
)
competence_levels_many: Hook[
    Callable[[Organisation, Sequence[PeerWorker], date], dict[int, dict[int, int]]]
] = Hook("pathway.competence_levels_many", _no_levels)


def goals_achieved(peer: PeerWorker, until: date) -> int:
    """Learning goals the peer achieved up to ``until`` (0 until growth registers)."""
    return int(goals_achieved_many(peer.organisation, [peer], until).get(peer.pk, 0))


def competence_levels(peer: PeerWorker, until: date) -> dict[int, int]:
    """{competence_id: step} as the supervisor last rated it up to ``until`` ({} until growth registers)."""
    return dict(competence_levels_many(peer.organisation, [peer], until).get(peer.pk, {}))
