from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from peerwork.services.imports import IMPORT_ABANDONED_AFTER, imports_abandoned_close


class Command(BaseCommand):
    help = (
        f"End CSV imports that no worker finished within {IMPORT_ABANDONED_AFTER} (nothing of them was "
        "saved) and remove their files."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = imports_abandoned_close()
        self.stdout.write(f"{count} unfinished imports ended and their files removed.")
