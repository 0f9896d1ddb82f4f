"""Benchmark two-way SMS on PostgreSQL: 1,000 signed inbound replies to 200 open offers, concurrently.

Creates a throwaway database on the server of DATABASE_URL (default: the machine's
postgres://postgres@127.0.0.1:5432), migrates it, makes 50 one-place shifts each offered by text to
4 peers (200 open offers), then posts 1,000 Twilio-signed replies to the inbound webhook from
BENCH_SMS_WORKERS processes (default 8) as fast as it takes them: every offered peer replies YES with
their code (four peers racing for each place), the rest are wrong codes, HELP and free text, and
10 % are the provider's retries of a message already sent (same MessageSid).

Prints one line:
sms: inbound=1000 seconds=S places_taken=P double_booked=0 duplicates_processed=0
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

SHIFTS = 50
PER_SHIFT = 4
INBOUND = 1000
DUPLICATE_SHARE = 0.10
WORKERS = int(os.environ.get("BENCH_SMS_WORKERS", "8"))
TOKEN = "bench-auth-token"  # noqa: S105 - a test token, nothing reaches the provider
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _server_urls() -> tuple[str, str, str]:
    given = os.environ.get("DATABASE_URL", "")
    base = given if given.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER
    parts = urlsplit(base)
    name = f"sms_bench_{os.getpid()}"
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}")), name


ADMIN_URL, BENCH_URL, BENCH_DB = _server_urls()
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("PEERWORK_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")
os.environ["TWILIO_AUTH_TOKEN"] = TOKEN
os.environ["SMS_BACKEND"] = "peerwork.core.sms.ConsoleSMSBackend"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import get_resolver, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from peerwork.orgs.models import Organisation, Site  # noqa: E402
from peerwork.peers.models import PeerWorker  # noqa: E402
from peerwork.shifts.models import (  # noqa: E402
    Assignment,
    AssignmentSource,
    Role,
    Shift,
    ShiftPolicy,
    SignUp,
    SmsDirection,
    SmsMessage,
    SmsOffer,
    WorkStream,
)
from peerwork.shifts.selectors import HOLDING  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - import every URL module before timing


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _setup() -> list[SmsOffer]:
    org = Organisation.objects.create(name="Bench", slug="bench", country="CA", time_zone="America/Toronto")
    ShiftPolicy.objects.update_or_create(organisation=org, defaults={"sms_offers": True})
    site = Site.objects.create(organisation=org, name="Queen St")
    stream = WorkStream.objects.create(organisation=org, name="Street work")
    role = Role.objects.create(organisation=org, work_stream=stream, name="Clean-up")
    now = timezone.now()
    offers = []
    number = 0
    for i in range(SHIFTS):
        starts = now + timedelta(days=1 + i // 10, hours=i % 10)
        shift = Shift.objects.create(
            organisation=org,
            site=site,
            role=role,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            slots=1,
        )
        for position in range(1, PER_SHIFT + 1):
            number += 1
            peer = PeerWorker.objects.create(
                organisation=org,
                preferred_name=f"Peer {number}",
                phone=f"+1416555{number:04d}",
                sms_consent_at=now,
            )
            peer.sites.add(site)
            SignUp.objects.create(organisation=org, shift=shift, peer=peer, waitlist_position=position)
            offers.append(
                SmsOffer.objects.create(
                    organisation=org,
                    shift=shift,
                    peer=peer,
                    code=f"{1000 + number}",
                    sent_at=now,
                    expires_at=now + timedelta(minutes=30),
                )
            )
    return offers


def _messages(offers: list[SmsOffer]) -> list[dict[str, str]]:
    rng = random.Random(19)
    unique = INBOUND - int(INBOUND * DUPLICATE_SHARE)
    messages = [{"From": o.peer.phone, "Body": f"YES {o.code}"} for o in offers]
    others = ["YES 0000", "help", "Can I come late?", "no", "STOP!"]
    while len(messages) < unique:
        offer = rng.choice(offers)
        body = rng.choice(others[:4]) if rng.random() < 0.7 else f"yes {offer.code}"
        messages.append({"From": offer.peer.phone, "Body": body})
    for i, message in enumerate(messages):
        message["MessageSid"] = f"SMbench{i:06d}"
    rng.shuffle(messages)
    retries = [dict(rng.choice(messages)) for _ in range(INBOUND - unique)]
    everything = messages + retries
    rng.shuffle(everything)
    return everything


def _post_chunk(chunk: list[tuple[dict[str, str], str]]) -> list[int]:
    url = "http://testserver" + reverse("shifts:sms_inbound")
    client = Client()
    codes = [client.post(url, m, HTTP_X_TWILIO_SIGNATURE=s).status_code for m, s in chunk]
    connections.close_all()
    return codes


def _post_all(messages: list[dict[str, str]]) -> list[int]:
    """Post from WORKERS processes at once (separate interpreters, so no lock serialises them)."""
    url = "http://testserver" + reverse("shifts:sms_inbound")
    validator = RequestValidator(TOKEN)
    signed = [(m, validator.compute_signature(url, m)) for m in messages]
    chunks = [signed[i::WORKERS] for i in range(WORKERS)]
    connections.close_all()  # each forked worker opens its own connection
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        return [code for codes in pool.map(_post_chunk, chunks) for code in codes]


def main() -> None:
    assert settings.TWILIO_AUTH_TOKEN == TOKEN
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        call_command("migrate", verbosity=0)
        offers = _setup()
        messages = _messages(offers)
        started = time.perf_counter()
        codes = _post_all(messages)
        seconds = time.perf_counter() - started
        bad = [c for c in codes if c != 200]
        if bad:
            print(f"sms: {len(bad)} requests failed: {sorted(set(bad))}", file=sys.stderr)
        taken = Assignment.objects.filter(source=AssignmentSource.WAITLIST, status__in=HOLDING).count()
        double = (
            Shift.objects.annotate(
                holding=Count("assignments", filter=django.db.models.Q(assignments__status__in=HOLDING))
            )
            .filter(holding__gt=F("slots"))
            .count()
        )
        stored = SmsMessage.objects.filter(direction=SmsDirection.IN).count()
        unique_sids = len({m["MessageSid"] for m in messages})
        duplicates_processed = stored - unique_sids
        print(
            f"sms: inbound={len(messages)} seconds={seconds:.2f} places_taken={taken} "
            f"double_booked={double} duplicates_processed={duplicates_processed}"
        )
    finally:
        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
