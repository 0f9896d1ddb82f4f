"""Dashboard filters and funder report templates."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import site_scope, sites_visible
from peerwork.orgs.models import Organisation, Site
from peerwork.shifts.models import WorkStream

from .registry import indicators
from .selectors import figures_site

PERIODS = [
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    ("custom", _("Choose dates")),
]


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="90", required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("All sites")
    )
    work_stream = forms.ModelChoiceField(
        label=_("Work stream"),
        queryset=WorkStream.objects.none(),
        required=False,
        empty_label=_("All work streams"),
    )

    def __init__(self, *args: object, organisation: Organisation, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today
        self.organisation = organisation
        self.fields["site"].queryset = sites_visible(organisation)  # type: ignore[attr-defined]
        if site_scope() is not None:
            # Limited to some sites: one of theirs at a time, never the whole organisation's figures.
            self.fields["site"].empty_label = None  # type: ignore[attr-defined]
        self.fields["work_stream"].queryset = WorkStream.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        period = data.get("period") or "90"
        if period == "custom":
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("Give the first day of the period."))
            if not end:
                self.add_error("end", _("Give the last day of the period."))
            if start and end and end < start:
                self.add_error("end", _("The period is empty: the last day is before the first day."))
            if end and end > self.today:
                self.add_error("end", _("The period cannot end in the future."))
        else:
            data["end"] = self.today
            data["start"] = self.today - timedelta(days=int(period) - 1)
        data["period"] = period
        data["site"] = figures_site(self.organisation, data.get("site"))
        return data


class ReportTemplateForm(forms.Form):
    name = forms.CharField(label=_("Report name"), max_length=200)
    funder = forms.CharField(label=_("Funder"), max_length=200)
    indicator_ids = forms.MultipleChoiceField(
        label=_("Indicators"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every site."),
    )
    notes = forms.CharField(
        label=_("Notes for the funder"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator_ids"].choices = indicators.choices()  # type: ignore[attr-defined]
        self.fields["sites"].queryset = sites_visible(organisation)  # type: ignore[attr-defined]
        if site_scope() is not None:
            self.fields["sites"].required = True
            self.fields["sites"].help_text = ""  # "leave unticked for every site" is not for them

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end on or after the day it starts."))
        return data
