from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from peerwork.core.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump on PostgreSQL, the online backup API on SQLite)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", help="Where to write the backup (default: var/backups/<time>)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(
            options["file"] or settings.VAR_DIR / "backups" / f"peerwork-{timezone.now():%Y%m%dT%H%M%SZ}.dump"
        )
        try:
            path = backup_database(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes).")
