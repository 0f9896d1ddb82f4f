"""Background work for insights (django-tasks) and the services that queue it after commit.

``refresh_rollups_task`` is the scheduled job (run it nightly, e.g. from cron through
``peerwork rollups_refresh``, or let it re-queue itself when the backend can defer);
``build_report_task`` builds one funder report while its page polls the progress.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from peerwork.audit.services import audit_record
from peerwork.core.runs import claim_run, enqueue_after_commit
from peerwork.orgs.models import Organisation

from .models import ReportRun, ReportTemplate, RollupRefresh
from .reports import ReportPeriodError, report_content, report_csv, report_pdf, report_xlsx
from .services import DEFAULT_ROLLUP_DAYS, rollups_refresh

logger = logging.getLogger("peerwork.insights")
NIGHTLY_HOUR_UTC = 3
NIGHTLY_MEMORY_SECONDS = 2 * 24 * 3600
# How long a refresh queued by changes waits for more before a worker takes it (backends that can
# run work later); the dashboard runs a refresh still unclaimed after a few seconds itself.
FOLLOW_SETTLE = timedelta(seconds=30)


@task(takes_context=True)
def refresh_rollups_task(context: TaskContext, refresh_id: int) -> int:
    refresh = RollupRefresh.objects.select_related("organisation").get(pk=refresh_id)
    done = rollups_refresh(
        organisation=refresh.organisation,
        refresh=refresh,
        first_day=refresh.first_day,
        last_day=refresh.last_day,
        claim=context.task_result.id,
    )
    return done.rows_written


@task()
def refresh_all_rollups_task(reschedule: bool = False) -> int:
    """The nightly job: rebuild the last ``DEFAULT_ROLLUP_DAYS`` days for every organisation.

    With ``reschedule`` it queues itself again for the next night, so one
    ``peerwork rollups_refresh --schedule`` keeps the rollups fresh while a worker runs.
    """
    total = 0
    for organisation in Organisation.objects.all():
        total += rollups_refresh(organisation=organisation).rows_written
    if reschedule:
        schedule_nightly_refresh()
    return total


def next_night(now: datetime | None = None) -> datetime:
    """The next 03:00 UTC: a quiet hour in the Americas and early morning in Europe."""
    now = now or timezone.now()
    night = now.astimezone(UTC).replace(hour=NIGHTLY_HOUR_UTC, minute=0, second=0, microsecond=0)
    return night if night > now else night + timedelta(days=1)


def schedule_nightly_refresh() -> datetime | None:
    """Queue the nightly rebuild for the next night, once; None when the backend cannot run tasks later.

    Once: a nightly run that is run again (its worker died after it had queued the next night)
    must not queue a second one, or the nights would multiply. The cache (Redis, where workers
    are) remembers which nights are queued.
    """
    if not refresh_all_rollups_task.get_backend().supports_defer:
        return None
    when = next_night()
    if not cache.add(f"peerwork:nightly-rollups:{when:%Y-%m-%d}", True, timeout=NIGHTLY_MEMORY_SECONDS):
        return when  # already queued
    refresh_all_rollups_task.using(run_after=when).enqueue(reschedule=True)
    return when


def rollups_request(*, organisation: Organisation, requested_by: Any = None) -> RollupRefresh:
    """Queue a rebuild (the dashboard's button); the task runs after the request commits."""
    last_day = organisation.today()
    with transaction.atomic():
        refresh = RollupRefresh.objects.create(
            organisation=organisation,
            first_day=last_day - timedelta(days=DEFAULT_ROLLUP_DAYS),
            last_day=last_day,
            requested_by=requested_by,
        )
        audit_record(action="rollups_requested", organisation=organisation, actor=requested_by, obj=refresh)
        enqueue_after_commit(refresh_rollups_task, refresh.pk)
    return refresh


def rollups_changed(*, organisation: Organisation, since: date) -> RollupRefresh | None:
    """Records of ``organisation`` changed from ``since`` on: refresh those days up to today.

    A refresh still waiting is widened instead of queueing another, so a burst of writes costs one
    refresh. Returns the refresh queued, or None when a waiting one was widened.
    """
    today = organisation.today()
    widened = RollupRefresh.objects.filter(
        organisation=organisation, status=RollupRefresh.Status.QUEUED
    ).update(first_day=Least("first_day", Value(since)), last_day=Greatest("last_day", Value(today)))
    if widened:
        return None
    refresh = RollupRefresh.objects.create(organisation=organisation, first_day=since, last_day=today)
    task = refresh_rollups_task
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + FOLLOW_SETTLE)
    enqueue_after_commit(task, refresh.pk)
    return refresh


def report_run_build(run: ReportRun, *, claim: str = "") -> ReportRun:
    """Compute the suppressed tables and the three files, reporting progress on the run as it goes.

    ``claim``: the id of the task building it (peerwork/core/runs.py), so that the same task run
    again after its worker died builds it again, while a run another build is doing is left alone.
    """

    def progress(percent: int, message: str) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=percent, message=message)

    claimed = claim_run(ReportRun, pk=run.pk, claim=claim, progress=5, message=_("Reading the figures"))
    if not claimed:  # a worker or the page's fallback already took it
        run.refresh_from_db()
        return run
    try:
        content = report_content(run.template, progress)
        progress(75, _("Writing the PDF"))
        pdf = report_pdf(content)
        progress(90, _("Writing the spreadsheet and CSV"))
        xlsx, csv = report_xlsx(content), report_csv(content)
    except ReportPeriodError as exc:
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED, message=str(exc), finished_at=timezone.now()
        )
    except Exception:
        logger.exception("report run %s failed", run.pk)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED,
            message=_(
                "The report could not be built. Try again; if it fails again, tell your administrator."
            ),
            finished_at=timezone.now(),
        )
    else:
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.DONE,
            progress=100,
            message=_("Ready"),
            content=content,
            pdf=pdf,
            xlsx=xlsx,
            csv=csv,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


@task(takes_context=True)
def build_report_task(context: TaskContext, run_id: int) -> str:
    run = ReportRun.objects.select_related("template__organisation").get(pk=run_id)
    return report_run_build(run, claim=context.task_result.id).status


def report_run_request(*, template: ReportTemplate, requested_by: Any = None) -> ReportRun:
    """Queue a report build; its page polls the run's progress until the files are ready."""
    with transaction.atomic():
        run = ReportRun.objects.create(
            organisation=template.organisation, template=template, requested_by=requested_by
        )
        audit_record(
            action="report_requested", organisation=template.organisation, actor=requested_by, obj=run
        )
        enqueue_after_commit(build_report_task, run.pk)
    return run
