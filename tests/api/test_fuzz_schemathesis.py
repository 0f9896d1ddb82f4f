"""Schemathesis, with every check it has, over every API operation as each role: an admin, a
coordinator and an evaluator (API tokens) and a peer (the browser session: peers get no tokens).

Every check: no server error; the status, content type, headers and body each match what the
operation declares; what the schema allows is accepted and what it forbids is refused; a write
without credentials is refused; an unsupported method answers 405 with its Allow header.

Whether what the schema allows is accepted and what it forbids refused does not depend on the
role (a body is read before the role is asked), so the coverage phase, which sends every boundary
and every kind of wrong value, runs once, as the coordinator, the role that reaches the most rules.
Every role, the coordinator too, then gets generated examples of every operation
(PEERWORK_FUZZ_EXAMPLES per operation, default 2), so that the whole run stays within a few
minutes on a 2-core machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from peerwork.accounts.tokens import api_token_create
from tests.personas import make_org_personas, sign_in

EXAMPLES = int(os.environ.get("PEERWORK_FUZZ_EXAMPLES", "2"))
ROLES = ("admin", "coordinator", "evaluator", "peer")

boundaries = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_dict({"phases": {"fuzzing": {"enabled": False}}}),
)
generated_only = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}),
)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def credentials(db) -> Iterator[dict[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    # Like Django's test Client: the WSGI handler must not close the test's connection (and with it
    # the test transaction) at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    personas = make_org_personas("f", "Fuzz Test")
    made = {}
    for role in ("admin", "coordinator", "evaluator"):
        user = getattr(personas, role)
        _token, raw = api_token_create(user=user, organisation=personas.org, name=f"fuzz {role}")
        made[role] = {"Authorization": f"Bearer {raw}"}
    browser = sign_in(Client(), personas.peer_user)
    csrf = "fuzzcsrf" * 4  # a 32-character secret sent as cookie and header, as a page's JS would
    session_cookie = django_settings.SESSION_COOKIE_NAME
    session = browser.cookies[session_cookie].value
    made["peer"] = {
        "Cookie": f"{session_cookie}={session}; {django_settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }
    try:
        yield made
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@boundaries.parametrize()
@SETTINGS
def test_every_check_passes_on_every_boundary_of_every_operation(case, credentials):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=credentials["coordinator"])


@pytest.mark.parametrize("role", ROLES)
@generated_only.parametrize()
@SETTINGS
def test_every_check_passes_for_every_operation_and_role(case, credentials, role):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=credentials[role])
