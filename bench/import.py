"""Benchmark the CSV import on PostgreSQL: 100,000 rows checked and saved in one transaction.

Creates a throwaway database on the server of DATABASE_URL (default: the machine's
postgres://postgres@127.0.0.1:5432), migrates it, builds a 100,000-row CSV of supplies, sharps,
contacts, referrals and overdose responses, runs the import job (every row checked, then
bulk_create in batches inside one transaction) and drops the database.

Prints one line:
import: rows=100000 seconds=S
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _server_urls() -> tuple[str, str, str]:
    """(admin URL to create/drop, URL of the throwaway database, its name)."""
    given = os.environ.get("DATABASE_URL", "")
    base = given if given.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER
    parts = urlsplit(base)
    name = f"services_import_bench_{os.getpid()}"
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

from peerwork.accounts.models import User  # noqa: E402
from peerwork.orgs.models import Organisation, Site  # noqa: E402
from peerwork.services.imports import COLUMNS, import_run  # noqa: E402
from peerwork.services.models import ImportJob, ImportStatus, OverdoseResponse, ServiceEntry  # noqa: E402
from peerwork.services.services import BC_CATALOGUE, catalogue_ensure  # noqa: E402


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _csv(sites: list[str]) -> bytes:
    rng = random.Random(20261129)
    items = [name for _category, name in BC_CATALOGUE]
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\n")
    for n in range(ROWS):
        when = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d} {8 + n % 12:02d}:{n % 60:02d}"
        site = sites[n % len(sites)]
        row = dict.fromkeys(COLUMNS, "")
        row.update(occurred_at=when, site=site)
        pick = n % 20
        if pick < 14:
            row.update(kind="supplies", item=items[n % len(items)], quantity=str(1 + rng.randrange(30)))
        elif pick < 16:
            row.update(
                kind="sharps",
                quantity=str(1 + rng.randrange(20)),
                place_name="Moss Park",
                latitude=f"{43.65 + rng.random() / 100:.6f}",
                longitude=f"{-79.37 + rng.random() / 100:.6f}",
            )
        elif pick < 18:
            row.update(kind="contact", quantity=str(1 + rng.randrange(10)), client_code="F-ABCD-1980")
        elif pick < 19:
            row.update(kind="referral", referral_to="housing", referral_for="housing")
        else:
            row.update(
                kind="overdose",
                place_type="street",
                product="nasal",
                doses_given="2",
                emergency_services_called="yes",
                conscious_before="no",
                outcome="survived",
            )
        out.write(",".join(row[c] for c in COLUMNS) + "\n")
    return out.getvalue().encode()


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    org = Organisation.objects.create(name="Bench", slug="bench", country="CA")
    sites = [Site.objects.create(organisation=org, name=name).name for name in ("Queen Street", "Riverside")]
    catalogue_ensure(organisation=org)
    user = User.objects.create_user(username="bench-coordinator")
    job = ImportJob.objects.create(
        organisation=org, created_by=user, file_name="bench.csv", content=_csv(sites)
    )
    started = time.perf_counter()
    import_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    saved = ServiceEntry.objects.count() + OverdoseResponse.objects.count()
    if job.status != ImportStatus.DONE or saved != ROWS:
        raise SystemExit(f"import failed: {job.status} {job.message} {job.errors[:3]} saved={saved}")
    print(f"import: rows={ROWS} seconds={seconds:.2f}")


if __name__ == "__main__":
    _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        main()
    finally:
        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
