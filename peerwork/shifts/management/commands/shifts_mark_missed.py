from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from peerwork.shifts.offers import offers_advance
from peerwork.shifts.services import assignments_mark_missed


class Command(BaseCommand):
    help = (
        "Record places not checked into after the grace period as missed (no penalty) and offer them "
        "on; text the next wave where offers by text expired."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = assignments_mark_missed()
        self.stdout.write(f"{count} places marked missed.")
        offered = offers_advance()
        self.stdout.write(f"{offered} places offered by text in a new wave.")
