"""Casework's routes for the cross-organisation matrix, and organisation A's marked casework."""

from __future__ import annotations

from typing import Any

from ..personas import LEAK_MARKER, OrgPersonas
from .factories import client_on, plan_for, referral_for, session_for


def _client(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": client_on(org.peer).pk}


def _referral(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": referral_for(client_on(org.peer), agency=f"{LEAK_MARKER} clinic").pk}


ROUTES = {
    "casework:client": _client,
    "casework:session_add": _client,
    "casework:plan_edit": _client,
    "casework:handover": _client,
    "casework:referral_add": _client,
    "casework:schedule": _client,
    "casework:referral_follow_up": _referral,
}


def seed_casework(org: OrgPersonas) -> None:
    client = client_on(org.peer, "X-ZEBU-1990")
    plan_for(client, (f"{LEAK_MARKER} housing goal",))
    session_for(client, next_step=f"{LEAK_MARKER} clinic visit")
    referral_for(client, agency=f"{LEAK_MARKER} clinic")


SEED = [seed_casework]


def _api_client(org: OrgPersonas) -> dict[str, Any]:
    return {"client_id": _client(org)["pk"]}


def _api_handover(org: OrgPersonas) -> dict[str, Any]:
    return {
        "client_id": _client(org)["pk"],
        "__post__": {"to_worker_id": org.peer.pk, "note": "handover"},
        "__json__": True,
    }


def _api_follow_up(org: OrgPersonas) -> dict[str, Any]:
    return {"referral_id": _referral(org)["pk"], "__post__": {"outcome": "arrived"}, "__json__": True}


def _api_plan_save(org: OrgPersonas) -> dict[str, Any]:
    return {"client_id": _client(org)["pk"], "__post__": {"goals": ["housing"]}, "__json__": True}


def _api_session_create(org: OrgPersonas) -> dict[str, Any]:
    body = {"held_on": "2026-01-01", "minutes": 30, "place": "phone", "kind": "check_in"}
    return {"client_id": _client(org)["pk"], "__post__": body, "__json__": True}


def _api_referral_create(org: OrgPersonas) -> dict[str, Any]:
    return {"client_id": _client(org)["pk"], "__post__": {"agency": "clinic"}, "__json__": True}


ROUTES.update(
    {
        "api:casework_client": _api_client,
        "api:casework_plan": _api_client,
        "api:casework_sessions": _api_client,
        "api:casework_referrals": _api_client,
        "api:casework_handover": _api_handover,
        "api:casework_plan_save": _api_plan_save,
        "api:casework_session_create": _api_session_create,
        "api:casework_referral_create": _api_referral_create,
        "api:casework_referral_follow_up": _api_follow_up,
    }
)
