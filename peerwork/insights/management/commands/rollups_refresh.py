from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerwork.insights.services import DEFAULT_ROLLUP_DAYS, rollups_refresh
from peerwork.insights.tasks import schedule_nightly_refresh
from peerwork.orgs.models import Organisation


class Command(BaseCommand):
    help = "Rebuild the daily indicator rollups (the dashboards read these). Run nightly from cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="Short name of one organisation (default: every organisation).")
        parser.add_argument("--days", type=int, default=DEFAULT_ROLLUP_DAYS, help="How many days back.")
        parser.add_argument("--until", type=date.fromisoformat, help="Last day (YYYY-MM-DD), default today.")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also queue the nightly rebuild (it re-queues itself each night while a task worker runs).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more.")
        organisations = Organisation.objects.all()
        if options["org"]:
            organisations = organisations.filter(slug=options["org"])
            if not organisations.exists():
                raise CommandError(f"No organisation has the short name {options['org']!r}.")
        for organisation in organisations:
            last = options["until"] or organisation.today()
            refresh = rollups_refresh(
                organisation=organisation, first_day=last - timedelta(days=options["days"]), last_day=last
            )
            span = f"{refresh.first_day}..{refresh.last_day}"
            self.stdout.write(f"{organisation.slug}: {refresh.rows_written} rows for {span}")
        if options["schedule"]:
            when = schedule_nightly_refresh()
            if when is None:
                raise CommandError(
                    "The task backend cannot run tasks later; run this command from cron instead."
                )
            self.stdout.write(f"Nightly rebuild queued for {when:%Y-%m-%d %H:%M} UTC.")
