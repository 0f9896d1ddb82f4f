"""Runs done by background tasks (rollup refreshes, reports, planner runs): who is doing one.

A run is QUEUED until an execution of its task (or a page's fallback, when no worker has taken it)
claims it. A task may run twice: RQ runs a job again when its worker died (peerwork/core/rq.py).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import Model, Q

logger = logging.getLogger("peerwork.tasks")


def claim_run(model: type[Model], *, pk: int, claim: str, **fields: Any) -> bool:
    """Take the queued run ``pk`` for this execution of its task; True when it is ours to do.

    ``model`` is the run's model, with ``status`` and ``claim`` fields and QUEUED/RUNNING
    statuses. ``claim`` is the task's result id, which stays the same when RQ runs the task again
    after its worker died: that second execution takes the run it had started back, while a run
    another execution (or a page's fallback, whose claim is empty) is doing is left alone.
    """
    status = model.Status  # type: ignore[attr-defined]
    ours = Q(status=status.QUEUED)
    if claim:
        ours |= Q(status=status.RUNNING, claim=claim)
    return bool(
        model._default_manager.filter(ours, pk=pk).update(status=status.RUNNING, claim=claim, **fields)
    )


def enqueue_after_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue ``task`` once the current transaction commits; a queue that cannot be reached loses no write.

    When the queue (Redis) is down or restarting, what was saved stays saved and the person gets
    their page; the work waits where it was saved (a run QUEUED, a reminder unsent), and is done by
    the page that polls it or by the next sweep (``shifts_send_reminders``, ``imports_sweep``).
    """

    transaction.on_commit(lambda: enqueue_or_wait(task, *args, **kwargs))


def enqueue_or_wait(task: Any, *args: Any, **kwargs: Any) -> bool:
    """Queue ``task`` now; False (and a logged error) when the queue cannot be reached."""
    try:
        task.enqueue(*args, **kwargs)
    except Exception:
        logger.exception("could not queue %s: it waits to be done later", task.module_path)
        return False
    return True
