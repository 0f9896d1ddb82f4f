"""Results for staff: one person's trajectory (shared results only, audited) and cohort change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_read, audit_record
from peerwork.orgs.client_codes import normalise_client_code
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from ..charts import quarters_svg
from ..definitions import TOTAL
from ..forms import CohortForm
from ..scoring import score_range
from ..selectors import (
    cohort_quarters,
    cohort_stats,
    current_version,
    results_visible_to_staff,
    submitted,
)
from .common import languages, results_by_instrument, target_label


@require("can_view_assessment_results")
def person(request: HttpRequest, peer_pk: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    peer = get_for_org(PeerWorker, organisation, pk=peer_pk)
    responses = list(results_visible_to_staff(organisation).filter(peer=peer))
    hidden = submitted(organisation).filter(peer=peer).count() - len(responses)
    audit_read(request, peer, ["assessment_results"], responses=[r.pk for r in responses])
    language, default = languages(request)
    return render(
        request,
        "assessments/person.html",
        {
            "subject": peer.preferred_name,
            "peer": peer,
            "results": results_by_instrument(responses, organisation.zone, language, default),
            "hidden": hidden,
        },
    )


@require("can_view_assessment_results")
def client(request: HttpRequest) -> HttpResponse:
    """A client's trajectory, looked up by code (never a name)."""
    organisation = request.organisation  # type: ignore[attr-defined]
    raw = request.GET.get("code", "")
    error = ""
    results = []
    code = ""
    if raw:
        try:
            code = normalise_client_code(organisation, raw)
        except Exception as exc:  # ValidationError: show its message
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            responses = list(
                results_visible_to_staff(organisation).filter(peer__isnull=True, client_code=code)
            )
            audit_record(
                action="read_sensitive",
                request=request,
                object_type="assessments.client_code",
                object_id=code,
                fields=["assessment_results"],
                responses=[r.pk for r in responses],
            )
            language, default = languages(request)
            results = results_by_instrument(responses, organisation.zone, language, default)
    return render(
        request,
        "assessments/client.html",
        {"code": code, "raw": raw, "error": error, "results": results, "searched": bool(raw)},
    )


def _cohort(organisation: Organisation, form: CohortForm, language: str, default: str) -> dict[str, Any]:
    """Statistics, quarterly medians and their chart for the chosen questionnaire, score, site and period."""
    data = form.cleaned_data
    instrument = data["instrument"]
    target = data["target"] or TOTAL
    version = current_version(instrument)
    if version is None:
        return {}
    definition = version.as_definition()
    if target not in definition.score_targets():
        form.add_error("target", _("This questionnaire has no such score."))
        return {}
    cutoff = data["cutoff"]
    own_cutoff = definition.cutoff(target)
    if cutoff is None and own_cutoff is not None:
        cutoff = Decimal(str(own_cutoff["value"]))
    period = {"start": data["start"], "end": data["end"], "site": data["site"], "target": target}
    stats = cohort_stats(organisation, instrument, cutoff=cutoff, **period)
    quarters = cohort_quarters(organisation, instrument, **period)
    chart = ""
    if quarters:
        low, high = score_range(definition, target)
        chart = quarters_svg(
            [q.label for q in quarters],
            [float(q.median) if q.median is not None else None for q in quarters],
            low=low,
            high=high,
            title=_("Median score per quarter"),
        )
    chosen = {
        "name": definition.name(language, default),
        "target": target_label(definition, target, language, default),
        "site": data["site"],
        "start": data["start"],
        "end": data["end"],
    }
    return {"stats": stats, "quarters": quarters, "chart": chart, "chosen": chosen}


@require("can_view_assessment_results")
def cohort(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    language, default = languages(request)
    form = CohortForm(request.GET or None, organisation=organisation, language=language)
    context: dict[str, Any] = {"form": form}
    if request.GET and form.is_valid():
        context.update(_cohort(organisation, form, language, default))
    return render(request, "assessments/cohort.html", context)
