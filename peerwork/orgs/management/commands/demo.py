from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from peerwork.core.demo import DEMO_SLUG, DEMO_TIME_ZONE, DemoContext, builders, sign_in_help
from peerwork.orgs.models import Organisation


class Command(BaseCommand):
    help = "Build the deterministic demo organisation 'Riverside Community Health' and print how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.filter(slug=DEMO_SLUG).exists():
            self.stdout.write("The demo organisation is already loaded.")
            lines = sign_in_help()
        else:
            ctx = DemoContext(today=Organisation(time_zone=DEMO_TIME_ZONE).today())
            with transaction.atomic():
                for name, build in builders.items():
                    self.stdout.write(f"  building {name}…")
                    build(ctx)
            lines = ctx.sign_ins + ctx.notes
        self.stdout.write("")
        for line in lines:
            self.stdout.write(line)
