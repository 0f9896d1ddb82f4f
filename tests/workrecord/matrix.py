"""Cross-organisation matrix entries for work record pages and API."""

from __future__ import annotations

from typing import Any

from peerwork.workrecord.services import reference_write
from tests.personas import LEAK_MARKER, OrgPersonas


def _peer(org: OrgPersonas) -> dict[str, Any]:
    reference_write(peer=org.peer, text=f"{LEAK_MARKER} worked well.", by=org.supervisor)
    return {"pk": org.peer.pk}


def _api(org: OrgPersonas) -> dict[str, Any]:
    return {"peer_id": _peer(org)["pk"]}


ROUTES = {
    "workrecord:peer": _peer,
    "workrecord:peer_pdf": _peer,
    "workrecord:reference": lambda org: {**_peer(org), "__post__": {"text": "Taken over"}},
    "api:work_record_get": _api,
    "api:work_record_pdf": _api,
    "api:reference_put": lambda org: {**_api(org), "__post__": {"text": "Taken over"}, "__json__": True},
}
# workrecord:mine, mine_pdf and the API's /me show only the signed-in peer's own record;
# workrecord:settings is organisation B's own settings page.
