"""Audit events are append-only: the ORM refuses changes, and on PostgreSQL a trigger does too."""

import pytest
from django.db import DatabaseError, connection, transaction

from peerwork.audit.models import AppendOnlyError, AuditEvent
from peerwork.audit.services import audit_read, audit_record


def test_the_orm_refuses_to_change_or_delete_an_event(org_a):
    event = audit_record(action="sign_in", organisation=org_a.org, actor=org_a.admin)
    event.action = "something_else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_a_raw_update_and_delete_on_postgresql(org_a):
    event = audit_record(action="sign_in", organisation=org_a.org, actor=org_a.admin)
    table = AuditEvent._meta.db_table
    if connection.vendor != "postgresql":
        # SQLite has no trigger: the ORM guard above is what protects it.
        assert connection.vendor == "sqlite"
        return
    for sql in (
        f"UPDATE {table} SET action = 'tampered' WHERE id = %s",  # noqa: S608 - our own table
        f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "sign_in"


def test_a_sensitive_read_is_recorded_with_its_fields(rf, org_a):
    request = rf.get("/x", HTTP_USER_AGENT="Kiosk/1.0", REMOTE_ADDR="198.51.100.4")
    request.user = org_a.coordinator
    request.organisation = org_a.org
    event = audit_read(request, org_a.peer, ["legal_name", "date_of_birth"])
    assert event.action == "read_sensitive"
    assert event.detail["fields"] == ["date_of_birth", "legal_name"]
    assert (event.ip_address, event.user_agent, event.organisation) == (
        "198.51.100.4",
        "Kiosk/1.0",
        org_a.org,
    )
    assert event.object_type == "peers.peerworker" and event.object_id == str(org_a.peer.pk)
