"""The demo organisation, built once for the tests of this folder.

``peerwork demo`` takes half a minute: each test here reads or changes the one organisation it
builds, inside its own savepoint (the ``db`` fixture), and the whole of it is rolled back after the
last test of the folder. The demo commits once at the end, so what its commit hooks do (debrief
offers, texts, rollups) is run as that commit would run it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """What ``peerwork demo`` printed; the organisation it built is in the database."""
    with django_db_blocker.unblock(), transaction.atomic():
        printed = io.StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("demo", stdout=printed)
        yield printed.getvalue()
        transaction.set_rollback(True)
