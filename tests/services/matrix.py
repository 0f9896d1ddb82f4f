"""Cross-organisation matrix entries for services: each builder makes organisation A's object."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from peerwork.services.models import ImportJob, ImportStatus
from peerwork.services.services import catalogue_ensure, records_sync
from tests.personas import LEAK_MARKER, OrgPersonas

from .factories import (
    OverdoseResponseFactory,
    ServiceEntryFactory,
    SupplyItemFactory,
    new_uuid,
    shift_with_peer,
)


def _entry_page(p: OrgPersonas) -> dict[str, Any]:
    return {"shift_id": shift_with_peer(p).pk}


def _catalogue_toggle(p: OrgPersonas) -> dict[str, Any]:
    item = SupplyItemFactory(organisation=p.org, name=f"{LEAK_MARKER} kit")
    return {"item_id": item.pk, "__post__": {}}


def _import_status(p: OrgPersonas) -> dict[str, Any]:
    job = ImportJob.objects.create(
        organisation=p.org,
        file_name=f"{LEAK_MARKER}.csv",
        status=ImportStatus.FAILED,
        errors=[{"line": 2, "reason": f"no site called {LEAK_MARKER}"}],
    )
    return {"job_id": job.pk}


def _log(p: OrgPersonas) -> dict[str, Any]:
    entry = ServiceEntryFactory(
        organisation=p.org, site=p.site, kind="sharps", place_name=f"{LEAK_MARKER} lane"
    )
    return {"entry_id": entry.pk}


def _event(p: OrgPersonas) -> dict[str, Any]:
    event = OverdoseResponseFactory(organisation=p.org, site=p.site, place_name=f"{LEAK_MARKER} park")
    event.responders.set([p.peer])
    return {"event_id": event.pk}


def _contribution_peer(p: OrgPersonas) -> dict[str, Any]:
    """A's peer, with a shift worked: their contribution is what must not reach B."""
    shift_with_peer(p)
    return {"peer_id": p.peer.pk}


ROUTES = {
    "services:entry": _entry_page,
    "api:contribution_peer": _contribution_peer,
    "services:catalogue_toggle": _catalogue_toggle,
    "services:import_status": _import_status,
    "api:services_log": _log,
    "api:services_event": _event,
}


def seed_services(p: OrgPersonas) -> None:
    """Organisation A logs work today, with marked place names, an overdose response and stock."""
    catalogue_ensure(organisation=p.org)
    SupplyItemFactory(organisation=p.org, name=f"{LEAK_MARKER} mouthpieces")
    shift = shift_with_peer(p)
    now = timezone.now().isoformat()
    records_sync(
        organisation=p.org,
        user=p.peer_user,
        is_staff=False,
        records=[
            {
                "uuid": new_uuid(),
                "kind": "sharps",
                "shift": shift.pk,
                "quantity": 3,
                "occurred_at": now,
                "place_name": f"{LEAK_MARKER} alley",
                "latitude": "43.65",
                "longitude": "-79.37",
            },
            {"uuid": new_uuid(), "kind": "contact", "shift": shift.pk, "quantity": 3, "occurred_at": now},
            {
                "uuid": new_uuid(),
                "type": "overdose",
                "shift": shift.pk,
                "occurred_at": now,
                "place_name": f"{LEAK_MARKER} corner",
                "product": "nasal",
                "doses_given": 1,
                "outcome": "survived",
                "responders": [p.peer.pk],
            },
        ],
    )
    ImportJob.objects.create(organisation=p.org, file_name=f"{LEAK_MARKER}-history.csv")


SEED = [seed_services]
