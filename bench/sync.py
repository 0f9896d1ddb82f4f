"""Benchmark the device sync: 1,000 offline records sent through the sync API, then every request
replayed as if each response had been lost.

Uses a throwaway SQLite database in a temporary directory (the embedded default) and
Django's test client, so the whole path is timed: JSON parsing, checks, per-record upsert, stock.

Prints one line:
sync: records=1000 seconds=S duplicates=D
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

RECORDS = 1000
BATCH = 100
_tmp = tempfile.TemporaryDirectory(prefix="peerwork-sync-bench-")
# Always a throwaway database: never the one DATABASE_URL names.
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("PEERWORK_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")
os.environ["PEERWORK_VAR_DIR"] = _tmp.name
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from peerwork.accounts.models import Membership, User  # noqa: E402
from peerwork.accounts.roles import Role as MemberRole  # noqa: E402
from peerwork.orgs.models import Organisation, Site  # noqa: E402
from peerwork.peers.models import PeerWorker  # noqa: E402
from peerwork.services.models import OverdoseResponse, ServiceEntry, SupplyItem  # noqa: E402
from peerwork.services.services import catalogue_ensure  # noqa: E402
from peerwork.services.stock import stock_receive  # noqa: E402
from peerwork.shifts.models import Assignment, AssignmentStatus, Role, Shift, WorkStream  # noqa: E402


def _setup() -> tuple[Client, list[dict]]:
    org = Organisation.objects.create(name="Bench", slug="bench", country="CA")
    site = Site.objects.create(organisation=org, name="Main")
    user = User.objects.create_user(username="bench-peer", password="bench-password-123")  # noqa: S106
    Membership.objects.create(user=user, organisation=org, role=MemberRole.PEER)
    peer = PeerWorker.objects.create(organisation=org, preferred_name="Bench peer", user=user)
    stream = WorkStream.objects.create(organisation=org, name="Harm reduction")
    role = Role.objects.create(organisation=org, work_stream=stream, name="Outreach")
    now = timezone.now()
    shift = Shift.objects.create(
        organisation=org,
        site=site,
        role=role,
        starts_at=now - timedelta(hours=3),
        ends_at=now + timedelta(hours=3),
    )
    Assignment.objects.create(organisation=org, shift=shift, peer=peer, status=AssignmentStatus.CHECKED_IN)
    catalogue_ensure(organisation=org)
    items = list(SupplyItem.objects.filter(organisation=org))
    for item in items:
        stock_receive(organisation=org, site=site, item=item, quantity=1_000_000, user=None)
    when = now.isoformat()
    records: list[dict] = []
    for n in range(RECORDS):
        record = {"uuid": str(uuid.uuid4()), "shift": shift.pk, "occurred_at": when}
        if n % 50 == 49:
            record.update(
                type="overdose",
                place_type="street",
                product="nasal",
                doses_given=1,
                outcome="survived",
                responders=[peer.pk],
            )
        elif n % 10 == 9:
            record.update(type="entry", kind="contact", quantity=3, client_code="F-ABCD-1980")
        else:
            record.update(type="entry", kind="supplies", item=items[n % len(items)].pk, quantity=1 + n % 9)
        records.append(record)
    client = Client()
    client.force_login(user)
    return client, records


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    client, records = _setup()
    url = reverse("api:services_sync")
    bodies = [json.dumps({"records": records[i : i + BATCH]}) for i in range(0, RECORDS, BATCH)]
    started = time.perf_counter()
    for body in bodies + bodies:  # every request twice: the second time as a replay
        response = client.post(url, data=body, content_type="application/json")
        if response.status_code != 200 or response.json()["rejected"]:
            raise SystemExit(f"sync failed: {response.status_code} {response.content[:300]!r}")
    seconds = time.perf_counter() - started
    stored = ServiceEntry.objects.count() + OverdoseResponse.objects.count()
    print(f"sync: records={RECORDS} seconds={seconds:.2f} duplicates={stored - RECORDS}")


if __name__ == "__main__":
    try:
        main()
    finally:
        _tmp.cleanup()
