"""Contracts' routes for the cross-organisation matrix, and organisation A's marked contract data."""

from __future__ import annotations

from typing import Any

from peerwork.shifts.contracts import services

from ..personas import OrgPersonas
from .helpers import add_standing, draft


def _draft(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": draft(org).pk}


def _signed(org: OrgPersonas) -> dict[str, Any]:
    contract = draft(org)
    add_standing(contract)
    return {"pk": services.contract_sign(contract=contract).pk}


def _standing(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": add_standing(draft(org)).pk}


def _post(builder, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    def build(org: OrgPersonas) -> dict[str, Any]:
        return {**builder(org), "__post__": body}

    return build


def _api(builder, key: str = "contract_id", body: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    def build(org: OrgPersonas) -> dict[str, Any]:
        spec: dict[str, Any] = {key: builder(org)["pk"], "__json__": True}
        if body is not None:
            spec["__post__"] = body
        return spec

    return build


STANDING_BODY = {"weekday": 1, "start_time": "09:00", "end_time": "12:00", "role": 1, "site": 1}

ROUTES = {
    "shifts:contract": _draft,
    "shifts:contract_edit": _draft,
    "shifts:standing_add": _post(_draft, STANDING_BODY),
    "shifts:standing_remove": _standing,
    "shifts:contract_sign": _draft,
    "shifts:contract_renew": _post(_signed, {"ends_on": "2028-01-31"}),
    "shifts:contract_end": _post(_signed, {"ended_on": "2027-02-01", "reason": "moved on"}),
    "shifts:contract_pdf": _signed,
    "shifts:my_contract_pdf": _signed,
    "api:contract_detail": _api(_signed),
    "api:contract_sign": _api(_draft, body={}),
    "api:contract_renew": _api(_signed, body={"ends_on": "2028-01-31"}),
    "api:contract_end": _api(_signed, body={"ended_on": "2027-02-01", "reason": "moved on"}),
    "api:standing_list": _api(_signed),
    "api:standing_create": _api(
        _draft, body={"weekday": 1, "start_time": "09:00", "end_time": "12:00", "role_id": 1, "site_id": 1}
    ),
    "api:standing_delete": _api(_standing, key="shift_id"),
}


def seed_contracts(org: OrgPersonas) -> None:
    _signed(org)


SEED = [seed_contracts]
