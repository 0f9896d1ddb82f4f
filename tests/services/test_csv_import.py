"""CSV import: all or nothing, every bad row reported with its line number and the reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerwork.services.models import ImportJob, ImportStatus, OverdoseResponse, ServiceEntry
from peerwork.services.services import catalogue_ensure, import_start

HEADER = "occurred_at,site,kind,item,quantity,client_code,place_name,latitude,longitude\n"


@pytest.fixture
def site_name(org_a):  # type: ignore[no-untyped-def]
    catalogue_ensure(organisation=org_a.org)
    return org_a.site.name


@pytest.fixture
def run(org_a, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Upload ``content`` and run the queued task (immediate in tests); return the finished job."""

    def do(content: bytes) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = import_start(
                organisation=org_a.org, user=org_a.coordinator, file_name="h.csv", content=content
            )
        job.refresh_from_db()
        return job

    return do


def _good_row(site: str, n: int) -> str:
    return f"2024-0{1 + n % 9}-{1 + n % 28:02d} 10:{n % 60:02d},{site},supplies,Syringes,{1 + n % 20},,,,\n"


def test_a_good_file_is_imported_completely(org_a, site_name, run):
    rows = "".join(_good_row(site_name, n) for n in range(50))
    rows += f"2024-02-02 11:00,{site_name},sharps,,7,,Moss Park,43.65,-79.37\n"
    rows += f"2024-02-02 12:00,{site_name},contact,,3,F-ABCD-1980,,,\n"
    job = run((HEADER + rows).encode())
    assert job.status == ImportStatus.DONE, job.errors
    assert job.rows_saved == 52
    assert ServiceEntry.objects.filter(organisation=org_a.org, import_job=job).count() == 52
    assert ServiceEntry.objects.get(kind="contact").client_code == "F-ABCD-1980"


def test_three_bad_rows_among_ten_thousand_import_nothing_and_are_each_reported(org_a, site_name, run):
    lines = [_good_row(site_name, n) for n in range(10_000)]
    lines[1233] = f"2024-01-01 10:00,{site_name},supplies,Syringes,-4,,,,\n"
    lines[5000] = f"2024-01-01 10:00,{site_name},contact,,2,Jane Doe,,,\n"
    lines[9998] = f"2024-01-01 10:00,{site_name},supplies,Syringes,=1+2,,,,\n"
    job = run((HEADER + "".join(lines)).encode())
    assert job.status == ImportStatus.FAILED
    assert ServiceEntry.objects.count() == 0
    assert [e["line"] for e in job.errors] == [1235, 5002, 10000]
    reasons = [e["reason"] for e in job.errors]
    assert "negative" in reasons[0]
    assert "Client code" in reasons[1]
    assert "formulas are not allowed" in reasons[2]
    assert "Nothing was imported" in job.message


def test_a_wrong_header_is_reported_on_line_one(org_a, site_name, run):
    job = run(f"date,site,kind,client_name\n2024-01-01,{site_name},contact,Bob\n".encode())
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["line"] == 1
    assert "Unknown column(s): date, client_name" in job.errors[0]["reason"]
    assert any("Missing column(s): occurred_at" in e["reason"] for e in job.errors)


