"""Moments for tests that mean "a little while from now, today": today being the organisation's.

``timezone.now() + 30 minutes`` is tomorrow in the last half hour of the organisation's day, and a
test that wants something happening today then fails for half an hour every night.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from peerwork.orgs.models import Organisation


def soon_today(organisation: Organisation, minutes: int = 30) -> datetime:
    """``minutes`` from now if that is still the organisation's today, else as long before now."""
    now = timezone.now()
    later = now + timedelta(minutes=minutes)
    return later if organisation.today(later) == organisation.today(now) else now - timedelta(minutes=minutes)
