"""Planner runs in the background (django-tasks), queued after the request commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import TaskContext, task

from peerwork.audit.services import audit_record
from peerwork.core.runs import enqueue_after_commit
from peerwork.orgs.models import Organisation

from .models import PlannerRun, Scenario
from .services import planner_run_execute


@task(takes_context=True)
def planner_run_task(context: TaskContext, run_id: int) -> str:
    run = PlannerRun.objects.select_related("organisation", "scenario").get(pk=run_id)
    return planner_run_execute(run, claim=context.task_result.id).status


def planner_run_request(
    *, organisation: Organisation, scenario: Scenario | None, kind: str, requested_by: Any = None
) -> PlannerRun:
    with transaction.atomic():
        run = PlannerRun.objects.create(
            organisation=organisation, scenario=scenario, kind=kind, requested_by=requested_by
        )
        audit_record(action="planner_run_requested", organisation=organisation, actor=requested_by, obj=run)
        enqueue_after_commit(planner_run_task, run.pk)
    return run
