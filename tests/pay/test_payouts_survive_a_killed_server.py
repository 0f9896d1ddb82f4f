"""A real server process is SIGKILLed while recording payouts: nothing is half-recorded.

The server runs against its own file SQLite database (WAL, immediate transactions, as in
production on one node). After the kill, every payout is either fully paid (status, exactly one
ledger entry, cash drawn from the box) or untouched, and the cash box still balances; a restarted
server then pays the rest and refuses the ones already paid.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from decimal import Decimal
from pathlib import Path

from tests.pause import pause, reap

ROOT = Path(__file__).resolve().parents[2]
PAYOUTS = 40
FLOAT = Decimal("10000.00")

SETUP = """
import json
from datetime import timedelta
from decimal import Decimal
import django
django.setup()
from django.utils import timezone
from peerwork.accounts.tokens import api_token_create
from peerwork.pay import services
from tests.personas import make_org_personas
from tests.pay.factories import PayRateFactory, RoleFactory, ShiftFactory, WorkedAssignmentFactory
from tests.factories import PeerWorkerFactory

p = make_org_personas("k", "Kill Test")
role = RoleFactory(organisation=p.org)
PayRateFactory(role=role, amount=Decimal("25.00"))
ids = []
start = timezone.now() - timedelta(days=1)
for n in range(%(n)d):
    peer = PeerWorkerFactory(organisation=p.org)
    shift = ShiftFactory(organisation=p.org, site=p.site, role=role, starts_at=start + timedelta(minutes=n))
    a = WorkedAssignmentFactory(shift=shift, peer=peer)
    ids.append(services.payout_create_for_assignment(assignment=a).pk)
box = services.cash_box_open(organisation=p.org, site=p.site, opening_float="%(float)s", actor=p.coordinator)
_, raw = api_token_create(user=p.coordinator, organisation=p.org, name="kill test")
print(json.dumps({"ids": ids, "box": box.pk, "token": raw}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PEERWORK_TEST_DB_SUFFIX"}}
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        PEERWORK_MODE="test",
        PEERWORK_VAR_DIR=str(db.parent),
        DJANGO_SETTINGS_MODULE="peerwork.settings",
        PYTHONPATH=str(ROOT),
    )
    return env


def _start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "peerwork.cli", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            pause(0.3)
    server.kill()
    raise AssertionError("the server did not start")


def _pay(port: int, token: str, payout_id: int) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/pay/payouts/{payout_id}/pay",
        data=json.dumps({"method": "cash"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0  # the connection died with the server


def _check_consistent(db: Path, box_id: int) -> tuple[set[int], set[int]]:
    """Every payout paid exactly once or not at all; the cash box equals float minus cash paid."""
    with sqlite3.connect(db) as conn:
        statuses = dict(conn.execute("SELECT id, status FROM pay_payout"))
        entries = conn.execute(
            "SELECT payout_id, kind, CAST(amount AS TEXT), cash_box_id FROM pay_ledgerentry"
        ).fetchall()
    paid_entries: dict[int, int] = {}
    box_total = Decimal("0")
    for payout_id, kind, amount, cash_box_id in entries:
        value = Decimal(amount)
        if kind == "payout":
            paid_entries[payout_id] = paid_entries.get(payout_id, 0) + 1
        if cash_box_id == box_id:
            box_total += value if kind == "float" else -value
    paid = {pid for pid, status in statuses.items() if status == "paid"}
    assert all(count == 1 for count in paid_entries.values()), "a payout was paid twice"
    assert set(paid_entries) == paid, "a payout status and the ledger disagree (half-recorded)"
    assert set(statuses.values()) <= {"paid", "pending"}
    assert box_total.quantize(Decimal("0.01")) == FLOAT - Decimal("100.00") * len(paid)
    return paid, set(statuses) - paid


def test_killing_the_server_mid_payouts_leaves_nothing_half_recorded(tmp_path):
    db = tmp_path / "kill.sqlite3"
    env = _env(db)
    subprocess.run(
        [sys.executable, "-m", "peerwork.cli", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    made = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETUP % {"n": PAYOUTS, "float": FLOAT}],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    server = _start_server(env, port)
    ok: set[int] = set()
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            futures = {pool.submit(_pay, port, setup["token"], pid): pid for pid in setup["ids"]}
            for done, future in enumerate(as_completed(futures), start=1):
                if future.result() == 200:
                    ok.add(futures[future])
                if done == PAYOUTS // 3:
                    os.kill(server.pid, signal.SIGKILL)
    finally:
        server.kill()
        reap(server, 10)

    paid, pending = _check_consistent(db, setup["box"])
    assert ok <= paid, "a payout the server confirmed is missing"
    assert pending, "the kill came too late to interrupt anything"

    server = _start_server(env, port)
    try:
        assert _pay(port, setup["token"], next(iter(paid))) == 409  # already paid: refused, not doubled
        for pid in pending:
            assert _pay(port, setup["token"], pid) == 200
    finally:
        server.send_signal(signal.SIGTERM)
        reap(server, 10)
    paid, pending = _check_consistent(db, setup["box"])
    assert len(paid) == PAYOUTS and not pending
