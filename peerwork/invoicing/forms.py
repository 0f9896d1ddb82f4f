from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.shifts.models import WorkOrder

from . import selectors
from .models import InvoiceSettings


class InvoiceForm(forms.Form):
    orders = forms.ModelMultipleChoiceField(
        label=_("Work orders to invoice"),
        queryset=WorkOrder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ready = [o.pk for o in selectors.invoiceable_orders(organisation)]
        field = self.fields["orders"]
        field.queryset = WorkOrder.objects.filter(pk__in=ready).select_related("work_stream")  # type: ignore[attr-defined]
        field.label_from_instance = lambda o: f"{o.work_stream.trading_name or o.work_stream}: {o}"  # type: ignore[attr-defined]


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why is the invoice voided?"), max_length=300)


class InvoiceSettingsForm(forms.ModelForm):
    class Meta:
        model = InvoiceSettings
        fields = ["tax_label", "tax_number", "tax_rate", "payment_days"]
