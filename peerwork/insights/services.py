"""Writes for insights: rebuild the daily rollups, save report templates, build report runs."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.audit.services import audit_record
from peerwork.core.runs import claim_run
from peerwork.orgs.models import Organisation, Site

from . import indicators as _declared  # noqa: F401  (registers the indicators)
from . import indicators_ladder as _ladder  # noqa: F401
from . import indicators_support as _support  # noqa: F401
from . import indicators_voice as _voice  # noqa: F401
from .models import IndicatorValue, ReportTemplate, RollupRefresh
from .registry import indicators
from .rollups import Row, indicator_rows, rows_write
from .sources import load

logger = logging.getLogger("peerwork.insights")

DEFAULT_ROLLUP_DAYS = 400


def rollups_refresh(
    *,
    organisation: Organisation,
    first_day: date | None = None,
    last_day: date | None = None,
    refresh: RollupRefresh | None = None,
    requested_by: Any = None,
    claim: str = "",
) -> RollupRefresh:
    """Recompute every indicator for ``first_day``..``last_day`` and replace those days' rows.

    ``claim`` is the id of the task doing ``refresh`` (peerwork/core/runs.py): the same task run
    again after its worker died takes the refresh back and replaces the same days again.
    """
    last_day = last_day or organisation.today()
    first_day = first_day or last_day - timedelta(days=DEFAULT_ROLLUP_DAYS)
    if first_day > last_day:
        raise ValidationError(_("The first day must not be after the last day."))
    if refresh is None:
        refresh = RollupRefresh.objects.create(
            organisation=organisation, first_day=first_day, last_day=last_day, requested_by=requested_by
        )
    claimed = claim_run(RollupRefresh, pk=refresh.pk, claim=claim)
    refresh.refresh_from_db()
    if not claimed:  # a worker or the page's fallback already took it
        return refresh
    # Read the days once claimed: while it waited, later changes may have widened them (follow.py).
    first_day, last_day = refresh.first_day, refresh.last_day
    try:
        data = load(organisation, first_day, last_day)
        rows: list[Row] = []
        for indicator in indicators.all():
            rows.extend(indicator_rows(organisation, indicator, indicator.compute(data)))
        with transaction.atomic():
            # One refresh of an organisation writes at a time: two on two workers would insert the
            # same days. The second waits here, then replaces what the first wrote. (NO KEY: the
            # lock does not hold up the writes of services and shifts that refer to the organisation.)
            Organisation.objects.select_for_update(no_key=True).filter(pk=organisation.pk).first()
            IndicatorValue.objects.filter(
                organisation=organisation, day__gte=first_day, day__lte=last_day
            ).delete()
            rows_write(rows)
    except Exception as exc:
        logger.exception("rollup refresh failed for %s", organisation.slug)
        RollupRefresh.objects.filter(pk=refresh.pk).update(
            status=RollupRefresh.Status.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    RollupRefresh.objects.filter(pk=refresh.pk).update(
        status=RollupRefresh.Status.DONE, rows_written=len(rows), finished_at=timezone.now()
    )
    refresh.refresh_from_db()
    return refresh


def report_template_save(
    *,
    organisation: Organisation,
    name: str,
    funder: str,
    indicator_ids: list[str],
    period_start: date,
    period_end: date,
    sites: list[Site],
    notes: str = "",
    template: ReportTemplate | None = None,
    actor: Any = None,
) -> ReportTemplate:
    unknown = [i for i in indicator_ids if i not in indicators]
    errors: dict[str, list[str]] = {}
    if not indicator_ids:
        errors["indicator_ids"] = [_("Choose at least one indicator.")]
    elif unknown:
        errors["indicator_ids"] = [_("Unknown indicators: %(ids)s.") % {"ids": ", ".join(unknown)}]
    if period_end < period_start:
        errors["period_end"] = [_("The period must end on or after the day it starts.")]
    if any(site.organisation_id != organisation.pk for site in sites):
        errors["sites"] = [_("Choose sites of your own organisation.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if template is None:
            template = ReportTemplate(organisation=organisation, created_by=actor)
        template.name = name
        template.funder = funder
        template.indicator_ids = list(indicator_ids)
        template.period_start = period_start
        template.period_end = period_end
        template.notes = notes
        template.save()
        template.sites.set(sites)
        audit_record(action="report_template_saved", organisation=organisation, actor=actor, obj=template)
    return template
