"""Benchmark the momentum dashboard on PostgreSQL: rollups against GROUP BY over raw rows.

Creates a throwaway database on the server of DATABASE_URL (default: the machine's
postgres://postgres@127.0.0.1:5432), migrates it, loads 5,000 peers on a four-stage ladder,
100,000 shifts with 1,000,000 worked attendances and 10,000,000 service records (both by COPY,
spread over the last 365 days and three sites), builds the daily rollups, then times:

* the dashboard page (``/insights/``, default 90 days) for an evaluator: p95 of 50 requests;
* the same headline figures computed by GROUP BY over the raw rows (median of 3).

Prints one line:
dashboard: service_rows=10000000 attendance_rows=1000000 p95_ms=A raw_groupby_ms=B speedup=C rollup_build_s=D
rollup_incremental_s=E load=L
(targets: A <= 300, C >= 10, D <= 60, E <= 5; L is the load average). rollup_incremental_s times the
refresh that a day of new records queues (a day's share of the rows, on top of the year).
BENCH_DASHBOARD_SERVICES / BENCH_DASHBOARD_ATTENDANCES shrink it.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg

SERVICE_ROWS = int(os.environ.get("BENCH_DASHBOARD_SERVICES", "10000000"))
ATTENDANCE_ROWS = int(os.environ.get("BENCH_DASHBOARD_ATTENDANCES", "1000000"))
PEERS = 5000
SHIFTS = max(1, ATTENDANCE_ROWS // 10)
DAYS = 365
REQUESTS = 50
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _server_urls() -> tuple[str, str, str]:
    given = os.environ.get("DATABASE_URL", "")
    base = given if given.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER
    parts = urlsplit(base)
    name = f"dashboard_bench_{os.getpid()}"
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}")), name


ADMIN_URL, BENCH_URL, BENCH_DB = _server_urls()
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("PEERWORK_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")
sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent / "loadkit")]

import django  # noqa: E402

django.setup()

import year_data  # noqa: E402  (bench/loadkit)
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from peerwork.accounts.models import Membership, User  # noqa: E402
from peerwork.accounts.roles import Role as MemberRole  # noqa: E402
from peerwork.insights.services import rollups_refresh  # noqa: E402
from peerwork.insights.tasks import rollups_changed  # noqa: E402
from peerwork.orgs.models import Organisation, Site  # noqa: E402
from peerwork.services.models import ServiceEntry  # noqa: E402
from peerwork.shifts.models import Assignment, Role, Shift  # noqa: E402

# Import every URL module now, not at the first request half an hour into the run.
get_resolver().url_patterns  # noqa: B018

KINDS = year_data.KINDS


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _incremental(
    org: Organisation, sites: list[Site], roles: list[Role], peer_ids: list[int], today: date
) -> float:
    """A day of new records (a day's share of the services and attendances) on top of the year, then
    the refresh the writes queue (insights/follow.py): from the changed day to today, timed."""
    day_services = SERVICE_ROWS // DAYS
    day_attendances = ATTENDANCE_ROWS // DAYS
    midday = datetime.combine(today, datetime.min.time(), tzinfo=org.zone) + timedelta(hours=12)
    stamp = midday.astimezone(UTC).strftime("%Y-%m-%d %H:%M:00+00")
    columns = (
        "organisation_id, client_uuid, kind, site_id, quantity, client_code, place_name, referral_to, "
        "referral_for, occurred_at, source, created_at"
    )
    more_cols, more = year_data.copy_tail(ServiceEntry, columns)
    year_data.copy_rows(
        BENCH_URL,
        "services_serviceentry",
        columns + more_cols,
        [
            "".join(
                f"{org.pk}\t{n:08x}{'f' * 24}\t{KINDS[n % len(KINDS)]}\t{sites[n % len(sites)].pk}"
                f"\t{1 + n % 9}\t\t\t\t\t{stamp}\tpage\t{stamp}{more}\n"
                for n in range(day_services)
            )
        ],
    )
    shifts = [
        Shift.objects.create(
            organisation=org,
            site=sites[n % len(sites)],
            role=roles[n % len(roles)],
            starts_at=midday,
            ends_at=midday + timedelta(hours=4),
            slots=10,
            status="published",
        )
        for n in range(max(1, day_attendances // 10))
    ]
    Assignment.objects.bulk_create(
        Assignment(
            organisation=org,
            shift=shifts[n % len(shifts)],
            peer_id=peer_ids[(n * 7) % len(peer_ids)],
            status="completed",
            checked_in_at=midday,
            checked_out_at=midday + timedelta(hours=4),
        )
        for n in range(day_attendances)
    )
    started = time.perf_counter()
    rollups_changed(organisation=org, since=today)  # the immediate backend runs it at once
    return time.perf_counter() - started


RAW_SQL = [
    # services per site and kind over the period
    """SELECT site_id, kind, count(*), sum(quantity) FROM services_serviceentry
       WHERE organisation_id = %(org)s AND occurred_at >= %(lo)s AND occurred_at < %(hi)s
       GROUP BY site_id, kind""",
    # shifts and hours worked per day and site, by the shift's local day
    """SELECT (s.starts_at AT TIME ZONE %(tz)s)::date, s.site_id, count(*),
              sum(extract(epoch FROM a.checked_out_at - a.checked_in_at)) / 3600
       FROM shifts_assignment a JOIN shifts_shift s ON s.id = a.shift_id
       WHERE a.organisation_id = %(org)s AND a.status IN ('completed', 'checked_in')
         AND s.starts_at >= %(lo)s AND s.starts_at < %(hi)s GROUP BY 1, 2""",
    # active peers (worked in the last 30 days) per site and stage
    """SELECT s.site_id, p.stage_id, count(DISTINCT a.peer_id)
       FROM shifts_assignment a JOIN shifts_shift s ON s.id = a.shift_id
       JOIN pathway_peerposition p ON p.peer_id = a.peer_id
       WHERE a.organisation_id = %(org)s AND a.status IN ('completed', 'checked_in')
         AND s.starts_at >= %(active)s
       GROUP BY 1, 2""",
    # share of worked shifts going to peers in their first 90 days
    """SELECT s.site_id,
              count(*) FILTER (WHERE (s.starts_at AT TIME ZONE %(tz)s)::date - w.joined_on < 90), count(*)
       FROM shifts_assignment a JOIN shifts_shift s ON s.id = a.shift_id
       JOIN peers_peerworker w ON w.id = a.peer_id
       WHERE a.organisation_id = %(org)s AND a.status IN ('completed', 'checked_in')
         AND s.starts_at >= %(lo)s AND s.starts_at < %(hi)s GROUP BY 1""",
    # places offered and sign-ups per stage
    """SELECT r.min_stage_id, sum(s.slots) FROM shifts_shift s JOIN shifts_role r ON r.id = s.role_id
       WHERE s.organisation_id = %(org)s AND s.starts_at >= %(lo)s AND s.starts_at < %(hi)s GROUP BY 1""",
]


def main() -> None:
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        call_command("migrate", verbosity=0)
        org = Organisation.objects.create(
            name="Bench", slug="bench", country="CA", time_zone="America/Toronto"
        )
        sites = [Site.objects.create(organisation=org, name=n) for n in ("North", "South", "Harbour")]
        today = org.today()
        first = today - timedelta(days=DAYS - 1)
        hours = year_data.stamps(first, DAYS)
        peer_ids, _stages, roles = year_data.people(org, sites, first, count=PEERS, days=DAYS)
        year_data.shifts_worked(
            BENCH_URL, org, sites, roles, peer_ids, hours, shifts=SHIFTS, attendances=ATTENDANCE_ROWS
        )
        year_data.services(BENCH_URL, org, sites, hours, rows=SERVICE_ROWS)

        started = time.perf_counter()
        rollups_refresh(organisation=org, first_day=first, last_day=today)
        rollup_build_s = time.perf_counter() - started
        print(f"rollups built in {rollup_build_s:.1f} s", file=sys.stderr)

        user = User.objects.create_user(username="evaluator", password="bench-password-2026")  # noqa: S106
        Membership.objects.create(user=user, organisation=org, role=MemberRole.EVALUATOR)
        client = Client()
        client.force_login(user)
        client.get("/insights/")
        timings = []
        for _ in range(REQUESTS):
            began = time.perf_counter()
            response = client.get("/insights/")
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200 and b"Active peers" in response.content
        p95 = float(np.percentile(timings, 95))

        rollup_incremental_s = _incremental(org, sites, roles, peer_ids, today)
        print(f"incremental refresh in {rollup_incremental_s:.1f} s", file=sys.stderr)

        lo = datetime.combine(today - timedelta(days=89), datetime.min.time(), tzinfo=org.zone)
        hi = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=org.zone)
        args = {"org": org.pk, "lo": lo, "hi": hi, "tz": org.time_zone, "active": hi - timedelta(days=30)}
        raw = []
        for _ in range(3):
            began = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in RAW_SQL:
                    cursor.execute(sql, args)
                    cursor.fetchall()
            raw.append((time.perf_counter() - began) * 1000)
        raw_ms = statistics.median(raw)
        print(
            f"dashboard: service_rows={SERVICE_ROWS} attendance_rows={ATTENDANCE_ROWS} p95_ms={p95:.0f} "
            f"raw_groupby_ms={raw_ms:.0f} speedup={raw_ms / p95:.1f} rollup_build_s={rollup_build_s:.1f} "
            f"rollup_incremental_s={rollup_incremental_s:.1f} load={os.getloadavg()[0]:.1f}"
        )
    finally:
        connections.close_all()
        if os.environ.get("BENCH_DASHBOARD_KEEP"):
            print(f"kept database {BENCH_DB}", file=sys.stderr)
        else:
            _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
