"""Cross-organisation matrix entries for questionnaire pages and API routes that take an id."""

from __future__ import annotations

import json
from typing import Any

from peerwork.assessments.models import Mode
from peerwork.assessments.services import (
    assessment_start,
    instrument_load,
    schedule_create,
    standing_share_set,
)

from ..personas import LEAK_MARKER, OrgPersonas
from .factories import enable_clients, finished, instrument, shipped


def _instrument(o: OrgPersonas) -> dict[str, Any]:
    return {"pk": instrument(o.org, "recovery-checkin").pk}


def _open(o: OrgPersonas) -> int:
    response = assessment_start(
        organisation=o.org, instrument=instrument(o.org, "recovery-checkin"), peer=o.peer, mode=Mode.STAFF
    )
    return response.pk


def _shared(o: OrgPersonas) -> int:
    return finished(o.org, peer=o.peer, share=True).pk


ROUTES = {
    "assessments:start": lambda o: {"instrument_pk": _instrument(o)["pk"], "__post__": {}},
    "assessments:respond": lambda o: {"pk": _open(o)},
    "assessments:result": lambda o: {"pk": _shared(o)},
    "assessments:share": lambda o: {"pk": _shared(o), "__post__": {"shared": "on"}},
    "assessments:person": lambda o: {"peer_pk": o.peer.pk},
    "assessments:instrument": _instrument,
    "api:assessments_instrument_detail": lambda o: {"instrument_id": _instrument(o)["pk"]},
    "api:assessments_response_detail": lambda o: {"response_id": _shared(o)},
    "api:assessments_response_scores": lambda o: {"response_id": _shared(o)},
    "api:assessments_response_answer": lambda o: {
        "response_id": _open(o),
        "__post__": {"answers": {"r01": 3}},
        "__json__": True,
    },
    "api:assessments_response_submit": lambda o: {
        "response_id": _open(o),
        "__post__": {"answers": {"r01": 3}},
        "__json__": True,
    },
    "api:assessments_response_share": lambda o: {
        "response_id": _shared(o),
        "__post__": {"shared": False},
        "__json__": True,
    },
}


def _seed(o: OrgPersonas) -> None:
    enable_clients(o.org)
    standing_share_set(peer=o.peer, shared=True)
    finished(o.org, peer=o.peer, value=3)
    finished(o.org, peer=o.peer, value=4)
    finished(o.org, client_code="F-ZEBU-1980")
    schedule_create(
        organisation=o.org,
        instrument=instrument(o.org, "recovery-checkin"),
        peer=o.peer,
        starts_on=o.org.today(),
    )
    pulse = json.loads(json.dumps(shipped("wellbeing-checkin")))
    pulse["id"] = "zebulon-pulse"
    pulse["name"] = {"en": f"{LEAK_MARKER} pulse"}
    instrument_load(organisation=o.org, raw=json.dumps(pulse))


SEED = [_seed]
