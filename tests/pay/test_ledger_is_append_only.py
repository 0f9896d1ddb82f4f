from __future__ import annotations

from contextlib import nullcontext

import pytest
from django.db import DatabaseError, connection, transaction

from peerwork.pay import services
from peerwork.pay.models import AppendOnlyError, LedgerEntry


@pytest.fixture
def entry(org_a, worked, cash_box):
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    return services.payout_pay(payout=payout, method="cash", actor=org_a.coordinator)


def test_the_orm_refuses_to_change_or_delete_an_entry(entry):
    entry.amount = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_raw_sql_cannot_change_an_entry_on_postgresql(entry):
    """On PostgreSQL a trigger refuses it; SQLite has only the ORM guard, so the row changes there."""
    refused = pytest.raises(DatabaseError) if connection.vendor == "postgresql" else nullcontext()
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE pay_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount
