"""Contract panels: on the staff page of one peer, and under My work for the peer."""

from __future__ import annotations

from typing import Any

from peerwork.pathway.selectors import ladder_position
from peerwork.peers.hooks import PeerPage

from . import selectors
from .models import ContractStatus


def staff_contract(page: PeerPage) -> dict[str, Any] | None:
    if not page.request.membership.can("can_manage_contracts"):  # type: ignore[attr-defined]
        return None
    position = page.shared(ladder_position)  # None for a peer not yet on the ladder
    contract = selectors.current_contract(page.peer, page.today)
    staff_stage = position is not None and position.stage.is_staff_stage
    return {
        "template": "shifts/contracts/panel_staff.html",
        "context": {
            "peer": page.peer,
            "contract": contract,
            # The ladder's hand-off: a staff-position stage is the moment to offer a contract.
            "offer": staff_stage and (contract is None or contract.kind == "casual"),
            "stage": position.stage if position is not None else None,
        },
    }


def my_contract(page: PeerPage) -> dict[str, Any] | None:
    contract = selectors.current_contract(page.peer, page.today)
    if contract is None or contract.status == ContractStatus.DRAFT:
        return None  # casual peers see nothing new; a draft is not theirs until signed
    return {"template": "shifts/contracts/panel_mine.html", "context": {"contract": contract}}
