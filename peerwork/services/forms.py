"""Forms for the staff pages: stock, catalogue, import and date filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import sites_visible
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import AdjustReason, NaloxoneProduct, Outcome, PlaceType, SupplyCategory, SupplyItem

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class _OrgForm(forms.Form):
    """A form whose site and item choices come from one organisation only."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = sites_visible(organisation).filter(is_active=True)
        items = SupplyItem.objects.filter(organisation=organisation, is_active=True)
        for name, form_field in self.fields.items():
            if isinstance(form_field, forms.ModelChoiceField):
                form_field.queryset = items if name == "item" else sites


class StockReceiveForm(_OrgForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.objects.none())
    quantity = forms.IntegerField(label=_("How many arrived"), min_value=1, max_value=1_000_000)


class StockAdjustForm(_OrgForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.objects.none())
    change = forms.IntegerField(
        label=_("Change"), help_text=_("Plus to add, minus to take away, e.g. -3."), max_value=1_000_000
    )
    reason = forms.ChoiceField(label=_("Why"), choices=AdjustReason.choices)


class StockTransferForm(_OrgForm):
    from_site = forms.ModelChoiceField(label=_("From site"), queryset=Site.objects.none())
    to_site = forms.ModelChoiceField(label=_("To site"), queryset=Site.objects.none())
    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.objects.none())
    quantity = forms.IntegerField(label=_("How many"), min_value=1, max_value=1_000_000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_site") and data.get("from_site") == data.get("to_site"):
            self.add_error("to_site", _("Choose a different site to send to."))
        return data


class StockThresholdForm(_OrgForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.objects.none())
    threshold = forms.IntegerField(
        label=_("Alert when at or below"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("0 turns the alert off."),
    )


class SupplyItemForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=SupplyCategory.choices)
    name = forms.CharField(label=_("Name"), max_length=100)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if SupplyItem.objects.filter(organisation=self.organisation, name__iexact=name).exists():
            raise forms.ValidationError(
                _("The catalogue already has an item called %(name)s."), params={"name": name}
            )
        return name


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV with a header line. Nothing is imported unless every row is right."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it into smaller files."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        return upload


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start."))
        return data


class _OffShiftForm(forms.Form):
    """A record made outside a shift: when, and where (the site's area and the place)."""

    occurred_at = forms.DateTimeField(
        label=_("When it happened"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    site = forms.ModelChoiceField(
        label=_("Area (site)"), queryset=Site.objects.none(), help_text=_("The site whose area it was in.")
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )


class OffShiftSharpsForm(_OffShiftForm):
    quantity = forms.IntegerField(label=_("Needles picked up"), min_value=1, max_value=10_000)
    place_name = forms.CharField(label=_("Place"), max_length=120, help_text=_("A street corner, a park."))


class OffShiftOverdoseForm(_OffShiftForm):
    place_type = forms.ChoiceField(
        label=_("Type of place"), choices=[("", "—"), *PlaceType.choices], required=False
    )
    place_name = forms.CharField(label=_("Place"), max_length=120, required=False)
    product = forms.ChoiceField(label=_("Naloxone used"), choices=NaloxoneProduct.choices)
    doses_given = forms.IntegerField(label=_("Doses given"), min_value=0, max_value=20, initial=1)
    emergency_services_called = forms.BooleanField(label=_("Emergency services called"), required=False)
    outcome = forms.ChoiceField(label=_("Did the person survive?"), choices=Outcome.choices)
    other_responders = forms.ModelMultipleChoiceField(
        label=_("Other peers who responded"), queryset=PeerWorker.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, me: PeerWorker | None, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        peers = PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE)
        if me is not None:
            peers = peers.exclude(pk=me.pk)
        self.fields["other_responders"].queryset = peers.order_by("preferred_name")  # type: ignore[attr-defined]
