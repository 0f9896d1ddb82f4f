"""RQ as Peerwork runs it (settings.RQ): a job whose worker died is run again, soon.

With ``TASKS_BACKEND=django_tasks_rq.RQBackend`` the tasks go to Redis and ``peerwork rqworker
--with-scheduler`` runs them (docs/deploy.md). RQ on its own moves the job of a worker killed
mid-task to the failed jobs, and notices it only at its ten-minute maintenance. Here every job
may run again three times (after a crash or an error, 10 s, 1 min and 5 min later), and workers
find a dead worker's job within about a minute. The tasks are written for it: running one twice changes
nothing the second time (``peerwork.core.runs.claim_run``, and each task's own check of what is
done).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_rq.queues import DjangoRQ
from rq import Retry
from rq.worker import Worker as RQWorker

RETRIES = 3
RETRY_SECONDS = [10, 60, 300]


class Queue(DjangoRQ):
    """Every job may be retried, unless the caller says otherwise."""

    def create_job(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("retry") is None:
            kwargs["retry"] = Retry(max=RETRIES, interval=RETRY_SECONDS)
        return super().create_job(*args, **kwargs)


class Worker(RQWorker):
    """RQ's worker, finding the jobs of dead workers within about a minute instead of ten.

    ``settings.PEERWORK_RQ_HEARTBEAT_SECONDS``: how often a running job says it is alive; it is
    abandoned when it has not for that long plus ``HEARTBEAT_GRACE``. ``settings.
    PEERWORK_RQ_MAINTENANCE_SECONDS``: how often an idle or busy worker looks for abandoned jobs
    (RQ's own default: every ten minutes, and an idle worker waits up to seven for a job first).
    """

    HEARTBEAT_GRACE = 15

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        maintenance = settings.PEERWORK_RQ_MAINTENANCE_SECONDS
        kwargs.setdefault("maintenance_interval", maintenance)
        kwargs.setdefault("job_monitoring_interval", settings.PEERWORK_RQ_HEARTBEAT_SECONDS)
        # An idle worker waits worker_ttl - 15 s for a job before it looks again; rqworker passes 420.
        kwargs["worker_ttl"] = min(kwargs.get("worker_ttl") or maintenance + 15, maintenance + 15)
        super().__init__(*args, **kwargs)

    def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
        ttl = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            ttl = min(ttl, int(job.timeout - working_time))
        return int(ttl) + self.HEARTBEAT_GRACE
