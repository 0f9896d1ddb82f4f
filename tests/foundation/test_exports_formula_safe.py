"""Spreadsheet exports: no text cell can run as a formula, however its start is disguised."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from peerwork.core.exports import csv_bytes, safe_cell, xlsx_bytes


@pytest.mark.parametrize(
    "text",
    [
        "=HYPERLINK(evil)",
        "+1+1",
        "-1+cmd",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        " =HYPERLINK(evil)",
        "  +1+1",
        "\n=HYPERLINK(evil)",
        "\r\n@SUM(A1)",
        "\u200b=HYPERLINK(evil)",
        "\u200c+1",
        "\u200d-1+cmd",
        "\u2060@SUM(A1)",
        "\ufeff=1",
        " \u200b\n=1",
        "\uff1dHYPERLINK(evil)",
        "\uff0b1+1",
        "\uff0d1+cmd",
        "\uff20SUM(A1)",
        " \uff1d1",
    ],
)
def test_a_disguised_formula_is_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Syringes", " Syringes", "\u200bSyringes", "a=b", "Park (east)", ""])
def test_plain_text_is_kept_as_it_is(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [3, -3, 2.5, Decimal("-15.50"), date(2026, 1, 2), None, True])
def test_numbers_dates_and_empties_stay_what_they_are(value):
    assert safe_cell(value) is value


def test_csv_and_xlsx_carry_the_neutralised_text():
    rows = [["\u200b=HYPERLINK(evil)", "\uff1d1+1", " @x", 4]]
    read = list(csv.reader(io.StringIO(csv_bytes(["a", "b", "c", "d"], rows).decode("utf-8-sig"))))
    assert read[1] == ["'\u200b=HYPERLINK(evil)", "'\uff1d1+1", "' @x", "4"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"s": (["a", "b", "c", "d"], rows)})))["s"]
    assert [cell.value for cell in sheet[2]] == ["'\u200b=HYPERLINK(evil)", "'\uff1d1+1", "' @x", 4]
