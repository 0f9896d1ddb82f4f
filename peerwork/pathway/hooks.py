"""Counts the ladder needs from higher apps. Until an app registers, the fallback applies.

* ``hours_worked(peer, until)`` — hours actually worked up to ``until`` (shifts registers).
* ``supervision_hours(peer, until)`` — supervision hours received (support registers).
* ``last_shift_dates(organisation, peer_ids)`` — {peer_id: date of last worked shift} (shifts registers).
* ``next_stage_opportunities(peer, stage, since)`` — shifts at ``stage`` or above offered to or worked
  by the peer since ``since`` (shifts registers; insights uses it for "stalled" peers).
* ``hours_worked_many`` / ``supervision_hours_many(organisation, peers, until)`` — {peer_id: hours} for
  list pages; register them for a constant number of queries (fallback: the one-peer hooks, per peer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal

from peerwork.core.registry import Hook
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
