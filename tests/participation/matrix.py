"""Cross-organisation matrix entries for participation pages and API."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from peerwork.participation.services import participation_record
from peerwork.peers.services import peer_create
from tests.personas import LEAK_MARKER, OrgPersonas

from .factories import activity


def _activity(org: OrgPersonas):  # type: ignore[no-untyped-def]
    return activity(org, title=f"{LEAK_MARKER} Art group")


ROUTES = {
    "participation:activity": lambda org: {"pk": _activity(org).pk, "__post__": {"peers": [org.peer.pk]}},
    "participation:tap": lambda org: {"pk": _activity(org).pk, "__post__": {}},
    "api:activity_get": lambda org: {"activity_id": _activity(org).pk},
    "api:participation_list": lambda org: {"activity_id": _activity(org).pk},
    "api:participation_put": lambda org: {
        "activity_id": _activity(org).pk,
        "__post__": {"peer_ids": [org.peer.pk]},
        "__json__": True,
    },
    "api:participation_tap": lambda org: {"activity_id": _activity(org).pk, "__post__": {}, "__json__": True},
}


def seed_participation(org: OrgPersonas) -> None:
    today = _activity(org)
    earlier = activity(
        org,
        title=f"{LEAK_MARKER} Park clean-up",
        starts=timezone.now() - timedelta(days=2),
        site=org.other_site,
    )
    peer = peer_create(organisation=org.org, preferred_name=f"{LEAK_MARKER} Volunteer")
    participation_record(activity=today, peers=[peer, org.peer])
    participation_record(activity=earlier, peers=[peer])


SEED = [seed_participation]
