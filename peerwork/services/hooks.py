"""What services tells higher apps, without importing them.

* ``overdose_response_recorded`` — callables run on commit for every overdose response saved,
  whether entered on the page, synced from a device or imported; each gets the saved
  ``OverdoseResponse`` (its ``responders`` are set). Support registers one that offers each
  responder a debrief.
* ``debrief_states(organisation, response_ids)`` — {(response_id, peer_id): DebriefState} for the
  responders of those responses, in a constant number of queries. Support registers it; until
  then nobody has a debrief to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from peerwork.core.registry import Collection, Hook
from peerwork.orgs.models import Organisation

from .models import OverdoseResponse

overdose_response_recorded: Collection[Callable[[OverdoseResponse], None]] = Collection(
    "services.overdose_response_recorded"
)


@dataclass(frozen=True)
class DebriefState:
    """Where one responder's debrief stands: offered, held, declined or overdue, and who follows up."""

    state: str
    label: str
    follow_up: str  # the supervisor the debrief is assigned to; "" when nobody is


def _no_debriefs(
    organisation: Organisation, response_ids: Iterable[int]
) -> dict[tuple[int, int], DebriefState]:
    return {}


debrief_states: Hook[Callable[[Organisation, Iterable[int]], dict[tuple[int, int], DebriefState]]] = Hook(
    "services.debrief_states", _no_debriefs
)


def _unpaid(response: OverdoseResponse) -> list[str]:
    return []


# ``offshift_response_paid(response)`` — run inside the transaction that saves an overdose response
# made off shift; pays each responder the organisation's honorarium when the earnings rules allow
# and returns one plain line per responder saying what happened. Support wires it to pay; until
# then nobody is paid.
offshift_response_paid: Hook[Callable[[OverdoseResponse], list[str]]] = Hook(
    "services.offshift_response_paid", _unpaid
)
