"""Forms for check-ins (built from the definition), staff start, schedules, cohorts and set-up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import sites_visible
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .definitions import TOTAL, Definition
from .models import AssessmentResponse, Instrument, InstrumentVersion


def instrument_label(instrument: Instrument) -> str:
    versions = list(instrument.versions.all())
    if not versions:
        return instrument.key
    latest = max(versions, key=lambda v: (v.created_at, v.pk))
    return latest.as_definition().name(get_language() or "en", instrument.organisation.language)


class ResponseForm(forms.Form):
    """One optional radio group per item; answers are validated again by the engine on save."""

    def __init__(
        self, *args: Any, response: AssessmentResponse, language: str, default_language: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {k: str(v) for k, v in response.answers.items()})
        super().__init__(*args, **kwargs)
        definition = response.instrument_version.as_definition()
        self.definition = definition
        for number, item in enumerate(definition.items, start=1):
            scale = definition.scale(item["scale"])
            choices = [
                (str(v["value"]), definition.value_label(scale["id"], v["value"], language, default_language))
                for v in scale["values"]
            ]
            self.fields[item["id"]] = forms.TypedChoiceField(
                label=f"{item.get('number', number)}. "
                + definition.item_text(item["id"], language, default_language),
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                coerce=str,
            )

    def answers(self) -> dict[str, Any]:
        return {name: self.data.get(name, "") for name in self.fields}


class StaffStartForm(forms.Form):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.none(), label=_("Questionnaire"))
    peer = forms.ModelChoiceField(queryset=PeerWorker.objects.none(), label=_("Peer"), required=False)
    client_code = forms.CharField(
        label=_("or a client code"),
        required=False,
        max_length=32,
        help_text=_("A client is recorded by code only, never by name."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, versions: list[InstrumentVersion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        instrument_field: Any = self.fields["instrument"]
        instrument_field.queryset = (
            Instrument.objects.filter(organisation=organisation, pk__in=[v.instrument_id for v in versions])
            .select_related("organisation")
            .prefetch_related("versions")
        )
        self.fields["peer"].queryset = PeerWorker.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, status="active"
        )
        self.fields["instrument"].label_from_instance = instrument_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("peer")) == bool(data.get("client_code")):
            raise forms.ValidationError(_("Choose a peer or give a client code (one of the two)."))
        return data


class ScheduleForm(StaffStartForm):
    starts_on = forms.DateField(label=_("Baseline due on"), widget=forms.DateInput(attrs={"type": "date"}))
    every_months = forms.IntegerField(
        label=_("Then every (months)"),
        min_value=1,
        max_value=36,
        required=False,
        help_text=_("Leave empty for the questionnaire's default (usually 3)."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["starts_on"].initial = organisation.today()


class CohortForm(forms.Form):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.none(), label=_("Questionnaire"))
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), label=_("Site"), required=False, empty_label=_("All sites")
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    target = forms.ChoiceField(label=_("Score"), choices=[(TOTAL, _("Total"))], required=False)
    cutoff = forms.DecimalField(
        label=_("Cut-off"),
        required=False,
        max_digits=6,
        decimal_places=2,
        help_text=_("Leave empty to use the questionnaire's own cut-off, if it has one."),
    )

    def __init__(self, *args: Any, organisation: Organisation, language: str, **kwargs: Any) -> None:
        today = organisation.today()
        kwargs.setdefault("initial", {"start": today - timedelta(days=365), "end": today})
        super().__init__(*args, **kwargs)
        instruments = (
            Instrument.objects.filter(organisation=organisation)
            .select_related("organisation")
            .prefetch_related("versions")
        )
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]
        self.fields["site"].queryset = sites_visible(organisation)  # type: ignore[attr-defined]
        targets: list[tuple[str, str]] = []
        for instrument in instruments:
            versions = list(instrument.versions.all())
            if not versions:
                continue
            definition: Definition = max(versions, key=lambda v: (v.created_at, v.pk)).as_definition()
            for target in definition.score_targets():
                if target != TOTAL and target not in dict(targets):
                    targets.append((target, definition.target_name(target, language, organisation.language)))
        self.fields["target"].choices = [(TOTAL, _("Total")), *targets]  # type: ignore[attr-defined]
        self.fields["instrument"].label_from_instance = instrument_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end is before the start."))
        return data


class LoadFileForm(forms.Form):
    file = forms.FileField(
        label=_("Definition or wording file (JSON)"),
        help_text=_("A questionnaire definition, or the item wording from your licensed copy."),
    )


class SettingsForm(forms.Form):
    clients_enabled = forms.BooleanField(
        label=_("Clients can answer questionnaires (by client code)"), required=False
    )
    reminders_enabled = forms.BooleanField(label=_("Send reminders when a check-in is due"), required=False)


class ShareForm(forms.Form):
    shared = forms.BooleanField(required=False, label=_("Share this result with staff"))
