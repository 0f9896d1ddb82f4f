"""What every operation can answer, declared from how it is built rather than listed by hand.

The schema at /api/v1/openapi.json is the contract a generated client is built from, so an
operation must declare every status it can answer, each with the one error shape:

- **400** when it takes a body: one that is not JSON (or not a JSON object) cannot be read;
- **401** when it needs a sign-in or a token (every operation but the public feedback form);
- **403** then too: a role without the capability, or a browser session's write without its
  CSRF token;
- **404** when its path names a row (another organisation's row is not found either);
- **409** when it writes: Peerwork's rules can refuse a schema-valid request as things stand;
- **422** when it takes any input the schema constrains (path, query or body).

Statuses a route answers for its own reasons (a 409 from a read, a 429, a 202) are declared in its
decorator; ``tests/api/test_contract.py`` reads each route's source and fails on one that is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ninja.constants import NOT_SET

from .common import Error

if TYPE_CHECKING:
    from ninja import NinjaAPI
    from ninja.operation import Operation

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def is_authenticated(operation: Operation) -> bool:
    """Whether the operation asks for a sign-in: it inherits the API's, or names its own."""
    return operation.auth_param is NOT_SET or bool(operation.auth_param)


def takes_input(operation: Operation) -> bool:
    return any(model.__pydantic_fields__ for model in operation.models)


def takes_a_body(operation: Operation) -> bool:
    return any(getattr(model, "__ninja_param_source__", None) == "body" for model in operation.models)


def names_a_row(operation: Operation) -> bool:
    return "{" in operation.path


def answers_of(operation: Operation) -> set[int]:
    """The error statuses an operation can answer because of how it is built."""
    answers: set[int] = set()
    if takes_a_body(operation):
        answers.add(400)
    if is_authenticated(operation):
        answers |= {401, 403}
    if names_a_row(operation):
        answers.add(404)
    if WRITES & set(operation.methods):
        answers.add(409)
    if takes_input(operation):
        answers.add(422)
    return answers


def declare_answers(api: NinjaAPI) -> None:
    """Add the error answers each operation can give to what its decorator declared."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for status in sorted(answers_of(operation) - set(operation.response_models)):
                    operation.response_models[status] = operation._create_response_model(Error)


def operations(api: NinjaAPI) -> list[tuple[str, Operation]]:
    """Every operation with its full path (``/api/v1/...``), in the order they were added."""
    found: list[tuple[str, Operation]] = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                found.append(
                    ("/api/v1/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/")), operation)
                )
    return found
