"""On PostgreSQL, a trigger refuses UPDATE and DELETE on ledger entries, whatever the client.

The ORM already refuses both (LedgerEntry.save/delete and its queryset); the trigger also
stops raw SQL and other clients. Corrections are reversal entries. TRUNCATE is left to the
table owner (Django's test flush uses it). SQLite relies on the ORM guard.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION pay_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: % is not allowed; record a reversal', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER pay_ledger_append_only
    BEFORE UPDATE OR DELETE ON pay_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION pay_ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS pay_ledger_append_only ON pay_ledgerentry;
DROP FUNCTION IF EXISTS pay_ledger_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("pay", "0001_pay_rates_payouts_ledger_cash_boxes_limits")]

    operations = [migrations.RunPython(forwards, backwards)]
