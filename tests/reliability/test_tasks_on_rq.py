"""The background tasks on RQ and Redis, with real workers: a worker killed mid-task, Redis restarted.

Each test starts its own ``redis-server`` (append-only file on, as docs/deploy.md asks) on a free
port and runs ``peerwork rqworker`` processes against a file SQLite database, with
``TASKS_BACKEND=django_tasks_rq.RQBackend`` as a deployment sets it. Workers look for the jobs of
dead workers every 2 s here (RQ_MAINTENANCE_SECONDS) instead of every 30 s.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pause import pause, reap

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

SETUP = """
import json
import django
django.setup()
from django.db import transaction
from peerwork.insights.services import report_template_save
from peerwork.insights.tasks import report_run_request, rollups_request
from peerwork.services.services import catalogue_ensure, import_start
from tests.personas import make_org_personas

p = make_org_personas("q", "Queue Test")
catalogue_ensure(organisation=p.org)
header = "occurred_at,site,kind,item,quantity,client_code,place_name,latitude,longitude\\n"
rows = "".join(
    f"2024-0{1 + n %% 9}-{1 + n %% 28:02d} 10:{n %% 60:02d},{p.site.name},"
    f"supplies,Syringes,{1 + n %% 20},,,,\\n"
    for n in range(%(rows)d)
)
content = (header + rows).encode()
job = import_start(organisation=p.org, user=p.coordinator, file_name="big.csv", content=content)
refresh = rollups_request(organisation=p.org)
template = report_template_save(
    organisation=p.org, name="Quarter", funder="City", indicator_ids=["services_delivered"],
    period_start=p.org.today(), period_end=p.org.today(), sites=[p.site],
)
run = report_run_request(template=template)
print(json.dumps({"job": job.pk, "refresh": refresh.pk, "run": run.pk}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Stack:
    """A Redis server of the test's own, the environment of the nodes and workers, and their processes."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.db = tmp / "queue.sqlite3"
        self.redis_port = _free_port()
        self.redis: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        # The Redis server and the workers are the machine's processes, on its real clock: under
        # libfaketime (the night run) redis-server does not start, and each new process would begin
        # again at the faked moment, so a worker started later would see the others' heartbeats
        # in its future.
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "PEERWORK_TEST_DB_SUFFIX", "LD_PRELOAD"}
            and not k.startswith("FAKETIME")
        }
        env.update(
            DATABASE_URL=f"sqlite:///{self.db}",
            PEERWORK_MODE="test",
            PEERWORK_VAR_DIR=str(tmp),
            DJANGO_SETTINGS_MODULE="peerwork.settings",
            PYTHONPATH=str(ROOT),
            TASKS_BACKEND="django_tasks_rq.RQBackend",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            RQ_HEARTBEAT_SECONDS="1",
            RQ_MAINTENANCE_SECONDS="2",
        )
        self.env = env

    def redis_start(self) -> None:
        self.redis = subprocess.Popen(  # noqa: S603 - Debian's redis-server, our arguments
            [
                REDIS_SERVER,
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.tmp),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            env=self.env,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.redis_port)) == 0:
                    return
            pause(0.05)
        raise AssertionError("redis-server did not start")

    def redis_stop(self) -> None:
        assert self.redis is not None
        self.redis.send_signal(signal.SIGTERM)  # as a restart does: it writes what it holds, then stops
        reap(self.redis, 20)

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "peerwork.cli", *args], cwd=ROOT, env=self.env, check=True)  # noqa: S603

    def script(self, code: str) -> dict[str, int]:
        made = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", code], cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        )
        return json.loads(made.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    def worker(self, *extra: str) -> subprocess.Popen[bytes]:
        """A worker in a process group of its own (its work-horse makes a session of its own)."""
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "peerwork.cli", "rqworker", "--with-scheduler", "-v", "0", *extra],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        self.workers.append(process)
        return process

    def row(self, sql: str, *params: object) -> tuple[object, ...]:
        with sqlite3.connect(self.db, timeout=30) as conn:
            return tuple(conn.execute(sql, params).fetchone())

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                reap(process, 20)
        if self.redis is not None and self.redis.poll() is None:
            self.redis.kill()
            reap(self.redis, 20)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database file for the module; each test works on a copy of it."""
    made = Stack(tmp_path_factory.mktemp("migrated"))
    made.manage("migrate", "--no-input", "-v", "0")
    return made.db


@pytest.fixture
def stack(tmp_path: Path, migrated: Path) -> Iterator[Stack]:
    assert Path(REDIS_SERVER).exists(), "redis-server is needed (Debian package redis-server)"
    made = Stack(tmp_path)
    shutil.copyfile(migrated, made.db)
    try:  # a server that started late, or a worker a failing test left, is stopped all the same
        made.redis_start()
        yield made
    finally:
        made.stop()


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        stat = Path(f"/proc/{pid}/stat").read_text(errors="replace")
        if stat.rsplit(")", 1)[1].split()[0] == "Z":  # a zombie: dead, waiting for its parent
            return
        pause(0.05)
    assert not Path(f"/proc/{pid}").exists(), f"process {pid} outlived the kill"


def _wait_for(
    stack: Stack, sql: str, params: tuple[object, ...], want: tuple[object, ...], seconds: float
) -> None:
    deadline = time.monotonic() + seconds
    seen: tuple[object, ...] = ()
    while time.monotonic() < deadline:
        seen = stack.row(sql, *params)
        if seen == want:
            return
        pause(0.1)
    raise AssertionError(f"waited {seconds:.0f} s for {want}, last saw {seen}")


IMPORT = (
    "SELECT status, (SELECT COUNT(*) FROM services_serviceentry WHERE import_job_id = ?)"
    " FROM services_importjob WHERE id = ?"
)
REFRESH = "SELECT status FROM insights_rolluprefresh WHERE id = ?"
REPORT = "SELECT status FROM insights_reportrun WHERE id = ?"


def test_a_worker_killed_mid_import_is_replaced_and_the_import_is_saved_once(stack: Stack) -> None:
    ids = stack.script(SETUP % {"rows": ROWS})
    first = stack.worker()
    _wait_for(stack, "SELECT status FROM services_importjob WHERE id = ?", (ids["job"],), ("saving",), 120)
    pause(0.2)
    horses = _children(first.pid)  # RQ's work-horse runs the job in a session of its own
    assert horses, "the worker had no work-horse running the import"
    for pid in [first.pid, *horses]:  # the worker and its work-horse, mid-save, as a dead node
        os.kill(pid, signal.SIGKILL)
    reap(first, 10)
    for pid in horses:
        _gone(pid)
    status, rows = stack.row(IMPORT, ids["job"], ids["job"])
    assert status == "saving", "the kill came too late: the import had finished"
    assert rows == 0, f"{rows} rows were left behind by the killed worker"

    stack.worker()  # the other worker finds the abandoned job and runs it again
    _wait_for(stack, IMPORT, (ids["job"], ids["job"]), ("done", ROWS), 150)
    _wait_for(stack, REFRESH, (ids["refresh"],), ("done",), 60)
    _wait_for(stack, REPORT, (ids["run"],), ("done",), 60)
    pause(1)
    assert stack.row(IMPORT, ids["job"], ids["job"]) == ("done", ROWS), "the import ran twice"


def test_tasks_queued_before_redis_restarts_run_after_it(stack: Stack) -> None:
    ids = stack.script(SETUP % {"rows": 50})
    stack.redis_stop()
    # While Redis is down, work asked for is saved and waits; the page that asked still answers.
    waiting = stack.script(
        "import json, django\ndjango.setup()\n"
        "from peerwork.orgs.models import Organisation\nfrom peerwork.insights.tasks import rollups_request\n"
        "r = rollups_request(organisation=Organisation.objects.get(slug='q'))\n"
        "print(json.dumps({'refresh': r.pk, 'status': r.status}))"
    )
    assert waiting["status"] == "queued"
    stack.redis_start()  # the same append-only file: the jobs queued before the restart are back

    burst = stack.worker("--burst")
    assert reap(burst, 120) == 0
    assert stack.row(IMPORT, ids["job"], ids["job"]) == ("done", 50)
    assert stack.row(REFRESH, ids["refresh"]) == ("done",)
    assert stack.row(REPORT, ids["run"]) == ("done",)
    # The refresh asked for while Redis was down was never queued: it waits for the dashboard's fallback.
    assert stack.row("SELECT status FROM insights_rolluprefresh WHERE id = ?", waiting["refresh"]) == (
        "queued",
    )
