"""Funder reports: a template per funder, built in the background into PDF, XLSX and CSV with small
cells hidden, and clear refusals for periods that cannot be reported."""

from __future__ import annotations

import io
from datetime import timedelta

from django.urls import reverse
from openpyxl import load_workbook

from peerwork.insights.models import ReportRun, ReportTemplate
from peerwork.insights.services import rollups_refresh

from . import factories as f


def _history(personas):  # type: ignore[no-untyped-def]
    org = personas.org
    s1, _s2, _s3 = f.ladder(org)
    t = org.today()
    entry = f.role(org)
    crowd = [f.peer(org, f"Peer {i}", t - timedelta(days=40), personas.site, s1) for i in range(12)]
    few = [f.peer(org, f"Few {i}", t - timedelta(days=40), personas.other_site, s1) for i in range(2)]
    for n in range(1, 15):
        work = f.shift(org, personas.site, entry, t - timedelta(days=n), slots=12)
        for person in crowd:
            f.worked(work, person)
    far = f.shift(org, personas.other_site, entry, t - timedelta(days=3))
    for person in few:
        f.worked(far, person)
    rollups_refresh(organisation=org, first_day=t - timedelta(days=60), last_day=t)
    return t


def test_a_template_is_saved_and_a_report_builds_in_three_formats(
    org_a, client_for, django_capture_on_commit_callbacks
):
    t = _history(org_a)
    client = client_for(org_a.evaluator)
    response = client.post(
        reverse("insights:report_template_new"),
        {
            "name": "Quarterly",
            "funder": '=HYPERLINK("x")',
            "indicator_ids": ["active_peers", "shifts_worked", "new_peer_share"],
            "period_start": (t - timedelta(days=30)).isoformat(),
            "period_end": t.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    template = ReportTemplate.objects.get(organisation=org_a.org)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:report_run_create", kwargs={"template_id": template.pk}))
    run = ReportRun.objects.get(template=template)
    assert response["Location"] == reverse("insights:report_run", kwargs={"run_id": run.pk})
    assert run.status == ReportRun.Status.DONE, run.message
    page = client.get(response["Location"]).content.decode()
    assert "Your report is ready" in page
    pdf = client.get(reverse("insights:report_download", kwargs={"run_id": run.pk, "fmt": "pdf"}))
    assert pdf.content.startswith(b"%PDF")
    csv = client.get(
        reverse("insights:report_download", kwargs={"run_id": run.pk, "fmt": "csv"})
    ).content.decode()
    # The site with two peers is a small cell: hidden, and so is a partner so totals do not give it away.
    assert "*" in csv
    assert ",2\r\n" not in csv
    xlsx = client.get(reverse("insights:report_download", kwargs={"run_id": run.pk, "fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(xlsx.content))
    values = [c.value for row in book.worksheets[1].iter_rows() for c in row]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_a_period_before_the_organisation_existed_is_refused_clearly(org_a, client_for):
    client = client_for(org_a.evaluator)
    response = client.post(
        reverse("insights:report_template_new"),
        {
            "name": "Old",
            "funder": "Ministry",
            "indicator_ids": ["active_peers"],
            "period_start": "1999-01-01",
            "period_end": "1999-12-31",
        },
    )
    assert response.status_code == 200
    assert "before" in response.content.decode() and "has any records" in response.content.decode()
    assert not ReportTemplate.objects.filter(organisation=org_a.org).exists()


def test_a_stale_template_with_an_impossible_period_fails_with_the_reason(org_a, client_for):
    template = f.ReportTemplateFactory(
        organisation=org_a.org,
        period_start=org_a.org.today().replace(year=1999),
        period_end=org_a.org.today().replace(year=1999),
    )
    response = client_for(org_a.evaluator).post(
        reverse("insights:report_run_create", kwargs={"template_id": template.pk}), follow=True
    )
    assert "has any records" in response.content.decode()


def test_a_supervisor_cannot_run_reports(org_a, client_for):
    assert client_for(org_a.supervisor).get(reverse("insights:reports")).status_code == 403


def test_a_run_no_worker_picked_up_is_built_by_the_page_that_waits(org_a, client_for):
    from datetime import timedelta as td

    from django.utils import timezone

    _history(org_a)
    template = f.ReportTemplateFactory(organisation=org_a.org)
    run = ReportRun.objects.create(organisation=org_a.org, template=template)
    ReportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - td(seconds=30))
    page = client_for(org_a.evaluator).get(reverse("insights:report_run_status", kwargs={"run_id": run.pk}))
    assert "Your report is ready" in page.content.decode()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
