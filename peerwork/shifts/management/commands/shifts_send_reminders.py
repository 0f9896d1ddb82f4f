from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from peerwork.shifts.reminders import reminders_send_due


class Command(BaseCommand):
    help = "Queue the shift reminders due now (the day before, two hours before); each is sent once."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_send_due()
        self.stdout.write(f"{count} reminders queued.")
