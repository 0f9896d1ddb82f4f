"""Moments for tests that mean "a little while from now, today": today being the organisation's.

``timezone.now() + 30 minutes`` is tomorrow in the last half hour of the organisation's day, and
``now - 5 minutes`` is yesterday in its first five; a test that wants something happening today
then fails for that long every night.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from peerwork.orgs.models import Organisation


def today_near_now(organisation: Organisation, minutes: int = 30) -> datetime:
    """``minutes`` from now (before now when negative) if that is still the organisation's today;
    else as far on the other side of now."""
    now = timezone.now().replace(microsecond=0)
    moment = now + timedelta(minutes=minutes)
    return (
        moment if organisation.today(moment) == organisation.today(now) else now - timedelta(minutes=minutes)
    )
