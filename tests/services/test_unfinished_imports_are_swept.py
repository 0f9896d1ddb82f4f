"""An import whose worker died never stays "Checking rows" with its file kept: the scheduler's sweep
ends it as not imported and removes the file."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import ImportJob, ImportStatus

FILE = (
    b"occurred_at,site,kind,item,quantity,client_code\n"
    b"2026-12-01T10:00:00-05:00,Main,supplies,Syringes,1,F-ABCD-1980\n"
)


def _job(org, status, hours_ago):  # type: ignore[no-untyped-def]
    job = ImportJob.objects.create(organisation=org, file_name="week.csv", content=FILE, status=status)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    return job


def test_a_job_no_worker_finished_ends_as_not_imported_and_its_file_is_removed(org_a, org_b, client_for):
    stuck = _job(org_a.org, ImportStatus.CHECKING, hours_ago=7)
    lost = _job(org_b.org, ImportStatus.SAVING, hours_ago=30)
    running = _job(org_a.org, ImportStatus.CHECKING, hours_ago=1)
    out = io.StringIO()
    call_command("imports_sweep", stdout=out)
    assert "2 unfinished imports ended" in out.getvalue()
    for job in (stuck, lost):
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and bytes(job.content) == b"" and job.finished_at
        assert job.message.startswith("Nothing was imported: the import stopped before it finished.")
    running.refresh_from_db()
    assert running.status == ImportStatus.CHECKING and bytes(running.content) == FILE
    page = client_for(org_a.coordinator).get(reverse("services:import_status", args=[stuck.pk]))
    assert "the import stopped before it finished" in page.content.decode()
    assert (
        client_for(org_b.coordinator).get(reverse("services:import_status", args=[stuck.pk])).status_code
        == 404
    )


def test_a_finished_job_is_left_as_it_is(org_a):
    done = _job(org_a.org, ImportStatus.DONE, hours_ago=48)
    call_command("imports_sweep", stdout=io.StringIO())
    done.refresh_from_db()
    assert done.status == ImportStatus.DONE and done.message == ""
