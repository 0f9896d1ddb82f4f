"""Background work for services: CSV imports run here so the page can poll their progress."""

from __future__ import annotations

from django_tasks import task

from .imports import import_run


@task()
def import_run_task(job_id: int) -> None:
    import_run(job_id=job_id)
