"""CSV import of historical service records: every row is checked first, then all are saved in one
transaction, or none are and every bad row is reported with its line number and the reason.

Progress (rows checked) is saved outside the import's transaction so the page polling it sees it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation

from . import hooks
from .models import EntryKind, ImportJob, ImportStatus, OverdoseResponse, ServiceEntry, Source, SupplyItem
from .records import Rejected, entry_fields, overdose_fields

COLUMNS = [
    "occurred_at",
    "site",
    "kind",
    "item",
    "quantity",
    "client_code",
    "place_name",
    "place_type",
    "latitude",
    "longitude",
    "referral_to",
    "referral_for",
    "product",
    "doses_given",
    "emergency_services_called",
    "conscious_before",
    "outcome",
]
REQUIRED_COLUMNS = ["occurred_at", "site", "kind"]
KINDS = [*EntryKind.values, "overdose"]
MAX_REPORTED_ERRORS = 1000
PROGRESS_EVERY = 2000
BATCH_SIZE = 5000
_FORMULA_STARTS = frozenset("=+@-\t\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_NAMESPACE = uuid.UUID("5b0f1f8e-6c1a-4a55-9d0e-3f1c2a7b9e11")

logger = logging.getLogger(__name__)


@dataclass
class Checked:
    # Entries as column values (attname → value): building 100,000 model instances costs seconds.
    entries: list[dict[str, Any]] = field(default_factory=list)
    events: list[OverdoseResponse] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0

    def fail(self, line: int, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"line": line, "reason": reason})


def _progress(job: ImportJob, **values: Any) -> None:
    for key, value in values.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def _finish_failed(job: ImportJob, checked: Checked | None, message: str) -> None:
    errors = checked.errors if checked else []
    _progress(
        job,
        status=ImportStatus.FAILED,
        errors=errors,
        error_count=checked.error_count if checked else len(errors),
        message=message[:300],
        finished_at=timezone.now(),
        content=b"",
    )


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise Rejected(
            _(
                "Line %(line)s: the file is not UTF-8 text. In your spreadsheet, save it as "
                "“CSV UTF-8” and try again."
            )
            % {"line": line}
        ) from None


def _check_header(header: list[str]) -> list[str]:
    names = [name.strip().lower() for name in header]
    problems = []
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        problems.append(
            _("Unknown column(s): %(cols)s. Allowed columns: %(allowed)s.")
            % {"cols": ", ".join(unknown) or _("(empty)"), "allowed": ", ".join(COLUMNS)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        problems.append(_("Missing column(s): %(cols)s.") % {"cols": ", ".join(missing)})
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        problems.append(_("Column(s) given twice: %(cols)s.") % {"cols": ", ".join(duplicated)})
    return problems


def _formula_cell(value: str) -> bool:
    if not value:
        return False
    if value[0] in "=+@\t\r":
        return True
    return value[0] == "-" and not _NUMBER.match(value)


def _moment(organisation: Organisation, raw: str) -> datetime:
    text = raw.strip()
    unreadable = Rejected(_("“%(value)s” is not a date and time like 2024-05-31 14:30.") % {"value": raw})
    try:
        moment = parse_datetime(text.replace(" ", "T", 1)) if text else None
        if moment is None and text:
            day = parse_date(text)
            if day is not None:
                moment = datetime(day.year, day.month, day.day, 12, 0)  # noqa: DTZ001 - made aware below
        if moment is None:
            raise unreadable
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, organisation.zone)
        in_future = moment > timezone.now()
        moment.astimezone(UTC)  # the database stores UTC: a moment with no UTC year cannot be saved
    except (ValueError, OverflowError):  # an offset of a day or more, a year out of range
        raise unreadable from None
    if in_future:
        raise Rejected(_("The date %(value)s is in the future.") % {"value": raw})
    return moment


class _Lookups:
    def __init__(self, organisation: Organisation) -> None:
        self.sites = {site.name.strip().lower(): site for site in organisation.sites.all()}
        self.items = {
            item.name.strip().lower(): item for item in SupplyItem.objects.filter(organisation=organisation)
        }

    def site(self, name: str) -> Any:
        found = self.sites.get(name.strip().lower())
        if found is None:
            raise Rejected(_("There is no site called “%(name)s”.") % {"name": name})
        return found

    def item(self, name: str) -> SupplyItem | None:
        if not name.strip():
            return None
        found = self.items.get(name.strip().lower())
        if found is None:
            raise Rejected(_("There is no supply item called “%(name)s” in the catalogue.") % {"name": name})
        return found


def check_rows(
    *, organisation: Organisation, user: User | None, text: str, digest: str, job: ImportJob | None = None
) -> Checked:
    """Parse and check every row; collect unsaved records and every error with its line number."""
    checked = Checked()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        checked.fail(1, _("The file is empty."))
        return checked
    except csv.Error as exc:
        checked.fail(1, _("The header line cannot be read: %(error)s") % {"error": exc})
        return checked
    for problem in _check_header(header):
        checked.fail(1, problem)
    if checked.error_count:
        return checked
    names = [name.strip().lower() for name in header]
    lookups = _Lookups(organisation)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            checked.fail(reader.line_num, _("This line cannot be read as CSV: %(error)s") % {"error": exc})
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        checked.rows += 1
        if job is not None and checked.rows % PROGRESS_EVERY == 0:
            _progress(job, rows_checked=checked.rows)
        if len(row) != len(names):
            checked.fail(
                line,
                _("This line has %(got)s cells; the header has %(want)s.")
                % {"got": len(row), "want": len(names)},
            )
            continue
        values = dict(zip(names, row, strict=True))
        formula = None
        for name, value in values.items():
            # Cheap first-character test before the full check: this runs on every cell.
            if value and value.lstrip()[:1] in _FORMULA_STARTS and _formula_cell(value.strip()):
                formula = name
                break
        if formula is not None:
            checked.fail(
                line,
                _("The %(column)s cell starts with “%(char)s”: formulas are not allowed in an import.")
                % {"column": formula, "char": values[formula].strip()[0]},
            )
            continue
        try:
            _check_row(checked, organisation, user, lookups, values, line, digest)
        except Rejected as exc:
            checked.fail(line, exc.reason)
    return checked


def _check_row(
    checked: Checked,
    organisation: Organisation,
    user: User | None,
    lookups: _Lookups,
    values: dict[str, str],
    line: int,
    digest: str,
) -> None:
    kind = values.get("kind", "").strip()
    if kind not in KINDS:
        raise Rejected(
            _("“%(kind)s” is not a kind of record; use one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    site = lookups.site(values.get("site", ""))
    occurred_at = _moment(organisation, values.get("occurred_at", ""))
    client_uuid = uuid.uuid5(_NAMESPACE, f"{organisation.pk}:{digest}:{line}")
    if kind == "overdose":
        fields = overdose_fields(
            organisation=organisation,
            place_name=values.get("place_name", ""),
            place_type=values.get("place_type", ""),
            product=values.get("product") or "injectable",
            doses_given=values.get("doses_given") or 0,
            emergency_services_called=values.get("emergency_services_called", ""),
            conscious_before=values.get("conscious_before", ""),
            outcome=values.get("outcome") or "unknown",
            client_code=values.get("client_code", ""),
        )
        checked.events.append(
            OverdoseResponse(
                organisation=organisation,
                client_uuid=client_uuid,
                site=site,
                occurred_at=occurred_at,
                recorded_by=user,
                source=Source.IMPORT,
                **fields,
            )
        )
        return
    fields = entry_fields(
        organisation=organisation,
        kind=kind,
        quantity=values.get("quantity", ""),
        item=lookups.item(values.get("item", "")),
        client_code=values.get("client_code", ""),
        place_name=values.get("place_name", ""),
        latitude=values.get("latitude", ""),
        longitude=values.get("longitude", ""),
        referral_to=values.get("referral_to", ""),
        referral_for=values.get("referral_for", ""),
    )
    item = fields.pop("item")
    checked.entries.append(
        {
            "organisation_id": organisation.pk,
            "client_uuid": client_uuid,
            "site_id": site.pk,
            "recorded_by_id": user.pk if user is not None else None,
            "occurred_at": occurred_at,
            "source": Source.IMPORT,
            "item_id": item.pk if item is not None else None,
            **fields,
        }
    )


def _insert_entries(entries: list[dict[str, Any]], job: ImportJob | None) -> None:
    """Insert many entries: COPY on PostgreSQL (fast), bulk_create in batches elsewhere."""
    now = timezone.now()
    job_id = job.pk if job is not None else None
    if connection.vendor != "postgresql":
        ServiceEntry.objects.bulk_create(
            (ServiceEntry(**values, import_job_id=job_id, created_at=now) for values in entries),
            batch_size=BATCH_SIZE,
        )
        return
    fields = [f for f in ServiceEntry._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: None for f in fields} | {"import_job_id": job_id, "created_at": now}
    attnames = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(ServiceEntry._meta.db_table)
    with (
        connection.wrap_database_errors,  # a duplicate raises Django's IntegrityError, as bulk_create would
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for values in entries:
            row = defaults | values
            copy.write_row([row[name] for name in attnames])


def records_import(
    *, organisation: Organisation, user: User | None, checked: Checked, job: ImportJob | None
) -> int:
    """Save checked records, all in one transaction. Returns how many were saved."""
    with transaction.atomic():
        for event in checked.events:
            event.import_job = job
        _insert_entries(checked.entries, job)
        OverdoseResponse.objects.bulk_create(checked.events, batch_size=BATCH_SIZE)
        saved_events = OverdoseResponse.objects.filter(
            organisation=organisation, client_uuid__in=[e.client_uuid for e in checked.events]
        )
        for event in saved_events:
            for handler in hooks.overdose_response_recorded:
                transaction.on_commit(partial(handler, event), robust=True)
        audit_record(
            action="service_records_imported",
            organisation=organisation,
            actor=user,
            obj=job,
            entries=len(checked.entries),
            overdose_responses=len(checked.events),
        )
    return len(checked.entries) + len(checked.events)


# A job no worker has finished in this time was lost with its worker (killed, or a queue emptied).
IMPORT_ABANDONED_AFTER = timedelta(hours=6)


def imports_abandoned_close(*, now: datetime | None = None) -> int:
    """End the imports no worker finished, and remove their files; returns how many.

    Saving is one transaction, so a job whose worker died saved nothing: it is marked "not
    imported" with the reason, and its file (which may hold client codes) is not kept.
    Run by ``peerwork imports_sweep`` from the scheduler.
    """
    cutoff = (now or timezone.now()) - IMPORT_ABANDONED_AFTER
    stale = ImportJob.objects.filter(
        created_at__lt=cutoff, status__in=[ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING]
    )
    count = 0
    for job in stale:
        _finish_failed(
            job,
            None,
            _("Nothing was imported: the import stopped before it finished. Upload the file again."),
        )
        count += 1
    return count


def import_run(*, job_id: int) -> ImportJob:
    """Check every row of the job's file, then save all of them or none.

    Whatever goes wrong, the job ends: a failure the checks did not foresee marks it failed with
    the error, so it never stays "Checking rows". The file is removed when the job ends either way
    (the report keeps every error, so nothing needs the file afterwards).
    """
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    if job.is_finished:
        return job
    try:
        return _run(job)
    except Exception as exc:
        logger.exception("service import %s failed", job.pk)
        _finish_failed(job, None, _("Nothing was imported: the import stopped on an error."))
        _progress(
            job,
            errors=[{"line": 0, "reason": _("Error: %(error)s") % {"error": str(exc)[:200]}}],
            error_count=1,
        )
        return job


def _run(job: ImportJob) -> ImportJob:
    content = bytes(job.content)
    _progress(job, status=ImportStatus.CHECKING, rows_total=max(0, content.count(b"\n")))
    try:
        text = _decode(content)
    except Rejected as exc:
        _finish_failed(job, None, _("Nothing was imported."))
        _progress(job, errors=[{"line": 0, "reason": exc.reason}], error_count=1)
        return job
    digest = hashlib.sha256(content).hexdigest()
    checked = check_rows(
        organisation=job.organisation, user=job.created_by, text=text, digest=digest, job=job
    )
    _progress(job, rows_total=checked.rows, rows_checked=checked.rows)
    if checked.error_count:
        _finish_failed(
            job,
            checked,
            ngettext(
                "Nothing was imported: %(n)s problem found. Fix it and upload the file again.",
                "Nothing was imported: %(n)s problems found. Fix them and upload the file again.",
                checked.error_count,
            )
            % {"n": checked.error_count},
        )
        return job
    if not checked.rows:
        _finish_failed(job, checked, _("Nothing was imported: the file has no rows under its header."))
        return job
    _progress(job, status=ImportStatus.SAVING)
    try:
        saved = records_import(organisation=job.organisation, user=job.created_by, checked=checked, job=job)
    except IntegrityError:
        _finish_failed(job, checked, _("Nothing was imported: this file was imported before."))
        return job
    _progress(
        job,
        status=ImportStatus.DONE,
        rows_saved=saved,
        message=_("%(n)s records imported.") % {"n": saved},
        finished_at=timezone.now(),
        content=b"",
    )
    return job
