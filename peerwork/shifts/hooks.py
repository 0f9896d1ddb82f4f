"""What allocation and check-out need from the Pay app, without importing it.

* ``earnings_headroom(organisation, peer_ids, week_start)`` — {peer_id: Decimal headroom left for the
  week, or None for no limit}. Pay registers the real rule-based figure; until then: no limit.
* ``weekly_hours_limit(organisation, peer_ids, week_start)`` — {peer_id: the most hours a benefit rule
  allows the peer in the week (Decimal), or None}. Pay registers it; until then: no limit.
* ``shift_earnings(shift, peer)`` — what working ``shift`` would pay ``peer`` (Decimal); fallback 0.
* ``assignment_checked_out`` — callables run (on commit) after a peer checks out, e.g. Pay creating
  the pending payout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from peerwork.core.registry import Collection, Hook
from peerwork.orgs.models import Organisation


def _no_limit(
    organisation: Organisation, peer_ids: Iterable[int], week_start: date
) -> dict[int, Decimal | None]:
    return dict.fromkeys(peer_ids)


def _no_pay(shift: Any, peer: Any) -> Decimal:
    return Decimal("0")


earnings_headroom: Hook[Callable[[Organisation, Iterable[int], date], dict[int, Decimal | None]]] = Hook(
    "shifts.earnings_headroom", _no_limit
)
weekly_hours_limit: Hook[Callable[[Organisation, Iterable[int], date], dict[int, Decimal | None]]] = Hook(
    "shifts.weekly_hours_limit", _no_limit
)
shift_earnings: Hook[Callable[[Any, Any], Decimal]] = Hook("shifts.shift_earnings", _no_pay)
assignment_checked_out: Collection[Callable[[Any], None]] = Collection("shifts.assignment_checked_out")
