"""Spreadsheet-safe exports: CSV and XLSX cells that cannot run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets trim these before deciding a cell is a formula, or (full-width signs) read them as
# the ASCII sign, so a formula hidden behind them still runs.
_HIDING = " \t\r\n\u200b\u200c\u200d\u2060\ufeff"
_FULL_WIDTH_SIGNS = ("\uff1d", "\uff0b", "\uff0d", "\uff20")  # ＝ ＋ － ＠


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal | date | datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) or text.lstrip(_HIDING).startswith(
        FORMULA_PREFIXES + _FULL_WIDTH_SIGNS
    ):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV (with a BOM so spreadsheet programs pick the encoding) of safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX workbook with one sheet per entry; text cells neutralised, numbers kept."""
    from openpyxl import Workbook  # heavy import kept off the request path of other pages

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([safe_cell(h) for h in header])
        for row in rows:
            cells = []
            for cell in row:
                value = safe_cell(cell)
                if isinstance(value, datetime) and value.tzinfo is not None:
                    value = value.replace(tzinfo=None)
                cells.append(value)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
