"""Support's routes for the cross-organisation matrix, and organisation A's marked support data."""

from __future__ import annotations

from typing import Any

from peerwork.support.checkins import checkin_record
from peerwork.support.models import TimeOnRole
from peerwork.support.rolework import role_action_record, role_check_record
from peerwork.support.services import debrief_offers_create

from ..personas import LEAK_MARKER, OrgPersonas
from .factories import overdose_response, role_with_duties, session_for, worked_shift

CHECKIN_ANSWERS = {"w1": 4, "w2": 2, "w3": 5, "w4": 4, "w5": 3, "w6": 5}


def _session(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": session_for([org.peer], org.supervisor, notes=f"{LEAK_MARKER} notes").pk}


def _debrief(org: OrgPersonas) -> dict[str, Any]:
    offer = debrief_offers_create(response=overdose_response(org.org, [org.peer], site=org.site))[0]
    return {"pk": offer.pk, "__post__": {"status": "declined", "outcome_on": "2026-01-01"}}


def _peer(org: OrgPersonas) -> dict[str, Any]:
    return {"peer_pk": org.peer.pk}


def _checkin(org: OrgPersonas) -> dict[str, Any]:
    checkin = checkin_record(peer=org.peer, answers=CHECKIN_ANSWERS, share=False)
    return {"pk": checkin.pk, "__post__": {"shared": "yes"}}


ROUTES = {
    "support:checkin_share": _checkin,
    "support:session_detail": _session,
    "support:debrief_detail": _debrief,
    "support:peer_support": _peer,
}


def seed_supervision(org: OrgPersonas) -> None:
    session_for([org.peer], org.supervisor, days_ago=3, notes=f"{LEAK_MARKER} supervision notes")


def seed_debriefs(org: OrgPersonas) -> None:
    debrief_offers_create(response=overdose_response(org.org, [org.peer], hours_ago=80, site=org.site))


def seed_role_fit(org: OrgPersonas) -> None:
    role = role_with_duties(org.org, name=f"{LEAK_MARKER} Support role fit")
    worked_shift(org.peer, role, org.site, other_work=f"{LEAK_MARKER} cleaning the drop-in")


def seed_checkins(org: OrgPersonas) -> None:
    checkin_record(peer=org.peer, answers=CHECKIN_ANSWERS, share=True)


SEED = [seed_supervision, seed_debriefs, seed_role_fit, seed_checkins]


def _api_session(org: OrgPersonas) -> dict[str, Any]:
    return {"session_id": _session(org)["pk"]}


def _api_debrief(org: OrgPersonas) -> dict[str, Any]:
    return {"offer_id": _debrief(org)["pk"]}


def _api_role(org: OrgPersonas) -> dict[str, Any]:
    role = role_with_duties(org.org, name=f"{LEAK_MARKER} Support role fit")
    worked_shift(org.peer, role, org.site, other_work=f"{LEAK_MARKER} cleaning")
    return {"role_id": role.pk}


def _api_peer(org: OrgPersonas) -> dict[str, Any]:
    return {"peer_id": org.peer.pk}


ROUTES.update(
    {
        "api:support_session": _api_session,
        "api:support_debrief": _api_debrief,
        "api:support_role_fit_role": _api_role,
        "api:support_role_fit_peer": _api_peer,
    }
)


def _api_checkin(org: OrgPersonas) -> dict[str, Any]:
    checkin = checkin_record(peer=org.peer, answers=CHECKIN_ANSWERS, share=True)
    return {"checkin_id": checkin.pk, "__post__": {"shared": False}, "__json__": True}


ROUTES.update({"api:support_checkin": _api_checkin, "api:support_checkin_sharing": _api_checkin})


def _role_check(org: OrgPersonas):  # type: ignore[no-untyped-def]
    role = role_with_duties(org.org, name=f"{LEAK_MARKER} Role check role")
    return role_check_record(
        peer=org.peer,
        role=role,
        time_on_role=TimeOnRole.ABOUT_HALF,
        spent_on=f"{LEAK_MARKER} front desk",
        would_change=f"{LEAK_MARKER} a rota",
        shared=True,
    )


def _role_action(org: OrgPersonas):  # type: ignore[no-untyped-def]
    role = role_with_duties(org.org, name=f"{LEAK_MARKER} Role action role")
    return role_action_record(
        role=role, kind="rewrite", note=f"{LEAK_MARKER} rewrite it", review_on=org.org.today()
    )


def seed_roles(org: OrgPersonas) -> None:
    _role_check(org)
    _role_action(org)


SEED.append(seed_roles)

ROUTES.update(
    {
        "support:role_detail": lambda o: {"role_pk": _role_check(o).role_id},
        "support:role_action_outcome": lambda o: {"pk": _role_action(o).pk, "__post__": {"outcome": "done"}},
        "support:role_check_share": lambda o: {"pk": _role_check(o).pk, "__post__": {"shared": "no"}},
        "api:roles_check_sharing": lambda o: {
            "check_id": _role_check(o).pk,
            "__post__": {"shared": False},
            "__json__": True,
        },
        "api:roles_views": lambda o: {"role_id": _role_check(o).role_id},
        "api:roles_action_create": lambda o: {
            "role_id": _role_action(o).role_id,
            "__post__": {"kind": "brief", "note": "x", "review_on": "2099-01-01"},
            "__json__": True,
        },
        "api:roles_action_outcome": lambda o: {
            "action_id": _role_action(o).pk,
            "__post__": {"outcome": "done"},
            "__json__": True,
        },
    }
)
