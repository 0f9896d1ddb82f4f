"""Scale-out: two web nodes behind HAProxy, two RQ workers on Redis, one node and one worker killed.

Shows on loopback what docs/deploy.md claims: stateless web nodes, PostgreSQL, Redis with RQ
workers. Creates a throwaway database on the machine's PostgreSQL (bench/capacity.py's, whose
helpers this reuses: its database name, gunicorn command and environment), loads the demo and a
busy week (bench/loadkit/scaleout_data.py), and starts its own redis-server (append-only file in a
temporary directory), two gunicorn nodes (2 workers x 2 threads), two ``peerwork rqworker
--with-scheduler`` workers (RQ_HEARTBEAT_SECONDS=2, RQ_MAINTENANCE_SECONDS=5 instead of 10 and 30,
so a dead worker's job is found sooner) and HAProxy in front of the nodes, checking /healthz every
500 ms (down after 2 failures), with retries and redispatch.

For about 60 s, 8 closed-loop connections drive it through HAProxy: the coordinator's week, people
and pay desk pages (a session), the API (a token): peers, offline sync posts (each record with its
own id; a third of the posts repeat an earlier one) and payout payments, and kiosk peers opening
My work and checking in. Tasks are queued before and after the kill (CSV imports, one of 30,000
rows; rollup refreshes; report runs; reminders by SMS to the file outbox). In the middle, one node
(gunicorn master and workers) and the RQ worker running the large import are killed with SIGKILL.
Then two faults, each a phase of its own: Redis stopped and started again on its append-only file,
and PostgreSQL refusing connections to the database for 3 s. Last, once the stack is gone, the read
replica (bench/loadkit/scaleout_replica.py): a throwaway primary cluster and a streaming standby of
its own (the machine's cluster allows no replication), a node reading the rollups from the standby,
the standby made to lag and stopped. Prints detail lines, then

    scaleout: nodes=2 workers=2 requests=R errors=E failover_s=F tasks=T lost_tasks=L
              duplicate_effects=D sessions_kept=K replica=P replica_lag_ms=G

(one line). R counts every request of the main run; E those answered with neither 2xx nor 3xx, or
with a socket error (the detail line says how many were in flight at the kill: sent before it and
answered after, or failed before HAProxy took the node out); F the seconds from the kill until
HAProxy's stats show the node DOWN; T the tasks queued (main run, and before the Redis stop; those
asked for while Redis was down are not among them: a detail line says what became of them); L those
not done when the harness stopped waiting (up to 120 s after the run), or ended as failed; D effects
found twice (an import's rows stored twice, a reminder texted twice, a sync record stored twice, a
payout paid twice); K 1 when a session used on the killed node before the kill still signs pages
in on the other node after it, and no signed-in request was sent to sign in; P 1 when the
dashboard's rollups were read on the standby; G the longest a row written on the primary took to
be seen on the standby. Targets: F <= 5,
L = 0, D = 0, E only requests in flight at the kill. The figures are printed as found; the exit
status is 0 unless the harness broke. Every process, the database and the temporary directory are
removed at the end, also on Ctrl-C.

Usage: python bench/scaleout.py [--seconds 60] [--connections 8] [--import-rows 30000] [--replica-only]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import http.client
import io
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import capacity  # noqa: E402  (bench/capacity.py: database, gunicorn, environment; sets up Django)
import psycopg  # noqa: E402
import scaleout_data  # noqa: E402  (bench/loadkit)
import scaleout_replica  # noqa: E402  (bench/loadkit: the read-replica phase, tracker issue 21)
from django.db import connections  # noqa: E402

BIN = capacity.BIN
LOADKIT = capacity.LOADKIT
HEARTBEAT_SECONDS = 2
MAINTENANCE_SECONDS = 5
SETTLE_SECONDS = 120  # the longest wait for the tasks to finish after a phase
CSRF = secrets.token_hex(16)  # a CSRF secret of our own: Django compares the header with the cookie
SIGN_IN = "/accounts/sign-in"


def log(message: str) -> None:
    print(f"scaleout: {message}", file=sys.stderr, flush=True)


# --- processes ----------------------------------------------------------------------------------


@dataclass
class Stack:
    """Every process the harness started, to stop them all at the end."""

    work: Path
    env: dict[str, str] = field(default_factory=dict)
    redis_port: int = 0
    proxy_port: int = 0
    node_ports: dict[str, int] = field(default_factory=dict)
    redis: subprocess.Popen[bytes] | None = None
    proxy: subprocess.Popen[bytes] | None = None
    nodes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def stats_socket(self) -> Path:
        return self.work / "haproxy.sock"

    @property
    def outbox(self) -> Path:
        return self.work / "var" / "outbox"

    def stop(self) -> None:
        for proc in [self.proxy, *self.nodes.values(), *self.workers, self.redis]:
            capacity._stop(proc)


def _ensure_package(binary: str, package: str) -> None:
    if shutil.which(binary) or Path(f"/usr/sbin/{binary}").exists():
        return
    log(f"installing {package}")
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, capture_output=True)


def redis_start(stack: Stack) -> None:
    """redis-server on its own port, keeping its queue in an append-only file across a restart."""
    data = stack.work / "redis"
    data.mkdir(exist_ok=True)
    stack.redis = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(stack.redis_port),
            "--appendonly",
            "yes",
            "--dir",
            str(data),
            "--save",
            "",
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", stack.redis_port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def node_start(stack: Stack, name: str) -> None:
    """A gunicorn node as bench/capacity.py starts one, its log in the work directory."""
    port = stack.node_ports[name]
    saved = os.dup(2)
    with open(stack.work / f"node-{name}.log", "ab") as node_log:
        os.dup2(node_log.fileno(), 2)  # capacity._gunicorn lets the node inherit stderr
        try:
            stack.nodes[name] = capacity._gunicorn(stack.env, port, workers=2, threads=2)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    capacity._wait(port, stack.nodes[name])


def tracebacks_logged(stack: Stack) -> int:
    """Tracebacks in the nodes' and workers' logs so far."""
    return sum(p.read_text(errors="replace").count("Traceback") for p in stack.work.glob("*.log"))


def worker_start(stack: Stack) -> None:
    # Its own session: killing the group kills the worker and the work-horse it forked, as a dead host would.
    stack.workers.append(
        subprocess.Popen(
            [str(BIN / "peerwork"), "rqworker", "--with-scheduler"],
            env=stack.env,
            cwd=capacity.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(stack.work / f"worker{len(stack.workers)}.log", "wb"),  # noqa: SIM115 - kept by the child
            start_new_session=True,
        )
    )


HAPROXY = """global
    stats socket {sock} mode 600 level admin
    maxconn 512
