"""Coordinators invoicing the same business line at the same moment get consecutive numbers: the line's
row lock serialises numbering, so none is taken twice and none is skipped. On PostgreSQL the threads
wait on the lock; SQLite's in-memory test database has one writer at a time and refuses the others at
once ("locked") instead of waiting, so there each thread tries again, as SQLite's busy timeout would."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connection, connections

from peerwork.invoicing import services
from peerwork.invoicing.models import Invoice
from tests.pause import pause

from .factories import business_line, finished_order

WORKERS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_invoices_take_consecutive_numbers(org_a):
    retry_when_locked = connection.vendor == "sqlite"
    line = business_line(org_a.org)
    ready = [finished_order(line, customer=f"Customer {n}") for n in range(WORKERS)]
    start = threading.Barrier(WORKERS)

    def issue(order):  # type: ignore[no-untyped-def]
        try:
            start.wait()
            for _attempt in range(200):
                try:
                    return services.invoice_issue(organisation=org_a.org, orders=[order], by=None).sequence
                except OperationalError as error:
                    if not retry_when_locked or "locked" not in str(error):
                        raise
                    pause(0.02)
            raise AssertionError("the database stayed locked")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        sequences = sorted(pool.map(issue, ready))
    assert sequences == list(range(1, WORKERS + 1))
    numbers = sorted(Invoice.objects.filter(business_line=line).values_list("number", flat=True))
    assert numbers == sorted(f"MP-{n}" for n in range(1, WORKERS + 1))
    line.refresh_from_db()
    assert line.invoice_next_number == WORKERS + 1
