"""What allocation and check-out need from the Pay app, without importing it.

* ``earnings_headroom(organisation, peer_ids, week_start)`` — {peer_id: Decimal headroom left for the
  week, or None for no limit}. Pay registers the real rule-based figure; until then: no limit.
* ``weekly_hours_limit(organisation, peer_ids, week_start)`` — {peer_id: the most hours a benefit rule
  allows the peer in the week (Decimal), or None}. Pay registers it; until then: no limit.
* ``earnings_limits(organisation, peer_ids, week_start)`` — {peer_id: {"rule": name, "period": "month"...}}
  for peers whose benefit rule limits the week (and who have not chosen to go over it); reasons name
  the rule and speak its period. Pay registers it; until then: nothing.
* ``shift_earnings(shift, peer)`` — what working ``shift`` would pay ``peer`` (Decimal); fallback 0.
* ``service_log_url(shift)`` — where a checked-in peer logs the services of ``shift`` (a URL), or None
  when no app records services. Services registers it; the peer's card links to it.
* ``contract_limit_warning(contract)`` — a sentence when the contract's pay would take its peer past their
  benefit earnings limit (or hours limit), else None. Pay registers it; until then: None.
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


def _no_rules(
    organisation: Organisation, peer_ids: Iterable[int], week_start: date
) -> dict[int, dict[str, str]]:
    return {}


def _no_pay(shift: Any, peer: Any) -> Decimal:
    return Decimal("0")


earnings_headroom: Hook[Callable[[Organisation, Iterable[int], date], dict[int, Decimal | None]]] = Hook(
    "shifts.earnings_headroom", _no_limit
)
weekly_hours_limit: Hook[Callable[[Organisation, Iterable[int], date], dict[int, Decimal | None]]] = Hook(
    "shifts.weekly_hours_limit", _no_limit
)
earnings_limits: Hook[Callable[[Organisation, Iterable[int], date], dict[int, dict[str, str]]]] = Hook(
    "shifts.earnings_limits", _no_rules
)
shift_earnings: Hook[Callable[[Any, Any], Decimal]] = Hook("shifts.shift_earnings", _no_pay)


def _no_log(shift: Any) -> str | None:
    return None


service_log_url: Hook[Callable[[Any], str | None]] = Hook("shifts.service_log_url", _no_log)
assignment_checked_out: Collection[Callable[[Any], None]] = Collection("shifts.assignment_checked_out")


def _no_warning(contract: Any) -> str | None:
    return None


contract_limit_warning: Hook[Callable[[Any], str | None]] = Hook("shifts.contract_limit_warning", _no_warning)
