"""The ladder's panels on the peer's staff page and on the peer's own My work page."""

from __future__ import annotations

from typing import Any

from peerwork.peers.edge import can
from peerwork.peers.hooks import PeerPage

from .forms import PromoteForm, SignOffForm, StepBackForm
from .selectors import next_step_on, stage_history


def staff_panel(page: PeerPage) -> dict[str, Any] | None:
    request = page.request
    return {
        "template": "pathway/panel_staff.html",
        "context": {
            "eligibility": next_step_on(page),
            "history": list(stage_history(page.peer)[:20]),
            "can_promote": can(request, "can_promote_peers"),
            "can_sign_off": can(request, "can_sign_off_promotion"),
            "promote_form": PromoteForm(),
            "step_back_form": StepBackForm(),
            "sign_off_form": SignOffForm(),
        },
    }


def my_work_panel(page: PeerPage) -> dict[str, Any] | None:
    return {"template": "pathway/panel_my_work.html", "context": {"eligibility": next_step_on(page)}}
