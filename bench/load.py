"""Load: a soak of 50 locust users with think time, over gunicorn and PostgreSQL; not a capacity test.

Each user waits 0.5–1.5 s between requests, so 50 users can never ask for more than about 50
requests a second, whatever the server could do: the request rate this prints is set by the users'
think time, and what the run shows is whether the pages and the API keep answering (errors, p95)
for minutes at that pace. The bare Django view is driven by the same users, so hello_rps sits at
the same ceiling and the ratio says nothing about speed. For what one node can serve, see
bench/capacity.py (wrk, closed loop, no think time).

Creates a throwaway database on the server of DATABASE_URL (default: postgres on 127.0.0.1),
migrates it, loads the demo, starts gunicorn for Peerwork and for bench/loadkit/hello_wsgi.py, runs
locust (its own process) against each, drops the database and prints

    load: soak users=50 think_s=0.5-1.5 ceiling_rps=50 rps=R p95_ms=P errors=E hello_rps=H ratio=R/H

Usage: python bench/load.py [--minutes 5] [--users 50]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _server_urls() -> tuple[str, str, str]:
    given = os.environ.get("DATABASE_URL", "")
    base = given if given.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER
    parts = urlsplit(base)
    name = f"load_bench_{os.getpid()}"
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}")), name


ADMIN_URL, BENCH_URL, BENCH_DB = _server_urls()
WORK_DIR = tempfile.mkdtemp(prefix=f"{BENCH_DB}-")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=BENCH_URL,
        PEERWORK_MODE="test",
        PEERWORK_VAR_DIR=WORK_DIR,
        DJANGO_SETTINGS_MODULE="peerwork.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - 127.0.0.1 only
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def _credentials() -> tuple[str, str, str]:
    """A signed-in, 2FA-verified session of the demo admin, an API token, and a peer id."""
    code = """
import django; django.setup()
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from peerwork.accounts.models import Membership
from peerwork.accounts.roles import Role
from peerwork.accounts.tokens import api_token_create
from peerwork.peers.models import PeerWorker
m = Membership.objects.filter(role=Role.ORG_ADMIN, is_active=True).select_related("user").first()
client = Client()
client.force_login(m.user)
device, _ = TOTPDevice.objects.get_or_create(user=m.user, name="bench", defaults={"confirmed": True})
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
_token, raw = api_token_create(user=m.user, organisation=m.organisation, name="load bench")
peer = PeerWorker.objects.filter(organisation=m.organisation).order_by("pk").first()
print(client.cookies["sessionid"].value, raw, peer.pk)
"""
    out = subprocess.run(
        [str(BIN / "python"), "-c", code], env=_env(), check=True, capture_output=True, text=True
    )
    session, token, peer = out.stdout.strip().splitlines()[-1].split()
    return session, token, peer


def _locust(host: str, users: int, seconds: int, target: str, csv_prefix: str, extra: dict[str, str]) -> dict:
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "loadkit" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 5)),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            csv_prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "BENCH_TARGET": target, **extra},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    return {
        "rps": float(total["Requests/s"]),
        "p95": float(total["95%"] or 0),
        "errors": int(total["Failure Count"]),
    }


def _gunicorn(app: str, port: int, workers: int, chdir: Path = ROOT) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--chdir",
            str(chdir),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=_env(),
        cwd=ROOT,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    seconds = max(10, int(args.minutes * 60))
    hello_seconds = max(10, seconds // 5)
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    app = hello = None
    try:
        peerwork = [str(BIN / "peerwork")]
        subprocess.run([*peerwork, "migrate", "-v", "0"], env=_env(), check=True)
        subprocess.run([*peerwork, "demo"], env=_env(), check=True, stdout=subprocess.DEVNULL)
        session, token, peer = _credentials()
        app_port, hello_port = _free_port(), _free_port()
        app = _gunicorn("peerwork.wsgi:application", app_port, args.workers)
        hello = _gunicorn("hello_wsgi:application", hello_port, args.workers, ROOT / "bench" / "loadkit")
        _wait(f"http://127.0.0.1:{app_port}/healthz", app)
        _wait(f"http://127.0.0.1:{hello_port}/hello", hello)
        prefix = f"{WORK_DIR}/locust"
        main_run = _locust(
            f"http://127.0.0.1:{app_port}",
            args.users,
            seconds,
            "app",
            f"{prefix}-app",
            {"BENCH_SESSION": session, "BENCH_TOKEN": token, "BENCH_PEER_ID": peer},
        )
        hello_run = _locust(
            f"http://127.0.0.1:{hello_port}", args.users, hello_seconds, "hello", f"{prefix}-hello", {}
        )
    finally:
        _stop(app)
        _stop(hello)
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        shutil.rmtree(WORK_DIR, ignore_errors=True)
    ratio = main_run["rps"] / hello_run["rps"] if hello_run["rps"] else 0.0
    # Think time 0.5–1.5 s (bench/loadkit/locustfile.py): one request a second per user at most.
    print(
        f"load: soak users={args.users} think_s=0.5-1.5 ceiling_rps={args.users} "
        f"rps={main_run['rps']:.1f} p95_ms={main_run['p95']:.0f} "
        f"errors={main_run['errors']} hello_rps={hello_run['rps']:.1f} ratio={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
