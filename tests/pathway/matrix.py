"""Cross-organisation matrix entries for the ladder pages and API."""

from __future__ import annotations

from typing import Any

from peerwork.pathway.mentoring.services import mentoring_contact_record
from peerwork.pathway.services import ladder_seed_default, stage_create, stage_sign_off_record
from peerwork.peers.services import peer_create
from tests.pathway.factories import pair
from tests.personas import LEAK_MARKER, OrgPersonas


def _stage(org: OrgPersonas) -> Any:
    ladder_seed_default(organisation=org.org)
    return stage_create(organisation=org.org, name=f"{LEAK_MARKER} Mentor")


def _peer(org: OrgPersonas) -> Any:
    return peer_create(organisation=org.org, preferred_name=f"{LEAK_MARKER} Robin")


def _pairing(org: OrgPersonas) -> Any:
    return pair(org.org, f"{LEAK_MARKER} Morgan", f"{LEAK_MARKER} Nico")


ROUTES = {
    "pathway:mentorship_end": lambda org: {"pk": _pairing(org).pk, "__post__": {"ended_on": "2026-01-01"}},
    "api:mentorship_end_api": lambda org: {"pairing_id": _pairing(org).pk, "__post__": {}, "__json__": True},
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


def seed_mentoring(org: OrgPersonas) -> None:
    pairing = _pairing(org)
    mentoring_contact_record(
        mentorship=pairing, happened_on=org.org.today(), minutes=30, note=f"{LEAK_MARKER} walk", by=None
    )


SEED = [seed_ladder, seed_mentoring]
