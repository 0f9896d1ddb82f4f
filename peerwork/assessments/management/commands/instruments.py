"""``peerwork instruments load FILE --org SLUG``: load a definition or licensed wording; list; remind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerwork.assessments.definitions import DefinitionError
from peerwork.assessments.selectors import current_version, instruments_for
from peerwork.assessments.services import instrument_load, instruments_sync_shipped, reminders_send_due
from peerwork.orgs.models import Organisation


class Command(BaseCommand):
    help = "Questionnaire definitions: load a definition or wording file, list instruments, send reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load an instrument definition or a wording file (JSON).")
        load.add_argument("file", help="Path to the JSON file.")
        load.add_argument("--org", required=True, help="The organisation's short name (slug).")
        listing = sub.add_parser(
            "list", help="List an organisation's instruments and whether they can be used."
        )
        listing.add_argument("--org", required=True)
        remind = sub.add_parser("remind", help="Queue reminders for check-ins due in the next days.")
        remind.add_argument("--org", required=True)
        remind.add_argument("--days", type=int, default=2)

    def _org(self, slug: str) -> Organisation:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {slug!r}.")
        return organisation

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self._org(options["org"])
        action = options["action"]
        if action == "load":
            self._load(organisation, Path(options["file"]))
        elif action == "list":
            instruments_sync_shipped(organisation=organisation)
            for instrument in instruments_for(organisation):
                version = current_version(instrument)
                if version is None:
                    continue
                state = "ready" if version.can_administer else "wording not loaded"
                self.stdout.write(f"{instrument.key}\t{version.version}\t{state}")
        else:
            sent = reminders_send_due(
                organisation=organisation, today=organisation.today(), days_ahead=options["days"]
            )
            self.stdout.write(f"{len(sent)} reminder(s) queued.")

    def _load(self, organisation: Organisation, path: Path) -> None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            kind, version = instrument_load(organisation=organisation, raw=raw)
        except DefinitionError as exc:
            self.stderr.write(f"{path} was not loaded. {len(exc.errors)} problem(s):")
            for error in exc.errors:
                self.stderr.write(f"  - {error}")
            raise CommandError("Nothing was changed.") from None
        what = "wording for" if kind == "wording" else "definition of"
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the {what} {version.instrument.key} version {version.version}.")
        )
