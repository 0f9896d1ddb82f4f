"""Queue background tasks as the web nodes queue them, for bench/scaleout.py.

Run with the nodes' environment (the RQ backend on the harness's Redis) and one JSON argument:
``{"org": ID, "user": ID, "imports": [ROWS, ...], "rollups": N, "reports": N, "reminders": [ID, ...],
"tag": "A"}``. Each service is called in its own transaction, so its task is queued on commit as on
a page. Prints one JSON line: the rows made (import jobs with their row counts, rollup refreshes,
report runs, reminder logs) and the enqueues that failed (Redis down), with the error.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import Any

import django

django.setup()

from django.db import transaction  # noqa: E402

from peerwork.accounts.models import User  # noqa: E402
from peerwork.insights.models import ReportTemplate  # noqa: E402
from peerwork.insights.tasks import report_run_request, rollups_request  # noqa: E402
from peerwork.orgs.models import Organisation  # noqa: E402
from peerwork.services.services import import_start  # noqa: E402
from peerwork.shifts.models import Assignment, ReminderKind  # noqa: E402
from peerwork.shifts.reminders import reminder_queue  # noqa: E402

CLIENT_CODE = "F-ABCD-1980"


def import_csv(org: Organisation, rows: int, tag: str, number: int) -> bytes:
    """``rows`` distinct contact records, on days before today that no other import of this run uses."""
    site = org.sites.order_by("pk").first()
    assert site is not None
    day = org.today() - timedelta(days=2 + number)
    lines = ["occurred_at,site,kind,quantity,client_code"]
    lines += [
        f"{day:%Y-%m-%d} "
        f"{minute // 60 % 24:02d}:{minute % 60:02d},{site.name},contact,{1 + minute % 5},{CLIENT_CODE}"
        for minute in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def _queue(made: dict[str, Any], kind: str, action: Any) -> None:
    """Run one service; an enqueue that fails on commit (Redis down) is recorded, not raised."""
    try:
        value = action()
    except Exception as exc:  # the harness reports whatever the backend raised
        made["failed"].append({"kind": kind, "error": f"{type(exc).__name__}: {exc}"[:200]})
        return
    made[kind].append(value)


def main() -> None:
    spec = json.loads(sys.argv[1])
    org = Organisation.objects.get(pk=spec["org"])
    user = User.objects.get(pk=spec["user"])
    made: dict[str, Any] = {"imports": [], "rollups": [], "reports": [], "reminders": [], "failed": []}
    for number, rows in enumerate(spec.get("imports", [])):
        content = import_csv(org, rows, spec["tag"], spec.get("import_offset", 0) + number)

        def start(rows: int = rows, content: bytes = content, number: int = number) -> list[int]:
            job = import_start(
                organisation=org, user=user, file_name=f"scaleout-{spec['tag']}-{number}.csv", content=content
            )
            return [job.pk, rows]

        _queue(made, "imports", start)
    for _ in range(spec.get("rollups", 0)):
        _queue(made, "rollups", lambda: rollups_request(organisation=org, requested_by=user).pk)
    template = ReportTemplate.objects.filter(organisation=org).order_by("pk").first()
    for _ in range(spec.get("reports", 0) if template else 0):
        _queue(made, "reports", lambda: report_run_request(template=template, requested_by=user).pk)
    for assignment_id in spec.get("reminders", []):
        assignment = Assignment.objects.select_related("peer").get(pk=assignment_id)

        def remind(assignment: Assignment = assignment) -> list[int]:
            with transaction.atomic():
                logs = reminder_queue(assignment=assignment, kind=ReminderKind.DAY_BEFORE)
            return [log.pk for log in logs]

        _queue(made, "reminders", remind)
    made["reminders"] = [pk for pks in made["reminders"] for pk in pks]
    print(json.dumps(made))


if __name__ == "__main__":
    main()
