"""Organisation admin: questionnaires, their versions and wording, loading files, settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import get_for_org, require

from ..definitions import Definition, DefinitionError, text_for
from ..forms import LoadFileForm, SettingsForm
from ..models import Instrument
from ..selectors import current_version, instruments_for, settings_for
from ..services import assessment_settings_update, instrument_load, instruments_sync_shipped
from .common import languages, target_label


def _rows(request: HttpRequest) -> list[dict]:
    language, default = languages(request)
    rows = []
    for instrument in instruments_for(request.organisation):  # type: ignore[attr-defined]
        version = current_version(instrument)
        if version is None:
            continue
        definition = version.as_definition()
        rows.append(
            {
                "instrument": instrument,
                "version": version,
                "name": definition.name(language, default),
                "validated": definition.data["validated"],
                "ready": definition.can_administer,
                "items": len(definition.items),
            }
        )
    return rows


@require("can_manage_instruments")
def instruments(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    instruments_sync_shipped(organisation=organisation)
    current = settings_for(organisation)
    load_form = LoadFileForm()
    errors: list[str] = []
    settings_form = SettingsForm(
        initial={"clients_enabled": current.clients_enabled, "reminders_enabled": current.reminders_enabled}
    )
    if request.method == "POST" and request.POST.get("action") == "settings":
        settings_form = SettingsForm(request.POST)
        if settings_form.is_valid():
            assessment_settings_update(
                organisation=organisation,
                clients_enabled=settings_form.cleaned_data["clients_enabled"],
                reminders_enabled=settings_form.cleaned_data["reminders_enabled"],
                user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Settings saved."))
            return redirect("assessments:instruments")
    elif request.method == "POST":
        load_form = LoadFileForm(request.POST, request.FILES)
        if load_form.is_valid():
            upload = load_form.cleaned_data["file"]
            if upload.size > 2_000_000:
                errors = [_("The file is larger than 2 MB; a definition is much smaller.")]
            else:
                try:
                    kind, version = instrument_load(
                        organisation=organisation,
                        raw=upload.read(),
                        user=request.user,  # type: ignore[arg-type]
                    )
                except DefinitionError as exc:
                    errors = exc.errors
                else:
                    messages.success(
                        request,
                        _("Loaded %(what)s %(key)s version %(version)s.")
                        % {
                            "what": _("the wording of") if kind == "wording" else _("the definition of"),
                            "key": version.instrument.key,
                            "version": version.version,
                        },
                    )
                    return redirect("assessments:instrument", pk=version.instrument_id)
    return render(
        request,
        "assessments/instruments.html",
        {"rows": _rows(request), "load_form": load_form, "errors": errors, "settings_form": settings_form},
    )


def _range(low: float | None, high: float | None) -> str:
    if low is None:
        return f"≤ {high}"
    if high is None:
        return f"≥ {low}"
    return f"{low}–{high}"


def _bands(definition: Definition, language: str, default: str) -> list[dict[str, Any]]:
    """Bands and cut-offs, each with the score it applies to and its source."""
    rows: list[dict[str, Any]] = []
    for group in definition.data.get("bands", []):
        for band in group["bands"]:
            rows.append(
                {
                    "score": target_label(definition, group["score"], language, default),
                    "label": text_for(band["label"], language, default),
                    "range": _range(band["min"], band["max"]),
                    "source": group["source"],
                }
            )
    for cutoff in definition.data.get("cutoffs", []):
        rows.append(
            {
                "score": target_label(definition, cutoff["score"], language, default),
                "label": text_for(cutoff["label"], language, default),
                "range": f"≥ {cutoff['value']}",
                "source": cutoff["source"],
            }
        )
    return rows


@require("can_manage_instruments")
def instrument(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(Instrument, request.organisation, pk=pk)  # type: ignore[attr-defined]
    language, default = languages(request)
    versions = list(found.versions.all())
    version = current_version(found)
    definition = version.as_definition() if version else None
    items = []
    if definition is not None:
        for item in definition.items:
            items.append(
                {
                    "id": item["id"],
                    "number": item.get("number", ""),
                    "text": definition.item_text(item["id"], language, default),
                    "subscale": definition.target_name(item["subscale"], language, default)
                    if item.get("subscale")
                    else "",
                    # None: keying comes with the wording file, which is not loaded yet.
                    "reverse": None
                    if definition.data["keying"] == "wording" and not definition.wording
                    else definition.is_reverse(item["id"]),
                    "scale": "{}–{}".format(*definition.scale_range(item["scale"])),
                }
            )
    return render(
        request,
        "assessments/instrument.html",
        {
            "instrument": found,
            "version": version,
            "versions": versions,
            "definition": definition,
            "name": definition.name(language, default) if definition else found.key,
            "description": definition.text("description", language, default) if definition else "",
            "notice": definition.text("notice", language, default) if definition else "",
            "items": items,
            "bands": _bands(definition, language, default) if definition else [],
        },
    )