def test_a_file_that_is_not_utf8_is_refused_with_the_line(org_a, site_name, run):
    content = (HEADER + f"2024-01-01 10:00,{site_name},contact,,2,,Caf\u00e9 corner,,\n").encode("latin-1")
    job = run(content)
    assert job.status == ImportStatus.FAILED
    assert "not UTF-8" in job.errors[0]["reason"]
    assert "Line 2" in job.errors[0]["reason"]
    assert ServiceEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2024-01-01 10:00,{site},supplies,Syringes,-1,,,,", "cannot be negative"),
        ("2024-01-01 10:00,{site},supplies,Syringes,@SUM(A1),,,,", "formulas"),
        ("2024-01-01 10:00,{site},contact,,+3,,,,", "formulas"),
        ("2024-01-01 10:00,{site},contact,,2,X-AB-1,,,", "gender letter"),
        ("2024-01-01 10:00,Nowhere,contact,,2,,,,", "no site called"),
        ("2024-01-01 10:00,{site},supplies,Crack pipes deluxe,2,,,,", "no supply item"),
        ("yesterday,{site},contact,,2,,,,", "not a date"),
        ("2024-01-01 10:00,{site},contact,,2,,", "has 7 cells"),
        ("2099-01-01 10:00,{site},contact,,2,,,,", "future"),
    ],
)
def test_each_bad_row_says_what_is_wrong(org_a, site_name, row, expected, run):
    content = HEADER + _good_row(site_name, 1) + row.format(site=site_name) + "\n"
    job = run(content.encode())
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["line"] == 3
    assert expected in job.errors[0]["reason"]
    assert ServiceEntry.objects.count() == 0


def test_the_same_file_twice_is_not_imported_twice(org_a, site_name, run):
    content = (HEADER + _good_row(site_name, 3)).encode()
    assert run(content).status == ImportStatus.DONE
    again = run(content)
    assert again.status == ImportStatus.FAILED
    assert "imported before" in again.message
    assert ServiceEntry.objects.count() == 1


def test_overdose_rows_are_imported(org_a, site_name, run):
    content = (
        "occurred_at,site,kind,place_type,product,doses_given,emergency_services_called,conscious_before,outcome\n"
        f"2024-01-01 10:00,{site_name},overdose,park,nasal,2,yes,no,survived\n"
    )
    job = run(content.encode())
    assert job.status == ImportStatus.DONE, job.errors
    event = OverdoseResponse.objects.get()
    assert event.emergency_services_called and not event.conscious_before


def test_the_upload_page_queues_the_import_and_the_status_page_polls_until_done(
    org_a, site_name, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(org_a.coordinator)
    upload = SimpleUploadedFile(
        "history.csv", (HEADER + _good_row(site_name, 2)).encode(), content_type="text/csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("services:import"), {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "1 records imported" in page
    assert "hx-trigger" not in page, "a finished import stops polling"
    job.status = ImportStatus.CHECKING
    job.rows_total, job.rows_checked = 100, 40
    job.save()
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial
    assert "40 of about 100 rows checked" in partial
    assert "<html" not in partial


def test_only_staff_who_may_import_can_upload(org_a, org_b, client_for):
    assert client_for(org_a.peer_user).get(reverse("services:import")).status_code == 403
    assert client_for(org_a.evaluator).get(reverse("services:import")).status_code == 403
    job = ImportJob.objects.create(organisation=org_a.org, file_name="a.csv")
    assert (
        client_for(org_b.coordinator).get(reverse("services:import_status", args=[job.pk])).status_code == 404
    )


@pytest.mark.parametrize(
    "when", ["2024-05-01 10:00+99:00", "2024-05-01T10:00:00-25:00", "0001-01-01 00:30+05:00"]
)
def test_a_bad_offset_fails_the_job_with_the_rows_error_and_removes_the_file(org_a, site_name, run, when):
    rows = _good_row(site_name, 1) + f"{when},{site_name},supplies,Syringes,2,,,,\n"
    job = run((HEADER + rows).encode())
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"line": 3, "reason": f"“{when}” is not a date and time like 2024-05-31 14:30."}]
    assert bytes(job.content) == b""
    assert ServiceEntry.objects.filter(organisation=org_a.org).count() == 0


def test_an_unforeseen_error_fails_the_job_instead_of_leaving_it_checking(org_a, site_name, run, monkeypatch):
    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("peerwork.services.imports.check_rows", broken)
    job = run((HEADER + _good_row(site_name, 1)).encode())
    assert job.status == ImportStatus.FAILED
    assert job.is_finished and job.finished_at is not None
    assert "disk on fire" in job.errors[0]["reason"]
    assert bytes(job.content) == b""
