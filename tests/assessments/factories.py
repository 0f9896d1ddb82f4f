"""Helpers for questionnaire tests: shipped instruments in an org, made-up wording, finished responses."""

from __future__ import annotations

import json
from typing import Any

from peerwork.assessments.definitions import Definition, shipped_definitions
from peerwork.assessments.models import AssessmentResponse, AssessmentSettings, Instrument, Mode
from peerwork.assessments.services import (
    assessment_start,
    assessment_submit,
    instrument_load,
    instruments_sync_shipped,
)
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker


def shipped(key: str) -> dict[str, Any]:
    return next(d for d in shipped_definitions() if d["id"] == key)


def definition(key: str, wording: dict[str, Any] | None = None) -> Definition:
    return Definition(shipped(key), wording)


def made_up_wording(
    key: str, *, reverse_keyed: list[str] | None = None, language: str = "en"
) -> dict[str, Any]:
    """A wording file with invented text (never the authors' wording), as an organisation would load."""
    data = shipped(key)
    wording: dict[str, Any] = {
        "format": "peerwork-wording/1",
        "instrument": key,
        "version": data["version"],
        "source": "Test wording, invented for the test suite",
        "items": {item["id"]: {language: f"Made-up statement {item['id']}"} for item in data["items"]},
        "scales": {
            scale["id"]: {str(v["value"]): {language: f"Option {v['value']}"} for v in scale["values"]}
            for scale in data["scales"]
        },
    }
    if data["keying"] == "wording":
        wording["reverse_keyed"] = reverse_keyed or []
    return wording


def instrument(organisation: Organisation, key: str) -> Instrument:
    instruments_sync_shipped(organisation=organisation)
    return Instrument.objects.get(organisation=organisation, key=key)


def load_wording(organisation: Organisation, key: str, **kwargs: Any) -> Instrument:
    instrument(organisation, key)
    instrument_load(organisation=organisation, raw=json.dumps(made_up_wording(key, **kwargs)))
    return Instrument.objects.get(organisation=organisation, key=key)


def enable_clients(organisation: Organisation) -> None:
    AssessmentSettings.objects.update_or_create(organisation=organisation, defaults={"clients_enabled": True})


def finished(
    organisation: Organisation,
    *,
    key: str = "recovery-checkin",
    peer: PeerWorker | None = None,
    client_code: str = "",
    value: int = 4,
    answers: dict[str, int] | None = None,
    share: bool | None = None,
    site: Any = None,
) -> AssessmentResponse:
    found = instrument(organisation, key)
    response = assessment_start(
        organisation=organisation,
        instrument=found,
        peer=peer,
        client_code=client_code,
        mode=Mode.STAFF if client_code else Mode.PHONE,
        site=site,
    )
    chosen = answers if answers is not None else {i["id"]: value for i in shipped(key)["items"]}
    return assessment_submit(response=response, answers=chosen, share=share)
