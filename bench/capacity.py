"""Capacity: what one 2-core web node serves, page by page, closed-loop with wrk at 8 connections.

Creates a throwaway database on the server of DATABASE_URL (default: the machine's
postgres://postgres@127.0.0.1:5432), loads the demo organisation and a realistic one (2,000 peers,
a year of shifts, services and pay: bench/loadkit/capacity_data.py), starts gunicorn as
docs/deploy.md says (production mode, DEBUG off) and drives each URL with wrk for a fixed time
(10 s) after a warm-up (3 s), signed in as a coordinator (the ladder: an organisation admin; "My
work": a peer on a kiosk; the API: a token), with one session or token per connection. A URL that
answers fewer than 5 requests per connection in that time is measured again for longer (up to 60 s),
since wrk drops the requests still running at the end. The Django floor (bench/loadkit/
capacity_site.py) is base.html under the same settings, middleware and session with one query of
its own. Queries are counted on one request after the run. Prints a line per URL

    <name> rps=R p50_ms=M p99_ms=P queries=Q errors=E

and then

    capacity: app_rps=A floor_rps=F ratio=A/F worst_p99_ms=P errors=E load=L

A is the harmonic mean of the URLs' rps (the floor not among them), E every response that was
not 2xx plus socket errors, L the 1-minute load average when the run started (this machine is
shared: read the figures with it). Targets: ratio >= 0.5, worst_p99_ms <= 250, errors=0.
Gunicorn and the database are removed at the end, also after a failure or Ctrl-C; with --keep-db NAME
the database NAME is built once, kept, and reused (migrated, with fresh sign-ins) by later runs.

Usage: python bench/capacity.py [--seconds 10] [--warmup 3] [--max-seconds 60] [--connections 8]
                                [--workers N] [--threads 2] [--only NAME ...] [--keep-db NAME]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
LOADKIT = ROOT / "bench" / "loadkit"
BIN = Path(sys.executable).parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PER_CONNECTION = 5  # answers per connection wanted from a measurement, for its rate and p99
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}  # as nginx sets them


def _kept_db() -> str | None:
    """--keep-db NAME, read before Django is set up: the database it names is where the bench goes."""
    if "--keep-db" not in sys.argv[:-1]:
        return None
    return sys.argv[sys.argv.index("--keep-db") + 1]


def _server_urls() -> tuple[str, str, str]:
    given = os.environ.get("DATABASE_URL", "")
    base = given if given.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER
    parts = urlsplit(base)
    name = KEPT_DB or f"capacity_bench_{os.getpid()}"
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}")), name


KEPT_DB = _kept_db()
ADMIN_URL, BENCH_URL, BENCH_DB = _server_urls()
# The bench makes the sessions that gunicorn reads, so both sign with one key.
SECRET_KEY = secrets.token_urlsafe(50)
os.environ.update(
    DATABASE_URL=BENCH_URL,
    SECRET_KEY=SECRET_KEY,
    PEERWORK_MODE="test",  # the builder only: fast password hashing, tasks run inline
    DJANGO_SETTINGS_MODULE="peerwork.settings",
)
os.environ.pop("DATABASE_REPLICA_URL", None)
WORK_DIR = Path(tempfile.gettempdir()) / BENCH_DB  # media, outbox and static files; made by main(), removed
os.environ["PEERWORK_VAR_DIR"] = str(WORK_DIR / "builder")
sys.path[:0] = [str(ROOT), str(LOADKIT)]

import django  # noqa: E402

django.setup()

import capacity_data  # noqa: E402  (bench/loadkit)
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402


@dataclass(frozen=True)
class Target:
    name: str
    path: str  # {peer_id} and {run_id} are the kiosk peer's and the allocation run's
    who: str  # coordinator, admin, kiosk or token


@dataclass
class Result:
    target: Target
    rps: float
    p50_ms: float
    p99_ms: float
    queries: int | None
    errors: int


TARGETS = [
    Target("people", "/peers/", "coordinator"),
    Target("peer", "/peers/{peer_id}/", "coordinator"),
    Target("week", "/shifts/", "coordinator"),
    Target("allocation_review", "/shifts/allocation/{run_id}/", "coordinator"),
    Target("pay_desk", "/pay/", "coordinator"),
    Target("services_today", "/services/today/", "coordinator"),
    Target("dashboard", "/insights/", "coordinator"),
    Target("ladder", "/ladder/", "admin"),
    Target("my_work_kiosk", "/peers/me/", "kiosk"),
    Target("api_peers", "/api/v1/peers/", "token"),
    Target("api_shifts", "/api/v1/shifts/", "token"),
    Target("api_payouts", "/api/v1/pay/payouts", "token"),
    Target("api_ledger", "/api/v1/pay/ledger", "token"),
    Target("api_service_logs", "/api/v1/services/logs", "token"),
]
FLOOR = Target("floor", "/bench/floor/", "coordinator")


def _variants(who: str, signins: capacity_data.SignIns) -> list[tuple[str, str]]:
    """The header that signs a request in, one value per connection."""
    if who == "token":
        return [("Authorization", f"Bearer {token}") for token in signins.tokens]
    if who == "kiosk":
        cookie = f"peerwork_kiosk={signins.kiosk_cookie}; sessionid="
        return [("Cookie", cookie + key) for key in signins.kiosk]
    return [("Cookie", f"sessionid={key}") for key in getattr(signins, who)]


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _database_exists() -> bool:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone() is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis_url() -> str | None:
    """Production keeps its cache in Redis, when this venv can talk to it; else Django's local memory."""
    if importlib.util.find_spec("redis") is None:
        return None
    with socket.socket() as sock:
        sock.settimeout(1)
        return "redis://127.0.0.1:6379/0" if sock.connect_ex(("127.0.0.1", 6379)) == 0 else None


