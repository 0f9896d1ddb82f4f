"""Cross-organisation matrix entries for peers who lead: phones and team pages (see tests/matrix.py)."""

from __future__ import annotations

import itertools
from typing import Any

from peerwork.accounts.services import peer_phone_link_create
from tests.personas import LEAK_MARKER, OrgPersonas

from .factories import make_team, paired_phone

_n = itertools.count(1)


def _team(o: OrgPersonas):  # type: ignore[no-untyped-def]
    n = next(_n)
    return make_team(o, name=f"{LEAK_MARKER} Lee {n}", stream_name=f"{LEAK_MARKER} team {n}")


def _phone(o: OrgPersonas) -> dict[str, Any]:
    phone, _raw = paired_phone(o, _team(o).lead_user)
    return {"pk": phone.pk}


def _pairing(o: OrgPersonas) -> dict[str, Any]:
    _phone_row, code = peer_phone_link_create(organisation=o.org, user=_team(o).lead_user, by=o.coordinator)
    return {"code": code}


def _checked_in(o: OrgPersonas) -> dict[str, Any]:
    place = _team(o).member_place
    place.status = "checked_in"
    place.save()
    return {"pk": place.pk}


def _seed(o: OrgPersonas) -> None:
    paired_phone(o, _team(o).lead_user)


ROUTES = {
    "accounts:phone_pair": _pairing,
    "peers:phone": lambda o: {"pk": _team(o).lead.pk},
    "peers:phone_revoke": lambda o: {**_phone(o), "__post__": {}},
    "shifts:team_desk_check_in": lambda o: {"pk": _team(o).member_place.pk, "__post__": {}},
    "shifts:team_desk_check_out": _checked_in,
    "shifts:stream_leads": lambda o: {"pk": _team(o).stream.pk},
    "api:stage_capabilities_set": lambda o: {
        "stage_id": _team(o).stage.pk,
        "__post__": {"peer_capabilities": []},
        "__json__": True,
    },
    "api:phone_revoke": lambda o: {"phone_id": _phone(o)["pk"], "__post__": {}, "__json__": True},
}

SEED = [_seed]
