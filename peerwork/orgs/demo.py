"""The demo organisation and its two sites."""

from __future__ import annotations

from peerwork.core.demo import DEMO_SLUG, DEMO_TIME_ZONE, DemoContext

from .models import ClientCodeScheme, Organisation, Site

DEMO_SITES = (
    ("Queen Street Drop-in", "412 Queen Street East, Toronto"),
    ("Riverside Outreach Hub", "85 River Street, Toronto"),
)


def build(ctx: DemoContext) -> None:
    org = Organisation.objects.create(
        name="Riverside Community Health",
        slug=DEMO_SLUG,
        country="CA",
        currency="CAD",
        time_zone=DEMO_TIME_ZONE,
        language="en",
        small_cell_threshold=5,
        client_code_scheme=ClientCodeScheme.ONTARIO,
    )
    ctx["org"] = org
    ctx["sites"] = [
        Site.objects.create(organisation=org, name=name, address=address) for name, address in DEMO_SITES
    ]
