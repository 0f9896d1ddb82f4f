"""Turn indicator contributions into the rows of the daily rollup table, one per slice and day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

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


def indicator_rows(
    organisation: Organisation, indicator: Indicator, items: Iterable[Contribution | WholeValue]
) -> list[IndicatorValue]:
    sums: dict[tuple[date, SliceTags], list[float]] = defaultdict(lambda: [0.0, 0.0])
    rows: list[IndicatorValue] = []
    for item in items:
        if isinstance(item, WholeValue):
            rows.append(
                IndicatorValue(
                    organisation=organisation,
                    site_id=item.site,
                    stage_id=item.stage,
                    work_stream_id=item.work_stream,
                    slice_key=slice_key(item.site, item.stage, item.work_stream),
                    day=item.day,
                    indicator_id=indicator.id,
                    value=item.value,
                    numerator=item.numerator,
                    denominator=item.denominator,
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
            IndicatorValue(
                organisation=organisation,
                site_id=site,
                stage_id=stage,
                work_stream_id=stream,
                slice_key=slice_key(site, stage, stream),
                day=day,
                indicator_id=indicator.id,
                value=0.0 if value is None else value,
                numerator=num,
                denominator=den,
            )
        )
    return rows
