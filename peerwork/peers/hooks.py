"""Extension points higher apps fill in, so the peer's own pages can show their data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar, cast

from django.db.models.expressions import BaseExpression
from django.http import HttpRequest

from peerwork.core.registry import Collection, Hook
from peerwork.orgs.models import Organisation

from .models import PeerWorker

T = TypeVar("T")


class PeerPage:
    """One peer's page being put together (My work, or the staff page of one peer): what each of its
    panels is given. What several panels read (the peer's stage, their pairings...) is read once for
    the page, through ``shared``."""

    def __init__(self, request: HttpRequest, peer: PeerWorker) -> None:
        self.request = request
        self.peer = peer
        self.organisation = peer.organisation
        self.today = self.organisation.today()
        self._shared: dict[Callable[[PeerPage], Any], Any] = {}

    def shared(self, read: Callable[[PeerPage], T]) -> T:
        """``read(self)``, worked out for the first panel that asks and kept for the others."""
        if read not in self._shared:
            self._shared[read] = read(self)
        return cast(T, self._shared[read])


# A panel on the peer's "My work" page (kiosk and phone). Each callable returns
# {"template": "<app>/mywork_<x>.html", "context": {...}} or None when it has nothing to show.
# The page renders the template with ``{"peer": peer, **context}`` and the request, in ``order``;
# the ladder (order 1) and training (order 2) come first.
MyWorkPanel = Callable[[PeerPage], dict[str, Any] | None]
mywork_panels: Collection[MyWorkPanel] = Collection("my work panels")

# A section on the staff page of one peer (e.g. shifts, pay, support), same return shape.
PeerPagePanel = Callable[[PeerPage], dict[str, Any] | None]
peer_page_panels: Collection[PeerPagePanel] = Collection("peer page panels")


@dataclass(frozen=True)
class LadderSummary:
    """One peer's place on the ladder, as the people list shows and filters it."""

    stage_id: int | None
    stage_name: str
    stage_order: int
    next_stage_name: str
    eligible: bool | None  # None: not worked out (the list does it for the page it shows)
    last_shift: date | None


def _no_summaries(
    organisation: Organisation, peers: list[PeerWorker], on: date, *, eligibility: bool = True
) -> dict[int, LadderSummary]:
    return {}


class LadderSummaries(Protocol):
    def __call__(
        self, organisation: Organisation, peers: list[PeerWorker], on: date, *, eligibility: bool = True
    ) -> dict[int, LadderSummary]: ...


def _no_stages(organisation: Organisation) -> list[tuple[int, str]]:
    return []


# The ladder (pathway) fills these in; peers cannot import it. Both must run a constant number of
# queries however many peers they are given: the people list relies on it. Eligibility is the costly
# part: ``eligibility=False`` leaves it out.
ladder_summaries: Hook[LadderSummaries] = Hook("peers.ladder_summaries", _no_summaries)
ladder_stages: Hook[Callable[[Organisation], list[tuple[int, str]]]] = Hook("peers.ladder_stages", _no_stages)


def _no_column(organisation: Organisation) -> BaseExpression | None:
    return None


# So that the people list filters, sorts and counts in the database and reads only the page it shows,
# the ladder gives the id of a peer's stage and shifts the local day of a peer's last completed
# shift, each as an expression over PeerWorker rows (None: the app is not there to give it).
stage_column: Hook[Callable[[Organisation], BaseExpression | None]] = Hook("peers.stage_column", _no_column)
last_shift_column: Hook[Callable[[Organisation], BaseExpression | None]] = Hook(
    "peers.last_shift_column", _no_column
)


@dataclass(frozen=True)
class EarningsFlag:
    """A peer past their benefit rule's warning threshold (near) or past its limit (over)."""

    over: bool
    rule_name: str  # names the benefit programme: shown only to roles that see sensitive fields
    period: str = ""  # the rule's own period as people say it: "this month", "this fortnight"


def _no_flags(
    organisation: Organisation, on: date, peer_ids: Iterable[int] | None = None
) -> dict[int, EarningsFlag]:
    return {}


class EarningsFlags(Protocol):
    def __call__(
        self, organisation: Organisation, on: date, peer_ids: Iterable[int] | None = None
    ) -> dict[int, EarningsFlag]: ...


# Pay fills this in: {peer_id: flag} for every peer of the organisation (of ``peer_ids``, when given)
# near or over their earnings limit in the rule's period containing ``on``, in a constant number of
# queries (lists rely on it).
earnings_flags: Hook[EarningsFlags] = Hook("peers.earnings_flags", _no_flags)

# Run inside peer_create's transaction, e.g. the ladder placing the new peer on its first stage.
PeerCreated = Callable[[PeerWorker, Any], None]
peer_created: Collection[PeerCreated] = Collection("peer created")