defaults
    mode http
    timeout connect 500ms
    timeout client 60s
    timeout server 60s
    timeout check 2s
    retries 3
    option redispatch
frontend web
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1 hdr X-Forwarded-Proto https
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
    http-response set-header X-Node %s
{servers}
"""


def proxy_start(stack: Stack) -> None:
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} check" for name, port in stack.node_ports.items()
    )
    config = stack.work / "haproxy.cfg"
    config.write_text(HAPROXY.format(sock=stack.stats_socket, port=stack.proxy_port, servers=servers))
    stack.proxy = subprocess.Popen(
        ["haproxy", "-f", str(config), "-db"],
        stdout=subprocess.DEVNULL,
        stderr=open(stack.work / "haproxy.log", "wb"),  # noqa: SIM115 - kept by the child
        start_new_session=True,
    )
    for _ in range(100):
        if stack.stats_socket.exists() and all(s == "UP" for s in proxy_status(stack).values()):
            return
        time.sleep(0.1)
    raise SystemExit(f"haproxy did not see both nodes up: {proxy_status(stack)}")


def proxy_status(stack: Stack) -> dict[str, str]:
    """Each node's status as HAProxy's stats socket gives it (UP, DOWN, UP 1/2, ...)."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(stack.stats_socket))
        sock.sendall(b"show stat\n")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    rows = csv.DictReader(io.StringIO(raw.decode().lstrip("# ")))
    return {
        r["svname"]: r["status"] for r in rows if r["pxname"] == "nodes" and r["svname"] in stack.node_ports
    }


