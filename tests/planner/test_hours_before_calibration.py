"""The planner starts each peer with the hours the ladder counts, brought-forward hours included."""

from __future__ import annotations

from datetime import timedelta

from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_hours_before_set
from peerwork.planner.calibration import calibrate

from .factories import eight_months


def _senior_hours(org) -> list[float]:  # type: ignore[no-untyped-def]
    t = org.today()
    initial = calibrate(org, t - timedelta(weeks=26), t).params.initial
    return sorted(person["hours"] for person in initial if person["stage"] == 1)


def test_calibration_counts_hours_brought_forward(org_a):
    org = eight_months(org_a)
    before = _senior_hours(org)
    senior = PeerWorker.objects.get(organisation=org, preferred_name="Peer 0")
    peer_hours_before_set(peer=senior, hours="400", source="Paper timesheets", by=org_a.coordinator)
    after = _senior_hours(org)
    assert len(before) == len(after) == 1
    assert after[0] == before[0] + 400.0
