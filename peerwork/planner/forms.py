"""The what-if form: one "shift places per week" field per stage of the organisation's ladder."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage

from .models import Scenario


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=120)
    description = forms.CharField(
        label=_("What this tries"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_peer_share = forms.FloatField(
        label=_("Entry places kept for new peers (%)"),
        required=False,
        help_text=_("Leave empty to keep today's share."),
    )
    cohort_size = forms.IntegerField(label=_("Training cohort size"), initial=0)
    cohort_every_weeks = forms.IntegerField(
        label=_("A new cohort every … weeks"), initial=0, help_text=_("0 for no training cohorts.")
    )
    runs = forms.IntegerField(
        label=_("Simulated runs"), initial=500, help_text=_("More runs: smoother bands, slower.")
    )
    seed = forms.IntegerField(label=_("Random seed"), initial=2026, min_value=0)

    def __init__(
        self, *args: Any, organisation: Organisation, current: list[float] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.stages = list(Stage.objects.filter(organisation=organisation).order_by("order"))
        for i, stage in enumerate(self.stages):
            now = f" ({_('now')} {current[i]:.1f})" if current and i < len(current) else ""
            self.fields[f"places_{stage.pk}"] = forms.FloatField(
                label=_("Shift places per week at “%(stage)s”") % {"stage": stage.name},
                required=False,
                help_text=_("Leave empty to keep today's number") + now + ".",
            )
        for stage in self.stages[1:]:
            self.fields[f"next_{stage.pk}"] = forms.FloatField(
                label=_("Next-stage places per week towards “%(stage)s”") % {"stage": stage.name},
                required=False,
                help_text=_("Stretch work kept for the stage below. Leave empty to keep today's number."),
            )

    def stage_fields(self) -> list[forms.BoundField]:
        return [self[f"places_{stage.pk}"] for stage in self.stages]

    def next_fields(self) -> list[forms.BoundField]:
        return [self[f"next_{stage.pk}"] for stage in self.stages[1:]]

    def next_places(self) -> dict[str, float]:
        return {
            str(stage.pk): self.cleaned_data[f"next_{stage.pk}"]
            for stage in self.stages[1:]
            if self.cleaned_data.get(f"next_{stage.pk}") is not None
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for stage in self.stages:
            value = data.get(f"places_{stage.pk}")
            if value is not None and value < 0:
                self.add_error(
                    f"places_{stage.pk}",
                    _("Shifts per week at “%(stage)s” cannot be negative: enter 0 or more.")
                    % {"stage": stage.name},
                )
            value = data.get(f"next_{stage.pk}")
            if value is not None and value < 0:
                self.add_error(
                    f"next_{stage.pk}",
                    _("Next-stage places towards “%(stage)s” cannot be negative: enter 0 or more.")
                    % {"stage": stage.name},
                )
        for field in ("cohort_size", "cohort_every_weeks"):
            if (data.get(field) or 0) < 0:
                self.add_error(field, _("This cannot be negative: enter 0 or more."))
        share = data.get("new_peer_share")
        if share is not None and not 0 <= share <= 100:
            self.add_error("new_peer_share", _("Enter a percentage from 0 to 100."))
        return data

    def places(self) -> dict[str, float]:
        return {
            str(stage.pk): self.cleaned_data[f"places_{stage.pk}"]
            for stage in self.stages
            if self.cleaned_data.get(f"places_{stage.pk}") is not None
        }

    @staticmethod
    def initial_for(scenario: Scenario) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": scenario.name,
            "description": scenario.description,
            "new_peer_share": None
            if scenario.new_peer_share is None
            else round(scenario.new_peer_share * 100, 1),
            "cohort_size": scenario.cohort_size,
            "cohort_every_weeks": scenario.cohort_every_weeks,
            "runs": scenario.runs,
            "seed": scenario.seed,
        }
        for key, value in scenario.places_per_week.items():
            initial[f"places_{key}"] = value
        for key, value in scenario.next_stage_places_per_week.items():
            initial[f"next_{key}"] = value
        return initial


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(label=_("First scenario"), queryset=Scenario.objects.none())
    b = forms.ModelChoiceField(label=_("Second scenario"), queryset=Scenario.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = Scenario.objects.filter(organisation=organisation)
        self.fields["a"].queryset = mine  # type: ignore[attr-defined]
        self.fields["b"].queryset = mine  # type: ignore[attr-defined]
