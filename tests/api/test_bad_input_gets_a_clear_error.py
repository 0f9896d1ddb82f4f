"""No body, path or query value a client can send gives a 500 (issue 14, item 14).

Every write operation of the OpenAPI schema gets, in each of its string fields, a lone surrogate
(JSON allows one; PostgreSQL and SQLite refuse to store it) and, in each of its integer fields, a
number beyond 64 bits (beyond what a database column holds). Every read of one object gets ids of
2^63 and 2^64. Each answer is a 4xx in the API's one error shape. The operations come from the
schema itself, so a new operation is covered the day it is added.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from peerwork.api.urls import api

LONE_SURROGATE = "\ud800"
BEYOND_64_BITS = 2**64 + 1

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1/")
COMPONENTS = SCHEMA.get("components", {}).get("schemas", {})


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = COMPONENTS[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _kinds(node: dict[str, Any]) -> set[str]:
    """The JSON types a property accepts (through anyOf/allOf and references)."""
    node = _resolve(node)
    kinds = {node["type"]} if isinstance(node.get("type"), str) else set()
    for key in ("anyOf", "allOf", "oneOf"):
        for option in node.get(key, []):
            kinds |= _kinds(option)
    if node.get("format") in {"date", "date-time", "time", "decimal"} or "enum" in node:
        kinds.discard("string")  # a format or choice already refuses a lone surrogate
    return kinds


def _plausible(node: dict[str, Any]) -> Any:
    """Some value of the right type for a required field that is not the one under test."""
    node = _resolve(node)
    if "enum" in node:
        return node["enum"][0]
    if "default" in node:
        return node["default"]
    for key in ("anyOf", "allOf", "oneOf"):
        if node.get(key):
            return _plausible(node[key][0])
    return {
        "string": {"date": "2026-01-01", "date-time": "2026-01-01T10:00:00+00:00"}.get(
            node.get("format"), "x"
        ),
        "integer": 1,
        "number": "1",
        "boolean": False,
        "array": [],
        "object": {},
    }.get(node.get("type", "string"), "x")


def _path(template: str, value: int) -> str:
    return re.sub(r"\{[^}]+\}", str(value), template)


def _writes() -> list[Any]:
    cases = []
    for template, item in SCHEMA["paths"].items():
        for method, operation in item.items():
            if method not in {"post", "put", "patch"}:
                continue
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if not content:
                continue
            body = _resolve(content["schema"])
            properties = body.get("properties", {})
            base = {name: _plausible(properties[name]) for name in body.get("required", [])}
            for name, prop in properties.items():
                kinds = _kinds(prop)
                for kind, bad in (("string", LONE_SURROGATE), ("integer", BEYOND_64_BITS)):
                    if kind in kinds:
                        cases.append(
                            pytest.param(
                                method,
                                template,
                                {**base, name: bad},
                                name,
                                id=f"{method} {template} {name} {kind}",
                            )
                        )
                    if "array" in kinds:
                        items = _kinds(_resolve(prop).get("items", {})) | {
                            k
                            for option in _resolve(prop).get("anyOf", [])
                            for k in _kinds(option.get("items", {}))
                        }
                        if kind in items:
                            cases.append(
                                pytest.param(
                                    method,
                                    template,
                                    {**base, name: [bad]},
                                    name,
                                    id=f"{method} {template} {name}[] {kind}",
                                )
                            )
    return cases


def _reads() -> list[Any]:
    return [
        pytest.param(template, value, id=f"{template} {value}")
        for template, item in SCHEMA["paths"].items()
        if "get" in item and "{" in template
        for value in (2**63, 2**64)
    ]


WRITES = _writes()
READS = _reads()


def _in_the_error_shape(response: Any) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    return body


def test_the_schema_gives_many_cases() -> None:
    assert len(WRITES) > 100
    assert len(READS) > 20


@pytest.mark.parametrize(("method", "template", "payload", "field"), WRITES)
def test_a_lone_surrogate_or_an_id_beyond_64_bits_in_a_body_is_a_422(
    method, template, payload, field, org_a, client_for
):  # type: ignore[no-untyped-def]
    client = client_for(org_a.admin)
    data = json.dumps(payload)  # keeps the lone surrogate as the \ud800 escape a client would send
    response = getattr(client, method)(_path(template, 1), data=data, content_type="application/json")
    body = _in_the_error_shape(response)
    assert response.status_code == 422, body
    assert any(key.split(".")[0] == field for key in body["errors"] or {}), body


@pytest.mark.parametrize(("template", "value"), READS)
def test_an_id_beyond_what_a_database_holds_in_a_path_is_a_404_or_422(template, value, org_a, client_for):  # type: ignore[no-untyped-def]
    response = client_for(org_a.admin).get(_path(template, value))
    _in_the_error_shape(response)
    assert response.status_code in {404, 422}