def enqueue(stack: Stack, spec: dict[str, object]) -> dict[str, list]:
    """Queue tasks as a page would: the services called in a process with the nodes' environment."""
    out = subprocess.run(
        [str(BIN / "python"), str(LOADKIT / "scaleout_enqueue.py"), json.dumps(spec)],
        env=stack.env,
        cwd=capacity.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if out.returncode != 0:
        raise SystemExit(f"enqueue failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def merge(into: dict[str, list], made: dict[str, list]) -> None:
    for key, values in made.items():
        into.setdefault(key, []).extend(values)


# --- traffic ------------------------------------------------------------------------------------


@dataclass
class Answer:
    kind: str
    sent: float
    done: float
    status: int  # 0: a socket error
    node: str
    session: str = ""
    location: str = ""

    @property
    def error(self) -> bool:
        return not 200 <= self.status < 400

    @property
    def signed_out(self) -> bool:
        return self.status in (301, 302) and SIGN_IN in self.location


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, str, str, bytes]:
    """(status, node, location, body) of one request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={**capacity.PROXY_HEADERS, **headers})
        response = conn.getresponse()
        content = response.read()
        return response.status, response.getheader("X-Node", ""), response.getheader("Location", ""), content
    finally:
        conn.close()


class Traffic:
    """Closed-loop clients, one thread per connection, recording every request."""

    def __init__(self, port: int, fixture: scaleout_data.Fixture, connections: int) -> None:
        self.port = port
        self.fixture = fixture
        self.connections = connections
        self.answers: list[Answer] = []
        self.posted: set[str] = set()
        self.acknowledged: set[str] = set()
        self.paid: set[int] = set()
        self.payouts = list(fixture.payouts)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        for n in range(self.connections):
            thread = threading.Thread(target=self._client, args=(n,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _client(self, n: int) -> None:
        rng = random.Random(n)
        session = self.fixture.coordinator[n % len(self.fixture.coordinator)]
        kiosk_session, assignment = self.fixture.kiosk[n % len(self.fixture.kiosk)]
        staff = {"Cookie": f"sessionid={session}"}
        kiosk = {"Cookie": f"peerwork_kiosk={self.fixture.kiosk_cookie}; sessionid={kiosk_session}"}
        token = {"Authorization": f"Bearer {self.fixture.token}", "Content-Type": "application/json"}
        batches: list[bytes] = []
        plan: list[tuple[int, Callable[[], tuple[str, str, str, dict[str, str], bytes | None, str]]]] = [
            (2, lambda: ("week", "GET", "/shifts/", staff, None, session)),
            (2, lambda: ("people", "GET", "/peers/", staff, None, session)),
            (1, lambda: ("pay_desk", "GET", "/pay/", staff, None, session)),
            (2, lambda: ("api_peers", "GET", "/api/v1/peers/", token, None, "")),
            (2, lambda: ("sync", "POST", "/api/v1/services/sync", token, self._sync_body(rng, batches), "")),
            (1, lambda: ("kiosk_me", "GET", "/peers/me/", kiosk, None, kiosk_session)),
            (
                1,
                lambda: (
                    "check_in",
                    "POST",
                    f"/shifts/mine/{assignment}/in/",
                    self._form(kiosk),
                    b"",
                    kiosk_session,
                ),
            ),
            (1, lambda: self._pay(token)),
        ]
        weights = [w for w, _ in plan]
        while not self.stopping.is_set():
            kind, method, path, headers, body, who = rng.choices(plan, weights)[0][1]()
            if not path:
                continue
            self._send(kind, method, path, headers, body, who)

    def _form(self, headers: dict[str, str]) -> dict[str, str]:
        """A kiosk form post: the CSRF cookie and header, and the Referer an HTTPS page sends."""
        return {
            **headers,
            "Cookie": f"{headers['Cookie']}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Referer": f"https://127.0.0.1:{self.port}/shifts/mine/",
            "Content-Type": "application/x-www-form-urlencoded",
        }

    def _sync_body(self, rng: random.Random, batches: list[bytes]) -> bytes:
        """A new batch of five records, or (a third of the time) one sent before, as after a lost answer."""
        if batches and rng.random() < 1 / 3:
            return rng.choice(batches)
        records = scaleout_data.sync_records(self.fixture.sync_shift, self.fixture.sync_time, 5)
        with self.lock:
            self.posted.update(str(r["uuid"]) for r in records)
        body = json.dumps({"records": records}).encode()
        batches.append(body)
        return body

    def _pay(self, token: dict[str, str]) -> tuple[str, str, str, dict[str, str], bytes | None, str]:
        with self.lock:
            payout = self.payouts.pop() if self.payouts else None
        if payout is None:
            return "pay", "", "", {}, None, ""
        body = json.dumps({"method": "transfer"}).encode()
        return "pay", "POST", f"/api/v1/pay/payouts/{payout}/pay", token, body, str(payout)

    def _send(
        self, kind: str, method: str, path: str, headers: dict[str, str], body: bytes | None, who: str
    ) -> None:
        sent = time.monotonic()
        try:
            status, node, location, content = request(self.port, method, path, headers, body)
        except (OSError, http.client.HTTPException):
            status, node, location, content = 0, "", "", b""
        answer = Answer(kind, sent, time.monotonic(), status, node, who, location)
        with self.lock:
            self.answers.append(answer)
            if kind == "sync" and status == 200:
                self.acknowledged.update(
                    r["uuid"] for r in json.loads(content)["results"] if r["status"] == "accepted"
                )
            if kind == "pay" and status == 200:
                self.paid.add(int(who))


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Kill:
    at: float = 0.0
    down_at: float = 0.0
    node: str = "a"
    worker_pid: int = 0

    @property
    def failover_s(self) -> float:
        return self.down_at - self.at if self.down_at else float("nan")


def redis_client(stack: Stack):
    import redis

    return redis.Redis(host="127.0.0.1", port=stack.redis_port)


def worker_running(stack: Stack, needle: str) -> int:
    """The pid of the RQ worker running a job whose description contains ``needle``, or 0."""
    client = redis_client(stack)
    for key in client.scan_iter(match="rq:job:*", count=1000):
        job = client.hgetall(key)
        if job.get(b"status") == b"started" and needle.encode() in job.get(b"description", b""):
            worker = client.hget(b"rq:worker:" + job.get(b"worker_name", b""), "pid")
            return int(worker or 0)
    return 0


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def import_started(job_id: int) -> bool:
    job = scaleout_data.ImportJob.objects.filter(pk=job_id).values_list("status", "rows_checked").first()
    return bool(job and job[0] == scaleout_data.ImportStatus.CHECKING and job[1] > 0)


def kill_node_and_worker(stack: Stack, big_import: int, kill: Kill) -> None:
    """Once the large import is being checked, SIGKILL node a and the worker running the import."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not import_started(big_import):
        time.sleep(0.1)
    connections.close_all()
    pid = worker_running(stack, "import_run")
    kill.at = time.monotonic()
    os.killpg(stack.nodes[kill.node].pid, signal.SIGKILL)
    worker = next((w for w in stack.workers if w.pid == pid), None)
    if worker is not None:
        horses = children(pid)  # RQ's work-horse calls setsid(): the worker's group does not hold it
        os.killpg(worker.pid, signal.SIGKILL)
        for horse in horses:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(horse, signal.SIGKILL)
        kill.worker_pid = pid
    else:
        log(f"no worker was running the import when the node was killed (worker pid {pid})")
    while time.monotonic() < kill.at + 30:
        if proxy_status(stack).get(kill.node, "").startswith("DOWN"):
            kill.down_at = time.monotonic()
            return
        time.sleep(0.05)


def sessions_kept(stack: Stack, fixture: scaleout_data.Fixture, before: int) -> bool:
    """The sticky session answered 200 on node a before the kill; it still does through the proxy."""
    status, node, _location, _body = request(
        stack.proxy_port, "GET", "/shifts/", {"Cookie": f"sessionid={fixture.sticky}"}
    )
    log(
        f"sessions: sticky session on node a before the kill {before}, through the proxy after it "
        f"{status} from node {node or '?'}"
    )
    return before == 200 and status == 200 and node != "a"


def wait_for_tasks(made: dict[str, list], limit: float) -> float:
    began = time.monotonic()
    while time.monotonic() - began < limit:
        connections.close_all()
        if scaleout_data.tasks_settled(made):
            break
        time.sleep(1)
    return time.monotonic() - began


def report_traffic(traffic: Traffic, kill: Kill) -> tuple[int, int]:
    answers = traffic.answers
    errors = [a for a in answers if a.error]
    window = kill.at + (kill.failover_s if kill.down_at else 0)
    in_flight = [a for a in errors if a.sent < kill.at <= a.done or kill.at <= a.done <= window]
    by_kind = Counter(a.kind for a in answers)
    by_node = Counter(a.node or "-" for a in answers)
    after = [a for a in answers if a.sent > (kill.down_at or kill.at)]
    log(f"traffic: {len(answers)} requests {dict(by_kind)}; by node {dict(by_node)}")
    log(
        f"traffic: errors {len(errors)} ({dict(Counter((a.kind, a.status) for a in errors))}), "
        f"{len(in_flight)} in flight at the kill; after failover "
        f"{sum(a.node == kill.node for a in after)} answered "
        f"by the dead node; signed out {sum(a.signed_out for a in answers)}"
    )
    return len(answers), len(errors)


def main_run(stack: Stack, fixture: scaleout_data.Fixture, args: argparse.Namespace) -> dict[str, object]:
    """The traffic, the tasks before and after the kill, the kill, and the checks of what it left."""
    made: dict[str, list] = {}
    sticky = request(stack.node_ports["a"], "GET", "/shifts/", {"Cookie": f"sessionid={fixture.sticky}"})[0]
    traffic = Traffic(stack.proxy_port, fixture, args.connections)
    began = time.monotonic()
    traffic.start()
    base = {"org": fixture.org_id, "user": fixture.user_id}
    reminders = fixture.reminder_assignments
    merge(
        made,
        enqueue(
            stack,
            {
                **base,
                "tag": "before",
                "imports": [500, 500],
                "rollups": 2,
                "reports": 1,
                "reminders": reminders[:8],
            },
        ),
    )
    time.sleep(max(0.0, began + args.seconds / 3 - time.monotonic()))
    big = enqueue(stack, {**base, "tag": "big", "imports": [args.import_rows], "import_offset": 10})
    merge(made, big)
    kill = Kill()
    kill_node_and_worker(stack, big["imports"][0][0], kill)
    log(
        f"kill: node a and worker {kill.worker_pid or '-'} killed {kill.at - began:.1f} s in; "
        f"HAProxy saw node a DOWN after {kill.failover_s:.2f} s"
    )
    merge(
        made,
        enqueue(
            stack,
            {
                **base,
                "tag": "after",
                "imports": [500, 500],
                "import_offset": 20,
                "rollups": 2,
                "reports": 1,
                "reminders": reminders[8:16],
            },
        ),
    )
    time.sleep(max(0.0, began + args.seconds - time.monotonic()))
    traffic.stop()
    requests, errors = report_traffic(traffic, kill)
    kept = sessions_kept(stack, fixture, sticky) and not any(a.signed_out for a in traffic.answers)
    waited = wait_for_tasks(made, SETTLE_SECONDS)
    big_job = scaleout_data.ImportJob.objects.get(pk=big["imports"][0][0])
    ended = big_job.finished_at
    after_kill = ended.timestamp() - time.time() + time.monotonic() - kill.at if ended else float("nan")
    log(
        f"tasks: settled {waited:.0f} s after the run; the killed import {big_job.status}, finished "
        f"{after_kill:.0f} s after the kill"
    )
    return {
        "made": made,
        "traffic": traffic,
        "kill": kill,
        "requests": requests,
        "errors": errors,
        "kept": kept,
    }


def redis_phase(stack: Stack, fixture: scaleout_data.Fixture) -> dict[str, list]:
    """Queue tasks, stop Redis with SIGTERM, try to queue while it is down, start it again on its file."""
    base = {"org": fixture.org_id, "user": fixture.user_id, "tag": "redis"}
    reminders = fixture.reminder_assignments
    made = enqueue(
        stack,
        {
            **base,
            "imports": [2000, 2000],
            "import_offset": 30,
            "rollups": 2,
            "reports": 1,
            "reminders": reminders[16:20],
        },
    )
    survivors = [w for w in stack.workers if w.poll() is None]  # the workers running before the stop
    capacity._stop(stack.redis)
    with socket.socket() as sock:
        refused = sock.connect_ex(("127.0.0.1", stack.redis_port)) != 0
    log(
        f"redis: stopped with SIGTERM (exit {stack.redis.returncode if stack.redis else '?'}), port "
        f"refuses connections: {refused}"
    )
    down = enqueue(
        stack, {**base, "imports": [100], "import_offset": 40, "rollups": 1, "reminders": reminders[20:22]}
    )
    pages = Counter(
        request(stack.proxy_port, "GET", "/peers/", {"Cookie": f"sessionid={fixture.coordinator[0]}"})[0]
        for _ in range(4)
    )
    redis_start(stack)
    time.sleep(1)
    alive = sum(w.poll() is None for w in survivors)
    while sum(w.poll() is None for w in stack.workers) < 2:
        worker_start(stack)  # as a supervisor would restart a worker that exited
    waited = wait_for_tasks(made, SETTLE_SECONDS)
    check = scaleout_data.tasks_check(made, stack.outbox)
    log(
        f"redis: pages while down {dict(pages)}; workers still running after the restart {alive} of "
        f"{len(survivors)} (a supervisor restarts the others; the harness did); the {check.total} "
        f"tasks queued before the stop: "
        f"{check.total - len(check.lost) - len(check.failed)} done within {waited:.0f} s, not done "
        f"{check.lost + check.failed}"
    )
    deferred = scaleout_data.tasks_check(down, stack.outbox)
    log(
        f"redis: {deferred.total} tasks asked for while it was down, refused by the app "
        f"{len(down['failed'])}; "
        f"done since {deferred.total - len(deferred.lost)}, still waiting {len(deferred.lost)} "
        f"(the app logs the refused enqueue; the rows wait for imports_sweep, shifts_send_reminders "
        f"or a page)"
    )
    return made


def postgres_phase(stack: Stack, fixture: scaleout_data.Fixture) -> None:
    """The database refuses connections for 3 s: pages should answer a plain 503, then 200 again."""
    cookie = {"Cookie": f"sessionid={fixture.coordinator[0]}"}
    connections.close_all()
    with psycopg.connect(capacity.ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{capacity.BENCH_DB}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [capacity.BENCH_DB]
        )
        seen: Counter[tuple[str, int, str]] = Counter()
        tracebacks = 0
        ends = time.monotonic() + 3
        while time.monotonic() < ends:
            for where, port in (("proxy", stack.proxy_port), ("node b", stack.node_ports["b"])):
                try:
                    status, node, _loc, body = request(port, "GET", "/peers/", cookie)
                except (OSError, http.client.HTTPException):
                    status, node, body = 0, "", b""
                seen[(where, status, node or "-")] += 1
                tracebacks += b"Traceback" in body
            time.sleep(0.2)
        admin.execute(f'ALTER DATABASE "{capacity.BENCH_DB}" ALLOW_CONNECTIONS true')
    log(f"postgres: while refusing, (where, status, node) {dict(seen)}; tracebacks in bodies {tracebacks}")
    after: Counter[int] = Counter()
    ends = time.monotonic() + 15
    while time.monotonic() < ends:
        status = request(stack.proxy_port, "GET", "/peers/", cookie)[0]
        after[status] += 1
        if status == 200:
            break
        time.sleep(0.5)
    log(f"postgres: after allowing connections again {dict(after)}")


def checks(
    stack: Stack, fixture: scaleout_data.Fixture, run: dict, made: dict[str, list]
) -> tuple[int, int, int]:
    """(tasks, lost, duplicate effects) over everything queued; detail lines for each kind."""
    connections.close_all()
    traffic: Traffic = run["traffic"]
    task = scaleout_data.tasks_check(made, stack.outbox)
    log(
        f"tasks: {task.total} queued, lost {len(task.lost)} {task.lost[:5]}, failed "
        f"{task.failed[:5]}, twice {task.duplicates[:5]}"
    )
    stored, sync_twice, sync_lost = scaleout_data.sync_check(traffic.posted, traffic.acknowledged)
    log(
        f"sync: {len(traffic.posted)} record ids posted, {len(traffic.acknowledged)} acknowledged, "
        f"{stored} stored, twice {sync_twice}, acknowledged but missing {sync_lost}"
    )
    ledger = scaleout_data.ledger_check(fixture.org_id, traffic.paid)
    log(f"pay: {len(traffic.paid)} payouts paid through the API; ledger problems {len(ledger)} {ledger[:3]}")
    places = [pk for _s, pk in fixture.kiosk]
    log(f"kiosk: {scaleout_data.checked_in(places)} of {len(places)} places checked in")
    log(f"rollups queued by the writes: {dict(scaleout_data.follow_refreshes(fixture.org_id))}")
    pay_twice = sum(
        1
        for p in ledger
        if p.startswith("payout") and " in " in p and not p.endswith(" in 1") and not p.endswith(" in 0")
    )
    log(f"tracebacks in the nodes' and workers' logs: {tracebacks_logged(stack)}")
    not_done = len(task.lost) + len(task.failed) + sync_lost
    return task.total, not_done, len(task.duplicates) + sync_twice + pay_twice


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the main run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--import-rows", type=int, default=30_000, help="rows of the import whose worker is killed"
    )
    # --- read replica (bench/loadkit/scaleout_replica.py) ---
    parser.add_argument(
        "--replica-only",
        action="store_true",
        help="run only the read-replica phase (two clusters of its own)",
    )
    args = parser.parse_args()
    if args.replica_only:
        signal.signal(signal.SIGTERM, _interrupted)
        print(f"scaleout:{scaleout_replica.replica_phase().summary.rstrip()}")
        return
    # --- end read replica ---
    _ensure_package("redis-server", "redis-server")
    _ensure_package("haproxy", "haproxy")
    signal.signal(signal.SIGTERM, _interrupted)
    began = time.monotonic()
    stack = Stack(work=capacity.WORK_DIR)
    try:
        stack.work.mkdir(mode=0o700)
        capacity._admin(f'CREATE DATABASE "{capacity.BENCH_DB}"')
        fixture = scaleout_data.build(connections=args.connections)
        connections.close_all()
        log(f"data built in {time.monotonic() - began:.0f} s")
        stack.redis_port, stack.proxy_port = capacity._free_port(), capacity._free_port()
        stack.node_ports = {"a": capacity._free_port(), "b": capacity._free_port()}
        stack.env = capacity._server_env(stack.work) | {
            "REDIS_URL": f"redis://127.0.0.1:{stack.redis_port}/0",
            "TASKS_BACKEND": "django_tasks_rq.RQBackend",
            "RQ_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "RQ_MAINTENANCE_SECONDS": str(MAINTENANCE_SECONDS),
        }
        redis_start(stack)
        subprocess.run(
            [str(BIN / "peerwork"), "collectstatic", "--no-input", "-v", "0"], env=stack.env, check=True
        )
        for name in stack.node_ports:
            node_start(stack, name)
        worker_start(stack)
        worker_start(stack)
        proxy_start(stack)
        log(
            f"serving after {time.monotonic() - began:.0f} s: haproxy :{stack.proxy_port}, nodes "
            f"{stack.node_ports}, redis :{stack.redis_port}"
        )
        run = main_run(stack, fixture, args)
        made = dict(run["made"])
        merge(made, redis_phase(stack, fixture))
        postgres_phase(stack, fixture)
        tasks, lost, duplicates = checks(stack, fixture, run, made)
    finally:
        stack.stop()
        connections.close_all()
        capacity._admin(f'DROP DATABASE IF EXISTS "{capacity.BENCH_DB}" WITH (FORCE)')
        shutil.rmtree(stack.work, ignore_errors=True)
    # --- read replica (bench/loadkit/scaleout_replica.py): its own clusters, after the stack is gone ---
    replica_summary = scaleout_replica.ReplicaResult().summary  # replica=0 replica_lag_ms=nan: it broke
    try:
        replica_summary = scaleout_replica.replica_phase().summary
    except Exception as exc:
        log(f"replica: the phase broke: {exc!r}")
    # --- end read replica ---
    log(f"{time.monotonic() - began:.0f} s in all")
    print(
        f"scaleout: nodes=2 workers=2 requests={run['requests']} errors={run['errors']} "
        f"failover_s={run['kill'].failover_s:.2f} tasks={tasks} lost_tasks={lost} "
        f"duplicate_effects={duplicates} sessions_kept={int(run['kept'])}{replica_summary}"
    )


if __name__ == "__main__":
    main()
