"""The ladder's panels on the peer's staff page and on the peer's own My work page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from peerwork.peers.edge import can
from peerwork.peers.models import PeerWorker

from .forms import PromoteForm, SignOffForm, StepBackForm
from .selectors import eligibility_for, stage_history


def staff_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    eligibility = eligibility_for(peer)
    return {
        "template": "pathway/panel_staff.html",
        "context": {
            "eligibility": eligibility,
            "history": list(stage_history(peer)[:20]),
            "can_promote": can(request, "can_promote_peers"),
            "can_sign_off": can(request, "can_sign_off_promotion"),
            "promote_form": PromoteForm(),
            "step_back_form": StepBackForm(),
            "sign_off_form": SignOffForm(),
        },
    }


def my_work_panel(request: HttpRequest, peer: PeerWorker) -> dict[str, Any] | None:
    return {"template": "pathway/panel_my_work.html", "context": {"eligibility": eligibility_for(peer)}}
