"""While the database refuses connections (a restart, a failover), pages answer 503 with a plain page.

No traceback and no detail reach the browser, the page says to try again in a minute, and the
same session works again as soon as the database answers. Refusal is simulated by making every new
cursor fail the way a refused connection does (bench/scaleout.py refuses real connections).
"""

from unittest import mock

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

REFUSED = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def _coordinator(client_for, org_a):  # type: ignore[no-untyped-def]
    client = client_for(org_a.coordinator)
    client.raise_request_exception = False
    return client


def test_a_page_answers_503_with_a_plain_page_and_recovers(client_for, org_a):
    client = _coordinator(client_for, org_a)
    assert client.get("/shifts/").status_code == 200

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=REFUSED):
        response = client.get("/shifts/")
        health = client.get("/healthz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Peerwork will be back in a moment" in page
    assert "wait a minute, then try again" in page
    assert "Traceback" not in page and "5432" not in page and "Connection refused" not in page
    assert health.status_code == 503

    again = client.get("/shifts/")  # the same session, once the database answers
    assert again.status_code == 200
    assert org_a.site.name in again.content.decode()


def test_a_post_while_the_database_refuses_saves_nothing_and_says_so(client_for, org_a):
    from peerwork.services.models import ServiceEntry

    client = _coordinator(client_for, org_a)
    before = ServiceEntry.objects.count()
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=REFUSED):
        response = client.post("/services/today/", {"kind": "supplies"})
    assert response.status_code == 503
    assert "Nothing you sent was saved twice" in response.content.decode()
    assert ServiceEntry.objects.count() == before


def test_the_api_answers_503_while_the_database_refuses(org_a):
    from django.test import Client

    from peerwork.accounts.tokens import api_token_create

    _, token = api_token_create(user=org_a.coordinator, organisation=org_a.org, name="sync")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/peers/").status_code == 200
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=REFUSED):
        response = client.get("/api/v1/peers/")
    assert response.status_code == 503
    assert response.json() == {"detail": "The database cannot be reached just now. Try again in a minute."}
