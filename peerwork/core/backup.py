"""Backups of the whole database and a fingerprint to prove a restore is exact.

PostgreSQL uses ``pg_dump``/``pg_restore`` (custom format, one transaction on restore);
SQLite uses its online backup API, which copies a consistent snapshot while the
application keeps running.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why in plain words."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    sha256: str


def _pg_env(conn: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    settings = conn.settings_dict
    args = ["--host", settings.get("HOST") or "127.0.0.1", "--port", str(settings.get("PORT") or 5432)]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise BackupError(
            f"{tool} is not installed; install the PostgreSQL client tools (postgresql-client)."
        )
    return found


def backup_database(target: Path, *, using: str = "default") -> Path:
    """Write a backup of database ``using`` to ``target`` and return the path."""
    conn = connections[using]
    target.parent.mkdir(parents=True, exist_ok=True)
    if conn.vendor == "postgresql":
        args, env = _pg_env(conn)
        command = [
            _require("pg_dump"),
            *args,
            "--format=custom",
            "--no-owner",
            "--file",
            str(target),
            conn.settings_dict["NAME"],
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            conn.connection.backup(destination)
        finally:
            destination.close()
        return target
    raise BackupError(f"Backups are not supported for the {conn.vendor} database engine.")


def restore_database(source: Path, *, using: str = "default") -> None:
    """Replace the contents of database ``using`` with the backup in ``source``."""
    if not source.exists():
        raise BackupError(f"There is no backup file at {source}.")
    conn = connections[using]
    if conn.vendor == "postgresql":
        args, env = _pg_env(conn)
        name = conn.settings_dict["NAME"]
        conn.close()
        command = [
            _require("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            name,
            str(source),
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    if conn.vendor == "sqlite":
        try:
            origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            origin.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a Peerwork SQLite backup ({exc}).") from exc
        conn.ensure_connection()
        try:
            origin.backup(conn.connection)
        finally:
            origin.close()
        return
    raise BackupError(f"Restores are not supported for the {conn.vendor} database engine.")


def fingerprint(*, using: str = "default") -> dict[str, TableFingerprint]:
    """Row count and a SHA-256 over every row (in primary-key order) of every table."""
    conn = connections[using]
    result: dict[str, TableFingerprint] = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            quoted = conn.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608 - table names come from introspection
            digest = hashlib.sha256()
            rows = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(str(v) for v in row)).encode("utf-8"))
                rows += 1
            result[table] = TableFingerprint(rows=rows, sha256=digest.hexdigest())
    return result
