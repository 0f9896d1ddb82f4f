"""Produce today's retention dry-run report for every organisation (schedule it, e.g. nightly).

Nothing is removed: an administrator reads the report on the retention page and carries it out.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from peerwork.orgs.models import Organisation
from peerwork.privacy.services import retention_dry_run


class Command(BaseCommand):
    help = "Write a retention dry-run report for every organisation (removes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        for organisation in Organisation.objects.order_by("pk"):
            run = retention_dry_run(organisation=organisation, by=None)
            total = sum(sum(kinds.values()) for kinds in run.report["counts"].values())
            self.stdout.write(f"{organisation.slug}: dry run {run.pk}, {total} records would be removed")
