"""Shared view helpers: language, access to a response being answered, result summaries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peerwork.accounts.access import current_membership, get_for_org

from ..charts import trajectory_svg
from ..definitions import TOTAL, Definition, text_for
from ..models import AssessmentResponse, Mode
from ..scoring import score_range
from ..selectors import Point, trajectory


def languages(request: HttpRequest) -> tuple[str, str]:
    """(the person's language, the organisation's default language)."""
    organisation = getattr(request, "organisation", None)
    return get_language() or "en", organisation.language if organisation else "en"


def is_owner(request: HttpRequest, response: AssessmentResponse) -> bool:
    return bool(response.peer_id and response.peer and response.peer.user_id == request.user.pk)


def response_to_answer(request: HttpRequest, pk: int) -> AssessmentResponse:
    """The response if the caller may fill it in: its peer, or staff running it in person. Else 404."""
    queryset = AssessmentResponse.objects.select_related(
        "instrument_version__instrument", "peer", "organisation"
    )
    response = get_for_org(queryset, getattr(request, "organisation", None), pk=pk)
    membership = current_membership(request)
    if is_owner(request, response):
        return response
    if (
        response.mode == Mode.STAFF
        and membership is not None
        and membership.can("can_administer_assessments")
    ):
        return response
    raise Http404


@dataclass
class ScoreRow:
    name: str
    value: Decimal | None
    band: str
    reason: str
    cutoff_met: bool | None
    cutoff_label: str = ""


def target_label(definition: Definition, target: str, language: str, default_language: str) -> str:
    if target == TOTAL:
        return _("Total")
    return definition.target_name(target, language, default_language)


def score_rows(response: AssessmentResponse, language: str, default_language: str) -> list[ScoreRow]:
    definition = response.instrument_version.as_definition()
    bands = {
        (group["score"], band["id"]): text_for(band["label"], language, default_language)
        for group in definition.data.get("bands", [])
        for band in group["bands"]
    }
    rows = []
    for item in response.scores.all():
        rows.append(
            ScoreRow(
                name=target_label(definition, item.target, language, default_language),
                value=item.value,
                band=bands.get((item.target, item.band), ""),
                reason=item.reason,
                cutoff_met=item.at_or_above_cutoff,
                cutoff_label=text_for(
                    (definition.cutoff(item.target) or {}).get("label"), language, default_language
                ),
            )
        )
    return rows


@dataclass
class InstrumentResults:
    key: str
    name: str
    definition: Definition
    chart: str
    targets: list[tuple[str, str]]
    rows: list[dict[str, Any]]
    cutoff: Decimal | None
    cutoff_label: str
    cutoff_source: str


def results_by_instrument(
    responses: list[AssessmentResponse], zone: Any, language: str, default_language: str
) -> list[InstrumentResults]:
    """Per instrument: a trajectory chart (total, or each subscale) and a table of every score."""
    grouped: dict[str, list[AssessmentResponse]] = {}
    for response in responses:
        grouped.setdefault(response.instrument_version.instrument.key, []).append(response)
    found = []
    for key, group in sorted(grouped.items()):
        latest = max(group, key=lambda r: r.submitted_at or r.started_at)
        definition = latest.instrument_version.as_definition()
        targets = definition.score_targets()
        plotted = [TOTAL] if TOTAL in targets else targets
        names = [(t, target_label(definition, t, language, default_language)) for t in targets]
        series: dict[str, list[Point]] = {dict(names)[t]: trajectory(group, t, zone) for t in plotted}
        lows_highs = [score_range(definition, t) for t in plotted]
        cutoff = definition.cutoff(TOTAL) if TOTAL in plotted else None
        cutoff_value = Decimal(str(cutoff["value"])) if cutoff else None
        name = definition.name(language, default_language)
        chart = trajectory_svg(
            series,
            low=min(lo for lo, _ in lows_highs),
            high=max(hi for _, hi in lows_highs),
            title=name,
            cutoff=cutoff_value,
        )
        rows = []
        for response in sorted(group, key=lambda r: r.submitted_at or r.started_at):
            values = {s.target: s for s in response.scores.all()}
            rows.append(
                {
                    "response": response,
                    "on": (response.submitted_at or response.started_at).astimezone(zone).date(),
                    "version": response.instrument_version.version,
                    "values": [values.get(t) for t, _ in names],
                }
            )
        found.append(
            InstrumentResults(
                key=key,
                name=name,
                definition=definition,
                chart=chart,
                targets=names,
                rows=rows,
                cutoff=cutoff_value,
                cutoff_label=text_for(cutoff["label"], language, default_language) if cutoff else "",
                cutoff_source=cutoff["source"] if cutoff else "",
            )
        )
    return found
