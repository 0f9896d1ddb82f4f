"""A year of an organisation's people, shifts, attendances and services, loaded by COPY.

The builders of bench/dashboard.py, with the sizes and the database as arguments rather than
module constants (and attendances only on the organisation's own shifts), so that another bench
can import them without running that one's set-up. Import after ``django.setup()``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import numpy as np
import psycopg
from django.db import connection, models

from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import PeerPosition, Stage, StageChange
from peerwork.peers.models import PeerWorker
from peerwork.services.models import ServiceEntry
from peerwork.shifts.models import Assignment, Role, Shift, WorkStream

KINDS = ("supplies", "sharps", "contact", "referral", "naloxone_training")
STAGES = ("Participant", "Trainee", "Peer worker", "Lead")


def copy_rows(url: str, table: str, columns: str, chunks: Iterable[str]) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        # The generated rows are consistent by construction: skipping the per-row foreign-key
        # triggers keeps the load short.
        conn.execute("SET session_replication_role = replica")
        with (
            conn.transaction(),
            conn.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for chunk in chunks:
                copy.write(chunk)
        conn.execute(f"ANALYZE {table}")


def constant_columns(model: type[models.Model], given: str) -> tuple[list[str], list[str]]:
    """NOT NULL columns a load does not set, with each field's default as text.

    Other apps add columns to their models as they grow; the load keeps working by filling those
    with the model's own defaults.
    """
    named = {c.strip() for c in given.split(",")}
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.column in named:
            continue
        default = field.get_default()
        if isinstance(default, bool):
            text = "t" if default else "f"
        elif isinstance(default, list | dict):
            text = json.dumps(default)
        elif default is None:
            raise SystemExit(f"{model._meta.label}.{field.name} needs a value and has no default")
        else:
            text = str(default)
        columns.append(field.column)
        values.append(text)
    return columns, values


def copy_tail(model: type[models.Model], given: str) -> tuple[str, str]:
    """(", col, col", "\\tvalue\\tvalue") for a COPY's column list and each of its rows."""
    columns, values = constant_columns(model, given)
    return "".join(f", {c}" for c in columns), "".join(f"\t{v}" for v in values)


def stamps(first: date, days: int) -> list[str]:
    """One timestamp string per hour over the days, 13:00–24:00 UTC (daytime in the Americas)."""
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    return [
        (start + timedelta(days=d, hours=h)).strftime("%Y-%m-%d %H:00:00+00")
        for d in range(days)
        for h in range(13, 25)
    ]


def people(
    org: Organisation, sites: list[Site], first: date, *, count: int, days: int
) -> tuple[list[int], list[Stage], list[Role]]:
    """A four-stage ladder, a role per stage, and ``count`` peers who joined over the period (and before)."""
    stages = [Stage.objects.create(organisation=org, name=n, order=i + 1) for i, n in enumerate(STAGES)]
    stream = WorkStream.objects.create(organisation=org, name="Harm reduction")
    roles = [
        Role.objects.create(
            organisation=org, work_stream=stream, name=f"Role {i}", min_stage=stage if i else None
        )
        for i, stage in enumerate(stages)
    ]
    rng = np.random.default_rng(1)
    joined = rng.integers(-400, days, size=count)
    PeerWorker.objects.bulk_create(
        PeerWorker(
            organisation=org, preferred_name=f"Peer {n}", joined_on=first + timedelta(days=int(joined[n]))
        )
        for n in range(count)
    )
    peer_ids = list(PeerWorker.objects.filter(organisation=org).order_by("id").values_list("id", flat=True))
    through = PeerWorker.sites.through
    through.objects.bulk_create(
        through(peerworker_id=pid, site_id=sites[n % len(sites)].pk) for n, pid in enumerate(peer_ids)
    )
    StageChange.objects.bulk_create(
        StageChange(
            organisation=org,
            peer_id=pid,
            to_stage=stages[n % len(stages)],
            kind="start",
            effective_on=first + timedelta(days=int(joined[n])),
        )
        for n, pid in enumerate(peer_ids)
    )
    PeerPosition.objects.bulk_create(
        PeerPosition(peer_id=pid, stage=stages[n % len(stages)], since=first + timedelta(days=int(joined[n])))
        for n, pid in enumerate(peer_ids)
    )
    return peer_ids, stages, roles


