"""Earnings statements (PDF and CSV) and the payroll export (CSV and XLSX)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.sites import within_sites
from peerwork.core.exports import csv_bytes, xlsx_bytes
from peerwork.orgs.models import Organisation

from .models import LedgerEntry
from .selectors import Statement

STATEMENT_HEADER = ["date", "description", "method", "amount", "currency"]
PAYROLL_HEADER = [
    "entry",
    "date",
    "kind",
    "peer_id",
    "peer",
    "legal_name",
    "description",
    "method",
    "amount",
    "currency",
    "reverses_entry",
    "cash_box",
    "site",
]


def statement_csv(statement: Statement) -> bytes:
    rows: list[list[Any]] = [
        [line.day, line.description, line.method, line.amount, statement.currency] for line in statement.lines
    ]
    rows.append([statement.end, _("Total"), "", statement.total, statement.currency])
    return csv_bytes(STATEMENT_HEADER, rows)


def statement_pdf(statement: Statement, *, organisation: Organisation, discreet: bool = False) -> bytes:
    """Render the statement with WeasyPrint (the same template as the printable page)."""
    from weasyprint import HTML  # heavy import (Pango) kept off every other request

    html = render_to_string(
        "pay/statement_pdf.html",
        {
            "statement": statement,
            "organisation": organisation,
            "discreet": discreet,
            "generated_on": timezone.now().astimezone(organisation.zone).date(),
        },
    )
    return HTML(string=html).write_pdf()


def payroll_rows(organisation: Organisation, start: date, end: date) -> list[list[Any]]:
    entries = (
        within_sites(
            LedgerEntry.objects.filter(
                organisation=organisation, occurred_on__gte=start, occurred_on__lte=end
            )
        )
        .select_related("peer", "payout", "cash_box__site")
        .order_by("occurred_on", "id")
    )
    return [
        [
            entry.pk,
            entry.occurred_on,
            entry.kind,
            entry.peer_id or "",
            entry.peer.preferred_name if entry.peer else "",
            entry.peer.legal_name if entry.peer else "",
            entry.payout.description if entry.payout else entry.memo,
            entry.method,
            entry.amount,
            entry.currency,
            entry.reverses_id or "",
            entry.cash_box_id or "",
            entry.cash_box.site.name if entry.cash_box else "",
        ]
        for entry in entries
    ]


def payroll_csv(organisation: Organisation, start: date, end: date) -> bytes:
    return csv_bytes(PAYROLL_HEADER, payroll_rows(organisation, start, end))


def payroll_xlsx(organisation: Organisation, start: date, end: date) -> bytes:
    return xlsx_bytes({"Pay": (PAYROLL_HEADER, payroll_rows(organisation, start, end))})
