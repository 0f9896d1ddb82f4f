"""The API's contract, as a generated client reads it from /api/v1/openapi.json: stable short
operation ids, a domain tag on each, every status an operation can answer declared with the one
error shape, and files declared as files."""

from __future__ import annotations

import inspect
import re
import textwrap
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

import pytest
from django.test import Client

from peerwork.api.contract import answers_of, is_authenticated, operations
from peerwork.api.urls import api

IDS_FILE = Path(__file__).with_name("operation_ids.txt")
ID_SHAPE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _schema_operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_operation_ids_are_short_unique_and_unchanged(schema: dict[str, Any]) -> None:
    found = {f"{op['operationId']} {method} {path}" for method, path, op in _schema_operations(schema)}
    ids = [line.split()[0] for line in found]
    assert len(ids) == len(set(ids)), "two operations share an id"
    assert not [i for i in ids if not ID_SHAPE.match(i)], "ids are <resource>_<action> in snake case"
    assert not [i for i in ids if i.startswith("peerwork_")], "every route names its operation_id"
    promised = {
        line for line in IDS_FILE.read_text().splitlines() if line.strip() and not line.startswith("#")
    }
    assert not promised - found, (
        "An operation id, method or path changed or went: the ids are the public contract "
        f"(a change is a new API version): {sorted(promised - found)}"
    )
    new = sorted(found - promised)
    assert not new, f"New operations: add their lines to {IDS_FILE.name}: {new}"


def test_every_operation_has_one_domain_tag(schema: dict[str, Any]) -> None:
    untagged = [f"{m} {p}" for m, p, op in _schema_operations(schema) if len(op.get("tags", [])) != 1]
    assert untagged == []


def _helpers(function: FunctionType, module: ModuleType, seen: set[str]) -> list[FunctionType]:
    """The function and the functions of its own module it calls, at any depth."""
    found = [function]
    for name in function.__code__.co_names:
        helper = getattr(module, name, None)
        if (
            isinstance(helper, FunctionType)
            and helper.__module__ == module.__name__
            and helper.__name__ not in seen
        ):
            seen.add(helper.__name__)
            found += _helpers(helper, module, seen)
    return found


# What a route's own code (or its module's helpers) can answer, read from the source.
EXPLICIT = re.compile(r"(?:HttpError|Status)\(\s*(\d{3})")
MEANS = {
    r"\brefused\(|\braise ValidationError\b": 409,
    r"\b(?:fetch|get_for_org|get_object_or_404)\(|\bHttp404\b": 404,
    r"\bmember\(|\bPermissionDenied\b": 403,
}


def _answers_in_source(view: FunctionType) -> set[int]:
    module = inspect.getmodule(view)
    assert module is not None
    answers: set[int] = set()
    for function in _helpers(view, module, {view.__name__}):
        source = textwrap.dedent(inspect.getsource(function))
        answers |= {int(code) for code in EXPLICIT.findall(source)}
        answers |= {status for pattern, status in MEANS.items() if re.search(pattern, source)}
    return answers


def test_every_operation_declares_every_status_it_can_answer() -> None:
    undeclared = {}
    for path, operation in operations(api):
        view = inspect.unwrap(operation.view_func)
        possible = answers_of(operation) | _answers_in_source(view)  # type: ignore[arg-type]
        missing = possible - set(operation.response_models)
        if missing:
            undeclared[f"{operation.methods[0]} {path}"] = sorted(missing)
    assert undeclared == {}


def test_the_answers_follow_from_how_an_operation_is_built() -> None:
    for path, operation in operations(api):
        declared = set(operation.response_models)
        if is_authenticated(operation):
            assert {401, 403} <= declared, path
        if "{" in path:
            assert 404 in declared, path
        if operation.methods[0] != "GET":
            assert 409 in declared, path
    public = [path for path, operation in operations(api) if not is_authenticated(operation)]
    assert public == ["/api/v1/voice/public/{token}/feedback"]


def test_every_error_answer_has_the_one_error_shape(schema: dict[str, Any]) -> None:
    other = []
    for method, path, op in _schema_operations(schema):
        for status, answer in op["responses"].items():
            if status.startswith("4"):
                ref = answer["content"]["application/json"]["schema"].get("$ref", "")
                if not ref.endswith("/Error"):
                    other.append(f"{method} {path} {status}")
    assert other == []
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]


def test_files_are_declared_as_binary_downloads(schema: dict[str, Any]) -> None:
    files = {
        (method, path): op["responses"]["200"]["content"]
        for method, path, op in _schema_operations(schema)
        if "application/json" not in op["responses"].get("200", {}).get("content", {"application/json": 1})
    }
    assert set(files) == {
        ("GET", "/api/v1/work-record/me/pdf"),
        ("GET", "/api/v1/work-record/peers/{peer_id}/pdf"),
        ("GET", "/api/v1/insights/report-runs/{run_id}/files/{fmt}"),
        ("POST", "/api/v1/privacy/peers/{peer_pk}/export"),
        ("GET", "/api/v1/privacy/research-export"),
    }
    for content in files.values():
        for media in content.values():
            assert media["schema"] == {"type": "string", "format": "binary"}


def test_an_address_the_api_does_not_have_answers_in_the_error_shape() -> None:
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found.", "errors": None}


def test_local_times_are_declared_as_text_without_an_offset(schema: dict[str, Any]) -> None:
    # JSON Schema's "time" format demands an offset, which a shift's local time has not.
    standing = schema["components"]["schemas"]["StandingShiftOut"]["properties"]["start_time"]
    assert "format" not in standing
    assert re.match(standing["pattern"], "09:00:00")
    assert not re.match(standing["pattern"], "09:00:00Z")


def test_the_work_record_languages_of_the_api_are_those_of_the_page() -> None:
    from typing import get_args

    from peerwork.api.workrecord import Lang
    from peerwork.workrecord.forms import LANGUAGE_CHOICES

    assert set(get_args(Lang)) == {code for code, _name in LANGUAGE_CHOICES}


def test_a_non_numeric_id_answers_the_error_shape_even_with_debug_on(settings) -> None:
    settings.DEBUG = True  # Django's own 404 page answers unmatched addresses when DEBUG is on
    response = Client().get("/api/v1/shifts/not-a-number")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": None}
    # A write there is the same 404, not Django's CSRF page.
    written = Client(enforce_csrf_checks=True).post("/api/v1/tokens/not-a-number/revoke")
    assert written.status_code == 404
    assert written.json() == {"detail": "Not found.", "errors": None}


def test_an_address_without_its_final_slash_is_still_redirected() -> None:
    response = Client().get("/api/v1/peers?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/peers/?page=2"
