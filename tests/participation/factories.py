"""Activities for participation tests: today at a site, by default starting in an hour."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from peerwork.participation.models import Activity, ActivityKind
from peerwork.participation.services import activity_create
from tests.clock import today_near_now
from tests.personas import OrgPersonas


def activity(
    org: OrgPersonas,
    *,
    site: Any = None,
    starts: datetime | None = None,
    title: str = "Drop-in group",
    **kw: Any,
) -> Activity:
    starts = starts or today_near_now(org.org)  # today, within the hour it may be tapped in
    return activity_create(
        organisation=org.org,
        site=site or org.site,
        kind=kw.pop("kind", ActivityKind.DROP_IN),
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **kw,
    )
