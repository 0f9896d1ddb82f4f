"""Cross-organisation matrix entries for the ladder pages and API."""

from __future__ import annotations

from typing import Any

from peerwork.pathway.services import ladder_seed_default, stage_create, stage_sign_off_record
from peerwork.peers.services import peer_create
from tests.personas import LEAK_MARKER, OrgPersonas


def _stage(org: OrgPersonas) -> Any:
    ladder_seed_default(organisation=org.org)
    return stage_create(organisation=org.org, name=f"{LEAK_MARKER} Mentor")


def _peer(org: OrgPersonas) -> Any:
    return peer_create(organisation=org.org, preferred_name=f"{LEAK_MARKER} Robin")


ROUTES = {
    "pathway:stage_edit": lambda org: {"pk": _stage(org).pk},
    "pathway:promote": lambda org: {"peer_pk": _peer(org).pk, "__post__": {"override_reason": "x"}},
    "pathway:step_back": lambda org: {"peer_pk": _peer(org).pk, "__post__": {"reason": "x"}},
    "pathway:sign_off": lambda org: {"peer_pk": _peer(org).pk, "__post__": {"note": "x"}},
    "api:stage_get": lambda org: {"stage_id": _stage(org).pk},
    "api:eligibility_get": lambda org: {"peer_id": _peer(org).pk},
    "api:stage_history_list": lambda org: {"peer_id": _peer(org).pk},
    "api:peer_promote": lambda org: {
        "peer_id": _peer(org).pk,
        "__post__": {"override_reason": "x"},
        "__json__": True,
    },
    "api:stage_sign_off": lambda org: {"peer_id": _peer(org).pk, "__post__": {"note": "x"}, "__json__": True},
    "api:peer_step_back": lambda org: {
        "peer_id": _peer(org).pk,
        "__post__": {"reason": "x"},
        "__json__": True,
    },
}


def seed_ladder(org: OrgPersonas) -> None:
    stage = _stage(org)
    peer = _peer(org)
    stage_sign_off_record(peer=peer, stage=stage, by=org.supervisor, note=f"{LEAK_MARKER} ready")


SEED = [seed_ladder]