def _server_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEERWORK_", "DATABASE_", "REDIS_"))}
    env.update(
        PEERWORK_MODE="production",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=BENCH_URL,
        PEERWORK_TRUSTED_PROXIES="127.0.0.1",
        PEERWORK_VAR_DIR=str(work / "var"),
        STATIC_ROOT=str(work / "static"),
        DJANGO_SETTINGS_MODULE="capacity_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(LOADKIT)]),
        BENCH_CACHE_PREFIX=BENCH_DB,
        LOG_LEVEL="WARNING",
    )
    redis_url = _redis_url()
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        print(
            "capacity: no Redis client in this venv: the cache is per worker (local memory)", file=sys.stderr
        )
    return env


def _gunicorn(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "peerwork.wsgi",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--max-requests",
            "2000",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={**PROXY_HEADERS, **headers})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _wait(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        with contextlib.suppress(OSError):  # not listening yet
            if _get(port, "/healthz", {}).status == 200:
                return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz")


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wrk(
    port: int, target: Target, variants: list[tuple[str, str]], seconds: float, connections: int
) -> dict:
    args = [f"H {name}: {value}" for name, value in PROXY_HEADERS.items()]
    args += [f"R {name}: {value}" for name, value in variants]
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "60s",  # gunicorn's --timeout: a request still running then is a worker killed, an error
            "-s",
            str(LOADKIT / "capacity.lua"),
            f"http://127.0.0.1:{port}{target.path}",
            "--",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    for line in out.stdout.splitlines():
        if line.startswith("CAPACITY "):
            return json.loads(line.removeprefix("CAPACITY "))
    raise SystemExit(f"wrk printed no result for {target.name}:\n{out.stdout}\n{out.stderr}")


def _counted(port: int, target: Target, header: tuple[str, str]) -> int | None:
    """One request on its own, with the SQL statements it ran (counted by capacity_site.py)."""
    response = _get(port, target.path, {header[0]: header[1], "X-Bench-Queries": "1"})
    value = response.getheader("X-Bench-Queries")
    if response.status != 200:
        where = f" -> {response.getheader('Location')}" if response.getheader("Location") else ""
        print(f"capacity: {target.name} {target.path} answered {response.status}{where}", file=sys.stderr)
    return None if value is None else int(value)


def _measure(port: int, target: Target, signins: capacity_data.SignIns, args: argparse.Namespace) -> Result:
    path = target.path.format(peer_id=signins.peer_id, run_id=signins.run_id)
    target = Target(target.name, path, target.who)
    variants = _variants(target.who, signins)
    _counted(port, target, variants[0])  # says at once when a URL does not answer 200
    if args.warmup > 0:
        _wrk(port, target, variants, args.warmup, args.connections)
    run = _wrk(port, target, variants, args.seconds, args.connections)
    wanted = PER_CONNECTION * args.connections
    if run["requests"] < wanted and args.max_seconds > args.seconds:
        # Too few answers for a rate or a p99 (wrk drops the requests still running at the end):
        # measure again, for about PER_CONNECTION requests per connection at the rate just seen.
        each = args.connections * run["duration_us"] / 1e6 / max(run["requests"], 1)
        longer = min(args.max_seconds, max(args.seconds, PER_CONNECTION * each))
        print(
            f"capacity: {target.name}: {run['requests']} answers in {args.seconds:.0f} s, "
            f"measuring again for {longer:.0f} s",
            file=sys.stderr,
        )
        run = _wrk(port, target, variants, longer, args.connections)
    if run["redirects"]:
        print(f"capacity: {target.name} was redirected {run['redirects']} times", file=sys.stderr)
    seconds = run["duration_us"] / 1e6
    # Counted after the run, when every worker has served the URL (first requests fill caches).
    queries = _counted(port, target, variants[0])
    return Result(
        target=target,
        rps=run["requests"] / seconds if seconds else 0.0,
        p50_ms=run["p50_us"] / 1000,
        p99_ms=run["p99_us"] / 1000,
        queries=queries,
        errors=run["bad_status"] + run["socket_errors"],
    )


def _line(result: Result) -> str:
    queries = "?" if result.queries is None else str(result.queries)
    return (
        f"{result.target.name:<18} rps={result.rps:.1f} p50_ms={result.p50_ms:.0f} "
        f"p99_ms={result.p99_ms:.0f} queries={queries} errors={result.errors}"
    )


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # run the clean-up below, as Ctrl-C does


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per URL")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds per URL first")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=60.0,
        help=f"longest measurement of a URL that gave fewer than {PER_CONNECTION} answers per connection",
    )
    parser.add_argument("--connections", type=int, default=8)
    cores = os.cpu_count() or 2
    parser.add_argument("--workers", type=int, default=2 * cores, help="gunicorn workers (2 per core)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--only", nargs="*", default=[], help="measure only these URL names (and the floor)")
    parser.add_argument(
        "--keep-db",
        metavar="NAME",
        help="build the data into database NAME once and keep it; a later run migrates and reuses it",
    )
    args = parser.parse_args()
    unknown = set(args.only) - {t.name for t in TARGETS}
    if unknown:
        parser.error(
            f"no URL named {', '.join(sorted(unknown))}; the names: {', '.join(t.name for t in TARGETS)}"
        )
    load = Path("/proc/loadavg").read_text().split()[0]
    began = time.monotonic()
    signal.signal(signal.SIGTERM, _interrupted)
    server = None
    results: list[Result] = []
    try:
        WORK_DIR.mkdir(mode=0o700, exist_ok=bool(KEPT_DB))
        if KEPT_DB and _database_exists():
            call_command("migrate", verbosity=0)  # the indexes of migrations added since it was built
            signins = capacity_data.sign_ins(sessions=args.connections)
            print(f"capacity: reusing the database {BENCH_DB}", file=sys.stderr)
        else:
            _admin(f'CREATE DATABASE "{BENCH_DB}"')
            signins = capacity_data.build(BENCH_URL, sessions=args.connections)
            print(f"capacity: data built in {time.monotonic() - began:.0f} s", file=sys.stderr)
        connections.close_all()
        env = _server_env(WORK_DIR)
        subprocess.run([str(BIN / "peerwork"), "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
        port = _free_port()
        server = _gunicorn(env, port, args.workers, args.threads)
        _wait(port, server)
        print(f"capacity: gunicorn serving after {time.monotonic() - began:.0f} s", file=sys.stderr)
        targets = [t for t in TARGETS if not args.only or t.name in args.only]
        for target in [*targets, FLOOR]:
            results.append(_measure(port, target, signins, args))
            print(_line(results[-1]), flush=True)
    finally:
        _stop(server)
        connections.close_all()
        if not KEPT_DB:
            _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        shutil.rmtree(WORK_DIR, ignore_errors=True)
    app, floor = results[:-1], results[-1]
    app_rps = statistics.harmonic_mean([r.rps for r in app])
    ratio = app_rps / floor.rps if floor.rps else 0.0
    print(
        f"capacity: app_rps={app_rps:.1f} floor_rps={floor.rps:.1f} ratio={ratio:.2f} "
        f"worst_p99_ms={max(r.p99_ms for r in app):.0f} errors={sum(r.errors for r in results)} load={load}"
    )
    print(f"capacity: {time.monotonic() - began:.0f} s in all", file=sys.stderr)


if __name__ == "__main__":
    main()
