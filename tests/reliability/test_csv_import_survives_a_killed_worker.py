"""The process running a CSV import is SIGKILLed while it saves: no partial rows, and a restart finishes it.

The import runs in its own process (as the task worker runs it in production) against a file SQLite
database. It is killed once the job says it is saving; afterwards the job has no rows at all. The
restarted process runs the same job again and saves every row exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.pause import pause, reap

ROOT = Path(__file__).resolve().parents[2]
ROWS = 40_000

SETUP = """
import json
import django
django.setup()
from peerwork.services.models import ImportJob
from peerwork.services.services import catalogue_ensure
from tests.personas import make_org_personas

p = make_org_personas("i", "Import Kill Test")
catalogue_ensure(organisation=p.org)
header = "occurred_at,site,kind,item,quantity,client_code,place_name,latitude,longitude\\n"
rows = "".join(
    f"2024-0{1 + n %% 9}-{1 + n %% 28:02d} 10:{n %% 60:02d},{p.site.name},"
    f"supplies,Syringes,{1 + n %% 20},,,,\\n"
    for n in range(%(rows)d)
)
job = ImportJob.objects.create(
    organisation=p.org, created_by=p.coordinator, file_name="big.csv", content=(header + rows).encode()
)
print(json.dumps({"job": job.pk}))
"""

RUN = """
import sys
import django
django.setup()
from peerwork.services.imports import import_run
job = import_run(job_id=int(sys.argv[1]))
print(job.status, job.rows_saved)
"""


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


def _state(db: Path, job: int) -> tuple[str, int]:
    with sqlite3.connect(db, timeout=30) as conn:
        (status,) = conn.execute("SELECT status FROM services_importjob WHERE id = ?", (job,)).fetchone()
        (rows,) = conn.execute(
            "SELECT COUNT(*) FROM services_serviceentry WHERE import_job_id = ?", (job,)
        ).fetchone()
    return status, rows


def test_killing_the_import_mid_save_leaves_no_partial_rows_and_a_rerun_saves_all(tmp_path):
    db = tmp_path / "import-kill.sqlite3"
    env = _env(db)
    subprocess.run(
        [sys.executable, "-m", "peerwork.cli", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    made = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SETUP % {"rows": ROWS}],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    job = json.loads(made.stdout.strip().splitlines()[-1])["job"]

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", RUN, str(job)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    status = ""
    while time.monotonic() < deadline and worker.poll() is None:
        status, _rows = _state(db, job)
        if status == "saving":
            break
        pause(0.02)
    assert status == "saving", f"the import never reached saving (status {status!r})"
    pause(0.2)
    os.kill(worker.pid, signal.SIGKILL)
    reap(worker, 10)

    status, rows = _state(db, job)
    assert status == "saving", "the kill came too late: the import had finished"
    assert rows == 0, f"{rows} of {ROWS} rows were left behind by the killed import"

    rerun = subprocess.run(  # noqa: S603
        [sys.executable, "-c", RUN, str(job)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    assert rerun.stdout.split()[-2:] == ["done", str(ROWS)]
    status, rows = _state(db, job)
    assert (status, rows) == ("done", ROWS)
