"""Cross-organisation matrix entries for peer pages and the peers API."""

from __future__ import annotations

from typing import Any

from peerwork.peers.services import peer_card_issue, peer_create
from tests.personas import LEAK_MARKER, OrgPersonas


def _peer(org: OrgPersonas) -> dict[str, Any]:
    peer = peer_create(
        organisation=org.org,
        preferred_name=f"{LEAK_MARKER} Robin",
        legal_name=f"{LEAK_MARKER} Roberta",
        with_card=True,
    )
    return {"pk": peer.pk}


def _peer_post(org: OrgPersonas) -> dict[str, Any]:
    return {**_peer(org), "__post__": {"reason": "x", "pin": "4817", "secret": ""}}


def _api_peer(org: OrgPersonas) -> dict[str, Any]:
    return {"peer_id": _peer(org)["pk"]}


def _api_peer_post(org: OrgPersonas) -> dict[str, Any]:
    return {**_api_peer(org), "__post__": {"reason": "x", "pin": "4817"}, "__json__": True}


ROUTES = {
    "peers:detail": _peer,
    "peers:edit": _peer,
    "peers:sensitive": _peer,
    "peers:pin": _peer,
    "peers:hours_before": lambda org: {**_peer(org), "__post__": {"hours": "320", "source": "x"}},
    "peers:card": _peer,
    "peers:card_pdf": _peer,
    "peers:card_reissue": _peer_post,
    "peers:break": _peer_post,
    "peers:return": _peer_post,
    "peers:leave": _peer_post,
    "peers:destination": lambda org: {**_peer(org), "__post__": {"destination": "job"}},
    "api:peer_get": _api_peer,
    "api:peer_patch": _api_peer,
    "api:peer_private": _api_peer,
    "api:peer_break": _api_peer_post,
    "api:peer_come_back": _api_peer_post,
    "api:peer_leave": _api_peer_post,
    "api:peer_destination": lambda org: {
        **_api_peer(org),
        "__post__": {"destination": "job"},
        "__json__": True,
    },
    "api:peer_pin": _api_peer_post,
}


def seed_peers(org: OrgPersonas) -> None:
    for name in ("Robin", "Sam", "Kai"):
        peer = peer_create(organisation=org.org, preferred_name=f"{LEAK_MARKER} {name}", pin="4817")
        peer_card_issue(peer=peer)


SEED = [seed_peers]
