"""Scale-out, the read replica: the insights reads served by a streaming replica, its lag, its loss.

Shows on loopback what DATABASE_REPLICA_URL promises (peerwork/core/db_router.py): the reads of the
``insights`` app (dashboard rollups, funder reports) go to the replica, every write to the primary.
The machine's own PostgreSQL (127.0.0.1:5432) is not used: its pg_hba.conf allows no replication
connections and it must not be reconfigured. So the phase makes two throwaway clusters of its own,
in a temporary directory owned by the postgres user: a primary (``initdb``, wal_level=replica,
fsync off, a free port) and, from ``pg_basebackup -R -X stream``, a hot standby on another port,
which logs every statement it runs (so does the primary once built). The primary is migrated and
loaded with the demo (its rollups and funder report template) by this file run as a script
(``build``), which also signs in a coordinator and an organisation admin. One gunicorn node
(bench/capacity.py's) serves with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the
standby. Then:

* reads: the dashboard (N times) and the funder report pages answer 200, the standby's
  pg_stat_database (tup_returned, xact_commit) for the app's database grows, its log names the
  insights tables, and no write reached it (no "read-only transaction" error in the node's or the
  standby's log); a report run requested through its page is read back from the standby at once;
* lag: rows inserted on the primary, and the milliseconds until each is visible on the standby;
  then the standby made to lag (recovery_min_apply_delay 2 s, as one under load or far away would):
  a report run's page right after its request, and ``peerwork rollups_refresh``, which reads back
  the row it has just written (the router sends every insights read to the standby, that one too);
* loss: the standby stopped with ``pg_ctl stop -m immediate``: what the dashboard, the reports
  page, a page that reads no insights and /healthz answer; then started again, and how soon the
  dashboard answers 200.

Detail lines start with ``scaleout: replica:`` (stderr); ``replica_phase`` returns the figures that
bench/scaleout.py adds to its summary line. Both clusters, the node and the directory are removed at
the end, also after an error.

Run alone: ``python bench/scaleout.py --replica-only``. Run as a script (``python
bench/loadkit/scaleout_replica.py build``, with the node's environment) it builds the primary's
data and prints the sign-ins as JSON; nothing else in it sets up Django.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DB = "peerwork_replica"
DASHBOARD = "/insights/"
DASHBOARD_REQUESTS = 10
LAG_SAMPLES = 7
APPLY_DELAY_MS = 2000  # the lagging standby's replay delay
STATS_WAIT_SECONDS = 15.0  # a backend sends its statistics within 10 s of going idle (PostgreSQL 15)
BACK_WAIT_SECONDS = 30.0
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
CSRF = secrets.token_hex(16)
HERE = Path(__file__).resolve().parent


def log(message: str) -> None:
    print(f"scaleout: replica: {message}", file=sys.stderr, flush=True)


# --- clusters -----------------------------------------------------------------------------------


def _as_postgres(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class Cluster:
    """A PostgreSQL 15 cluster of the phase's own: its data directory, port and server log."""

    name: str
    data: Path
    port: int
    options: list[str] = field(default_factory=list)  # -c settings given at start

    @property
    def log_file(self) -> Path:
        return self.data.parent / f"{self.name}.log"

    def url(self, database: str = DB) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        settings = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-k {self.data.parent}",  # the Unix socket beside the data, not in /var/run
            "-c fsync=off",
            *(f"-c {option}" for option in self.options),
        ]
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(settings),
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def connect(self, database: str = DB) -> psycopg.Connection[Any]:
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=5)


