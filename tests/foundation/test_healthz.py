"""/healthz answers 200 when the database answers and 503 (with no detail) when it does not."""

from unittest import mock

from django.db import OperationalError
from django.test import Client


def test_healthz_is_ok_when_the_database_answers(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_does_not(db):
    with mock.patch("peerwork.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert "down" not in response.content.decode()
