"""Schemathesis fuzzes every API operation as an admin, a coordinator (API tokens) and a peer
(the browser session: peers get no API tokens).

Checks: no server error, and every response matches the schema the operation declares.
The number of examples per operation is bounded (PEERWORK_FUZZ_EXAMPLES, default 3) so the run
stays within a few minutes on a 2-core machine.
"""

from __future__ import annotations

import itertools
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
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from peerwork.accounts.tokens import api_token_create
from tests.personas import make_org_personas, sign_in

EXAMPLES = int(os.environ.get("PEERWORK_FUZZ_EXAMPLES", "3"))
# Each example of an operation is sent as the next role in turn, so every operation meets all three.
ROLES = itertools.cycle(("admin", "coordinator", "peer"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def tokens(db) -> Iterator[dict[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    # Like Django's test Client: the WSGI handler must not close the test's connection (and with it
    # the test transaction) at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    personas = make_org_personas("f", "Fuzz Test")
    made = {}
    for role, user in (("admin", personas.admin), ("coordinator", personas.coordinator)):
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


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_operations_never_fail_and_match_their_schema(case, tokens):  # type: ignore[no-untyped-def]
    role = next(ROLES)
    case.call_and_validate(
        headers=tokens[role],
        checks=[not_a_server_error, response_schema_conformance],
    )