def primary_make(pg_dir: Path, port: int) -> Cluster:
    """initdb (trust, UTF8), WAL for a replica, replication from loopback in pg_hba.conf, started."""
    primary = Cluster("primary", pg_dir / "primary", port)
    _as_postgres(
        str(PG_BIN / "initdb"), "-D", str(primary.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"
    )
    with open(primary.data / "postgresql.conf", "a") as conf:  # appended as root: still postgres's file
        conf.write("\n# scaleout replica phase\nwal_level = replica\nmax_wal_senders = 4\n")
    hba = primary.data / "pg_hba.conf"
    rule = "host replication all 127.0.0.1/32 trust"
    lines = [ln.split() for ln in hba.read_text().splitlines() if not ln.lstrip().startswith("#")]
    if rule.split() not in lines:
        with open(hba, "a") as out:
            out.write(f"\n{rule}\n")
    primary.start()
    return primary


def replica_make(primary: Cluster, pg_dir: Path, port: int) -> Cluster:
    """pg_basebackup -R -X stream from the primary, started as a hot standby that logs its statements."""
    replica = Cluster(
        "replica",
        pg_dir / "replica",
        port,
        options=["log_statement=all", "log_line_prefix='%m [%p] %d '"],
    )
    _as_postgres(
        str(PG_BIN / "pg_basebackup"),
        "-h",
        "127.0.0.1",
        "-p",
        str(primary.port),
        "-U",
        "postgres",
        "-D",
        str(replica.data),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        timeout=300,
    )
    replica.start()
    return replica


# --- requests -----------------------------------------------------------------------------------


def get(
    port: int, path: str, cookie: str, method: str = "GET", extra: dict[str, str] | None = None
) -> tuple[int, str, bytes, float]:
    """(status, location, body, seconds) of one request to the node."""
    began = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {**PROXY_HEADERS, "Cookie": f"sessionid={cookie}", **(extra or {})}
        conn.request(method, path, body=b"" if method == "POST" else None, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, response.getheader("Location", ""), body, time.monotonic() - began
    finally:
        conn.close()


def post_form(port: int, path: str, cookie: str) -> tuple[int, str, bytes, float]:
    """A form post as a browser sends it over HTTPS: the CSRF cookie and header, the Referer."""
    return get(
        port,
        path,
        f"{cookie}; csrftoken={CSRF}",
        method="POST",
        extra={
            "X-CSRFToken": CSRF,
            "Referer": f"https://127.0.0.1:{port}/insights/reports/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )


def replica_stats(replica: Cluster) -> tuple[int, int]:
    """(tup_returned, xact_commit) of the app's database as the standby counts them (read from
    the standby's postgres database, so that reading them does not count)."""
    with replica.connect("postgres") as conn:
        row = conn.execute(
            "SELECT tup_returned, xact_commit FROM pg_stat_database WHERE datname = %s", [DB]
        ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def statements(cluster: Cluster) -> tuple[int, int, int]:
    """(statements, those naming an insights table, SELECTs naming one) the cluster logged for the
    app's database (log_statement=all: the standby from its start, the primary once built)."""
    text = cluster.log_file.read_text(errors="replace") if cluster.log_file.exists() else ""
    logged = [
        ln.split(" LOG:  statement: ", 1)[1] for ln in text.splitlines() if f" {DB} LOG:  statement: " in ln
    ]
    insights = [ln for ln in logged if '"insights_' in ln]
    return len(logged), len(insights), sum(ln.lstrip().upper().startswith("SELECT") for ln in insights)


def log_statements(cluster: Cluster) -> None:
    with cluster.connect("postgres") as conn:
        conn.execute("ALTER SYSTEM SET log_statement = 'all'")
        conn.execute("ALTER SYSTEM SET log_line_prefix = '%m [%p] %d '")
        conn.execute("SELECT pg_reload_conf()")


def errors_logged(node_log: Path, since: int) -> Counter[str]:
    """The exceptions the node's tracebacks ended with, after offset ``since`` of its log (a chained
    one counts each exception; a message's port number is left out, so that alike ones count as one)."""
    text = node_log.read_bytes()[since:].decode(errors="replace")
    raised = [
        re.sub(r"port \d+", "port N", line)[:150]
        for line in text.splitlines()
        if re.match(r"[A-Za-z_][\w.]*(Error|Exception|DoesNotExist): ", line)
    ]
    return Counter(raised)


def read_only_errors(*logs: Path) -> int:
    return sum(p.read_text(errors="replace").count("read-only transaction") for p in logs if p.exists())


# --- the phase ----------------------------------------------------------------------------------


@dataclass
class ReplicaResult:
    reads_grew: bool = False  # the dashboard's reads were served by the standby
    lag_ms: float = float("nan")  # the slowest of LAG_SAMPLES rows to become visible on it
    down: Counter[int] = field(default_factory=Counter)  # dashboard statuses while it was stopped
    after: int = 0  # the dashboard's status once it was started again

    @property
    def summary(self) -> str:
        return f" replica={int(self.reads_grew)} replica_lag_ms={self.lag_ms:.1f}"


def _build(env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "build"],
        env=env,
        cwd=HERE.parent.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"building the primary's data failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _node_start(capacity: Any, env: dict[str, str], port: int, node_log: Path) -> subprocess.Popen[bytes]:
    saved = os.dup(2)
    with open(node_log, "ab") as out:
        os.dup2(out.fileno(), 2)  # capacity._gunicorn lets the node inherit stderr
        try:
            node = capacity._gunicorn(env, port, workers=2, threads=2)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    capacity._wait(port, node)
    return node


def _reads(port: int, primary: Cluster, replica: Cluster, signins: dict[str, Any], node_log: Path) -> bool:
    """The dashboard and the funder report pages: 200, and read on the standby."""
    coordinator, admin = signins["coordinator"], signins["admin"]
    stats_before = replica_stats(replica)
    logged_before, on_primary_before = statements(replica), statements(primary)
    dashboard = [get(port, DASHBOARD, coordinator) for _ in range(DASHBOARD_REQUESTS)]
    logged_after, on_primary_after = statements(replica), statements(primary)
    waited = time.monotonic()
    ends = waited + STATS_WAIT_SECONDS
    stats_after = replica_stats(replica)
    while stats_after[1] <= stats_before[1] and time.monotonic() < ends:
        time.sleep(0.5)
        stats_after = replica_stats(replica)
    waited = time.monotonic() - waited
    statuses = Counter(s for s, _l, _b, _t in dashboard)
    times = sorted(t for _s, _l, _b, t in dashboard)
    log(
        f"dashboard {DASHBOARD} x{DASHBOARD_REQUESTS}: {dict(statuses)}, median "
        f"{statistics.median(times) * 1000:.0f} ms (first {dashboard[0][3] * 1000:.0f} ms)"
    )
    grew = stats_after[0] > stats_before[0] and stats_after[1] > stats_before[1]
    log(
        f"standby pg_stat_database[{DB}]: tup_returned {stats_before[0]} -> {stats_after[0]}, "
        f"xact_commit {stats_before[1]} -> {stats_after[1]} (grew: {grew}, seen {waited:.1f} s after the "
        f"requests); statements it logged {logged_after[0] - logged_before[0]}, naming insights tables "
        f"{logged_after[1] - logged_before[1]}; the primary meanwhile: statements "
        f"{on_primary_after[0] - on_primary_before[0]}, naming insights tables "
        f"{on_primary_after[1] - on_primary_before[1]} (SELECTs {on_primary_after[2] - on_primary_before[2]})"
    )
    pages = {
        "reports": "/insights/reports/",
        "template": f"/insights/reports/templates/{signins['template']}/",
    }
    seen = {name: get(port, path, admin)[0] for name, path in pages.items()}
    logged_pages = statements(replica)
    log(
        f"funder report pages (org admin): {seen}; the standby logged "
        f"{logged_pages[1] - logged_after[1]} statements naming insights tables for them"
    )
    runs = report_runs(port, signins, 3)
    log(f"report runs requested (post -> its page, read on the standby at once): {runs}")
    errors = read_only_errors(node_log, replica.log_file)
    log(f"'read-only transaction' errors in the node's and the standby's logs: {errors}")
    return (
        grew
        and statuses == Counter({200: DASHBOARD_REQUESTS})
        and logged_after[1] > logged_before[1]
        and errors == 0
    )


def report_runs(port: int, signins: dict[str, Any], count: int) -> list[tuple[int, int]]:
    """Report runs requested through the template's page (written on the primary), each followed at
    once by its run page (read on the standby): (post status, run page status) each."""
    runs = []
    for _ in range(count):
        status, location, _body, _t = post_form(
            port, f"/insights/reports/templates/{signins['template']}/run", signins["admin"]
        )
        shown = (
            get(port, location, signins["admin"])[0] if status in (301, 302) and "/runs/" in location else 0
        )
        runs.append((status, shown))
    return runs


def _lagging(
    port: int, replica: Cluster, signins: dict[str, Any], env: dict[str, str], node_log: Path
) -> None:
    """A standby that lags (recovery_min_apply_delay, as one under load or far away would): the
    report run page after its request, and ``peerwork rollups_refresh``, which reads back its own row."""
    since = node_log.stat().st_size
    with replica.connect("postgres") as conn:
        conn.execute(f"ALTER SYSTEM SET recovery_min_apply_delay = '{APPLY_DELAY_MS}ms'")
        conn.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)
    try:
        runs = report_runs(port, signins, 2)
        command = subprocess.run(
            [
                str(Path(sys.executable).parent / "peerwork"),
                "rollups_refresh",
                "--org",
                "riverside",
                "--days",
                "1",
            ],
            env=env,
            cwd=HERE.parent.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )
        said = (command.stderr.strip().splitlines() or command.stdout.strip().splitlines() or [""])[-1]
        log(
            f"standby replaying {APPLY_DELAY_MS} ms late: report runs (post -> its page at once) {runs}; "
            f"peerwork rollups_refresh with DATABASE_REPLICA_URL exit {command.returncode}: {said[:200]}; "
            f"errors the node logged {dict(errors_logged(node_log, since))}"
        )
    finally:
        with replica.connect("postgres") as conn:
            conn.execute("ALTER SYSTEM RESET recovery_min_apply_delay")
            conn.execute("SELECT pg_reload_conf()")


def _lag(primary: Cluster, replica: Cluster) -> float:
    """Rows inserted on the primary (autocommit): milliseconds until each is visible on the standby."""
    with primary.connect() as source, replica.connect() as standby:
        source.execute(
            "CREATE TABLE IF NOT EXISTS bench_replica_probe (id serial PRIMARY KEY, at timestamptz)"
        )
        ends = time.monotonic() + 10
        while time.monotonic() < ends:  # the table itself has to reach the standby first
            if standby.execute("SELECT to_regclass('bench_replica_probe')").fetchone()[0]:  # type: ignore[index]
                break
            time.sleep(0.01)
        samples: list[float] = []
        for n in range(LAG_SAMPLES):
            if n:
                time.sleep(0.1)
            row = source.execute(
                "INSERT INTO bench_replica_probe (at) VALUES (now()) RETURNING id"
            ).fetchone()
            committed = time.perf_counter()
            seen = None
            while time.perf_counter() - committed < 10:
                if standby.execute("SELECT 1 FROM bench_replica_probe WHERE id = %s", [row[0]]).fetchone():  # type: ignore[index]
                    seen = time.perf_counter()
                    break
            samples.append((seen - committed) * 1000 if seen else float("inf"))
        sent = source.execute(
            "SELECT state, sync_state, extract(epoch FROM replay_lag) * 1000 FROM pg_stat_replication"
        ).fetchall()
    standbys = ", ".join(f"{state} {sync} replay_lag {float(ms or 0):.1f} ms" for state, sync, ms in sent)
    log(
        f"lag: {LAG_SAMPLES} rows inserted on the primary (autocommit), visible on the standby "
        f"{', '.join(f'{s:.1f}' for s in samples)} ms after the INSERT returned (median "
        f"{statistics.median(samples):.1f}, max {max(samples):.1f}); the primary's pg_stat_replication: "
        f"{standbys}"
    )
    return max(samples)


def _loss(
    port: int, replica: Cluster, signins: dict[str, Any], node_log: Path, result: ReplicaResult
) -> None:
    """The standby stopped hard: what the pages answer; then started again."""
    coordinator, admin = signins["coordinator"], signins["admin"]
    tracebacks_before = node_log.read_text(errors="replace").count("Traceback")
    since = node_log.stat().st_size
    replica.stop("immediate")
    seen: dict[str, Counter[int]] = {}
    tracebacks_in_bodies = 0
    slowest = 0.0
    for name, path, who in (
        ("dashboard", DASHBOARD, coordinator),
        ("dashboard", DASHBOARD, coordinator),
        ("dashboard", DASHBOARD, coordinator),
        ("dashboard", DASHBOARD, coordinator),
        ("reports", "/insights/reports/", admin),
        ("week (no insights)", "/shifts/", coordinator),
        ("healthz", "/healthz", coordinator),
    ):
        status, _loc, body, took = get(port, path, who)
        seen.setdefault(name, Counter())[status] += 1
        tracebacks_in_bodies += b"Traceback" in body
        slowest = max(slowest, took)
    result.down = seen["dashboard"]
    node_text = node_log.read_text(errors="replace")
    log(
        f"standby stopped (immediate): { ({k: dict(v) for k, v in seen.items()}) }; slowest answer "
        f"{slowest * 1000:.0f} ms; tracebacks in bodies {tracebacks_in_bodies}, in the node's log "
        f"{node_text.count('Traceback') - tracebacks_before}; 'database unavailable: answered 503' "
        f"logged {node_text.count('database unavailable: answered 503')}; raised "
        f"{dict(errors_logged(node_log, since))}"
    )
    began = time.monotonic()
    replica.start()
    started = time.monotonic() - began
    statuses: Counter[int] = Counter()
    status = 0
    while time.monotonic() - began < BACK_WAIT_SECONDS:
        status = get(port, DASHBOARD, coordinator)[0]
        statuses[status] += 1
        if status == 200:
            break
        time.sleep(0.5)
    result.after = status
    log(
        f"standby started again in {started:.1f} s; dashboard then {dict(statuses)}, "
        f"200 after {time.monotonic() - began:.1f} s"
        if status == 200
        else f"standby started again in {started:.1f} s; dashboard {dict(statuses)}, no 200 within "
        f"{BACK_WAIT_SECONDS:.0f} s"
    )


def replica_phase() -> ReplicaResult:
    """The whole phase: clusters, data, node, the three checks; everything removed at the end."""
    import capacity  # bench/capacity.py, imported (and Django set up) by bench/scaleout.py already

    began = time.monotonic()
    result = ReplicaResult()
    work = Path(tempfile.mkdtemp(prefix="scaleout_replica_"))
    work.chmod(0o711)  # the postgres user passes through to its own directory
    pg_dir = work / "pg"
    pg_dir.mkdir(mode=0o700)
    shutil.chown(pg_dir, "postgres", "postgres")
    node_log = work / "node.log"
    clusters: list[Cluster] = []
    node: subprocess.Popen[bytes] | None = None
    static: subprocess.Popen[bytes] | None = None
    try:
        primary_port, replica_port, node_port = (capacity._free_port() for _ in range(3))
        primary = primary_make(pg_dir, primary_port)
        clusters.append(primary)
        with primary.connect("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{DB}"')
        log(f"primary :{primary.port} up after {time.monotonic() - began:.1f} s")
        env = capacity._server_env(work) | {
            "DATABASE_URL": primary.url(),
            "BENCH_CACHE_PREFIX": f"{DB}_{os.getpid()}",  # not the main run's cache keys
        }
        static = subprocess.Popen(
            [str(capacity.BIN / "peerwork"), "collectstatic", "--no-input", "-v", "0"],
            env=env,
            cwd=capacity.ROOT,
        )
        signins = _build(env | {"PEERWORK_BASE_URL": f"http://127.0.0.1:{node_port}"})
        if static.wait() != 0:
            raise RuntimeError("collectstatic failed")
        log(
            f"primary migrated, demo loaded ({signins['rollups']} rollup rows, "
            f"{signins['queued_refreshes']} rollup refreshes queued) after {time.monotonic() - began:.0f} s"
        )
        log_statements(primary)  # from here on, as the standby (which copies it) does
        replica = replica_make(primary, pg_dir, replica_port)
        clusters.append(replica)
        with replica.connect("postgres") as conn:
            recovering = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        log(
            f"standby :{replica.port} from pg_basebackup, in recovery {recovering and recovering[0]}, "
            f"after {time.monotonic() - began:.0f} s"
        )
        node_env = env | {"DATABASE_REPLICA_URL": replica.url()}
        node = _node_start(capacity, node_env, node_port, node_log)
        result.reads_grew = _reads(node_port, primary, replica, signins, node_log)
        result.lag_ms = _lag(primary, replica)
        _lagging(node_port, replica, signins, node_env, node_log)
        _loss(node_port, replica, signins, node_log, result)
    finally:
        capacity._stop(node)
        if static is not None and static.poll() is None:
            static.kill()
            static.wait()
        for cluster in reversed(clusters):
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                cluster.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)
    log(f"{time.monotonic() - began:.0f} s in all")
    return result


# --- run as a script: the primary's data ----------------------------------------------------------


def build() -> dict[str, Any]:
    """Migrate, load the demo (rollups if it left none), sign in a coordinator and an org admin."""
    import io

    import django

    django.setup()
    import capacity_data  # bench/loadkit
    from django.core.management import call_command
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from peerwork.accounts.middleware import SESSION_ORG
    from peerwork.accounts.models import Membership, User
    from peerwork.accounts.roles import Role
    from peerwork.insights.models import IndicatorValue, ReportTemplate, RollupRefresh
    from peerwork.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())
    org = Organisation.objects.get(slug="riverside")
    if not IndicatorValue.objects.filter(organisation=org).exists():
        call_command("rollups_refresh", org=org.slug, stdout=io.StringIO())

    def signed_in(username: str, role: str) -> str:
        user = User.objects.create_user(username=username, display_name=username.title())
        Membership.objects.create(user=user, organisation=org, role=role)
        device = TOTPDevice.objects.create(user=user, name="Bench authenticator", confirmed=True)
        return capacity_data._session(
            user, **{SESSION_ORG: org.pk, DEVICE_ID_SESSION_KEY: device.persistent_id}
        )

    template = ReportTemplate.objects.filter(organisation=org).order_by("pk").first()
    return {
        "coordinator": signed_in("replica-coordinator", Role.COORDINATOR),
        "admin": signed_in("replica-admin", Role.ORG_ADMIN),
        "template": template.pk if template else 0,
        "rollups": IndicatorValue.objects.filter(organisation=org).count(),
        "queued_refreshes": RollupRefresh.objects.filter(status=RollupRefresh.Status.QUEUED).count(),
    }


if __name__ == "__main__":
    if sys.argv[1:] != ["build"]:
        raise SystemExit(
            "usage: scaleout_replica.py build  (run by replica_phase with the node's environment)"
        )
    print(json.dumps(build()))
