"""Turn indicator contributions into the rows of the daily rollup table, one per slice and day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from peerwork.orgs.models import Organisation

from .models import IndicatorValue
from .registry import SITE, STAGE, STREAM, Contribution, Indicator, WholeValue

SliceTags = tuple[int | None, int | None, int | None]  # site, stage, work stream


def slice_key(site: int | None = None, stage: int | None = None, work_stream: int | None = None) -> str:
    parts = []
    if site is not None:
        parts.append(f"site:{site}")
    if stage is not None:
        parts.append(f"stage:{stage}")
    if work_stream is not None:
        parts.append(f"stream:{work_stream}")
    return "|".join(parts)


def _slices(indicator: Indicator, item: Contribution) -> Iterable[SliceTags]:
    """The slices one contribution adds to: the organisation, plus each slice it is tagged for."""
    yield (None, None, None)
    if indicator.applies(SITE) and item.site is not None:
        yield (item.site, None, None)
    if indicator.applies(STAGE) and item.stage is not None:
        yield (None, item.stage, None)
        if indicator.applies(SITE) and item.site is not None:
            yield (item.site, item.stage, None)
    if indicator.applies(STREAM) and item.work_stream is not None:
        yield (None, None, item.work_stream)
        if indicator.applies(SITE) and item.site is not None:
            yield (item.site, None, item.work_stream)


COLUMNS = (
    "organisation_id",
    "site_id",
    "stage_id",
    "work_stream_id",
    "slice_key",
    "day",
    "indicator_id",
    "value",
    "numerator",
    "denominator",
    "computed_at",
)
Row = tuple[
    int, int | None, int | None, int | None, str, date, str, float, float | None, float | None, datetime
]


def indicator_rows(
    organisation: Organisation, indicator: Indicator, items: Iterable[Contribution | WholeValue]
) -> list[Row]:
    """Rows for the rollup table, in ``COLUMNS`` order (written in bulk, without model instances)."""
    now = timezone.now()
    org = organisation.pk
    sums: dict[tuple[date, SliceTags], list[float]] = defaultdict(lambda: [0.0, 0.0])
    rows: list[Row] = []
    for item in items:
        if isinstance(item, WholeValue):
            key = slice_key(item.site, item.stage, item.work_stream)
            rows.append(
                (
                    org,
                    item.site,
                    item.stage,
                    item.work_stream,
                    key,
                    item.day,
                    indicator.id,
                    item.value,
                    item.numerator,
                    item.denominator,
                    now,
                )
            )
            continue
        for tags in _slices(indicator, item):
            total = sums[(item.day, tags)]
            total[0] += item.numerator
            total[1] += item.denominator
    for (day, (site, stage, stream)), (num, den) in sums.items():
        value = indicator.value_from(num, den)
        rows.append(
            (
                org,
                site,
                stage,
                stream,
                slice_key(site, stage, stream),
                day,
                indicator.id,
                0.0 if value is None else value,
                num,
                den,
                now,
            )
        )
    return rows


def rows_write(rows: list[Row]) -> None:
    """Insert rollup rows: COPY on PostgreSQL, one executemany elsewhere (no model instances)."""
    table = IndicatorValue._meta.db_table
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