def shifts_worked(
    url: str,
    org: Organisation,
    sites: list[Site],
    roles: list[Role],
    peer_ids: list[int],
    hours: list[str],
    *,
    shifts: int,
    attendances: int,
    length_hours: int = 4,
) -> None:
    """``shifts`` published shifts at the given hours and ``attendances`` completed attendances on them."""
    rng = np.random.default_rng(2)
    start_pick = rng.integers(0, len(hours), size=shifts)
    site_pick = rng.integers(0, len(sites), size=shifts)
    role_pick = rng.integers(0, len(roles), size=shifts)
    per_shift = -(-attendances // shifts)
    shift_cols = "organisation_id, site_id, role_id, starts_at, ends_at, slots, status, notes"
    shift_more_cols, shift_more = copy_tail(Shift, shift_cols)

    def shift_rows() -> Iterable[str]:
        buffer = io.StringIO()
        for n in range(shifts):
            start = datetime.fromisoformat(hours[start_pick[n]])
            end = start + timedelta(hours=length_hours)
            buffer.write(
                f"{org.pk}\t{sites[site_pick[n]].pk}\t{roles[role_pick[n]].pk}\t{start.isoformat()}\t"
                f"{end.isoformat()}\t{per_shift}\tpublished\t{shift_more}\n"
            )
        yield buffer.getvalue()

    copy_rows(url, "shifts_shift", shift_cols + shift_more_cols, shift_rows())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, starts_at, ends_at FROM shifts_shift WHERE organisation_id = %s ORDER BY id", [org.pk]
        )
        made = cursor.fetchall()
    peers = np.asarray(peer_ids)
    attendance_cols = (
        "organisation_id, shift_id, peer_id, status, checked_in_at, checked_out_at, duties_done, "
        "other_work, created_at"
    )
    more_cols, more = copy_tail(Assignment, attendance_cols)

    def attendance_rows() -> Iterable[str]:
        base = attendances // len(made)
        extra = attendances - base * len(made)
        buffer = io.StringIO()
        for n, (shift_id, starts, ends) in enumerate(made):
            offset = (n * 7919) % len(peers)
            cin, cout = starts.isoformat(), ends.isoformat()
            for k in range(base + (1 if n < extra else 0)):
                peer = peers[(offset + k * 499) % len(peers)]
                buffer.write(f"{org.pk}\t{shift_id}\t{peer}\tcompleted\t{cin}\t{cout}\t[]\t\t{cin}{more}\n")
            if buffer.tell() > 1 << 23:
                yield buffer.getvalue()
                buffer = io.StringIO()
        yield buffer.getvalue()

    copy_rows(url, "shifts_assignment", attendance_cols + more_cols, attendance_rows())


def services(url: str, org: Organisation, sites: list[Site], hours: list[str], *, rows: int) -> None:
    """``rows`` service records at the given hours, spread over the sites and five kinds."""
    rng = np.random.default_rng(3)
    chunk = 1_000_000
    columns = (
        "organisation_id, client_uuid, kind, site_id, quantity, client_code, place_name, referral_to, "
        "referral_for, occurred_at, source, created_at"
    )
    more_cols, more = copy_tail(ServiceEntry, columns)
    site_ids = [s.pk for s in sites]

    def chunks() -> Iterable[str]:
        for first in range(0, rows, chunk):
            size = min(chunk, rows - first)
            when = rng.integers(0, len(hours), size=size)
            where = rng.integers(0, len(sites), size=size)
            kind = rng.integers(0, len(KINDS), size=size)
            quantity = rng.integers(1, 20, size=size)
            yield "".join(
                f"{org.pk}\t{org.pk:08x}{first + n:024x}\t{KINDS[k]}\t{site_ids[s]}\t{q}\t\t\t\t\t"
                f"{hours[w]}\tpage\t{hours[w]}{more}\n"
                for n, (w, s, k, q) in enumerate(
                    zip(when.tolist(), where.tolist(), kind.tolist(), quantity.tolist(), strict=True)
                )
            )

    copy_rows(url, "services_serviceentry", columns + more_cols, chunks())
