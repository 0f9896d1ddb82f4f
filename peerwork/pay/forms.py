"""Forms for pay pages. Services do the real validation; forms keep what was typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import sites_visible, within_sites
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PaymentTiming, PeerWorker
from peerwork.shifts.models import Role

from .models import BaseAmount, EarningsRule, PayMethod, RateKind

DENOMINATIONS = ("100", "50", "20", "10", "5", "2", "1")


class DateInput(forms.DateInput):
    input_type = "date"


class PayRateForm(forms.Form):
    role = forms.ModelChoiceField(queryset=Role.objects.none(), label=_("Role"))
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(),
        required=False,
        label=_("Only for this stage"),
        help_text=_("Leave empty for everyone in the role."),
    )
    kind = forms.ChoiceField(choices=RateKind.choices, label=_("Paid"))
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    effective_from = forms.DateField(label=_("From"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["stage"].queryset = Stage.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class ManualPayoutForm(forms.Form):
    peer = forms.ModelChoiceField(queryset=PeerWorker.objects.none(), label=_("Peer"))
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    earned_on = forms.DateField(label=_("Work date"), widget=DateInput)
    timing = forms.ChoiceField(choices=PaymentTiming.choices, label=_("When the peer wants to be paid"))
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        label=_("Site"),
        help_text=_("The desk that pays it, from its cash box."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = within_sites(PeerWorker.objects.filter(organisation=organisation))  # type: ignore[attr-defined]
        self.fields["site"].queryset = sites_visible(organisation).filter(is_active=True)  # type: ignore[attr-defined]


class PayForm(forms.Form):
    method = forms.ChoiceField(choices=PayMethod.choices, label=_("Paid by"))
    timing = forms.ChoiceField(choices=PaymentTiming.choices, required=False, label=_("Timing"))
    # Only when paying would pass the peer's earnings limit: pay what fits now, or the peer's choice.
    limit_choice = forms.ChoiceField(
        choices=[
            ("", "—"),
            ("part", _("Pay the part that fits now")),
            ("over", _("The peer chooses to go over")),
        ],
        required=False,
    )
    peer_words = forms.CharField(label=_("What the peer said"), max_length=300, required=False)
    # A payment of part of the payout (half before, half after; what the box holds in cash).
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    # With ``amount`` in cash: how the rest is paid straight after.
    rest_method = forms.ChoiceField(
        choices=[("", "—"), *[(v, label) for v, label in PayMethod.choices if v != PayMethod.CASH]],
        required=False,
    )


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this reversed?"), max_length=300)


class CountMixin(forms.Form):
    """Optional count by denomination: one field per note or coin."""

    def add_count_fields(self, prefix: str) -> None:
        for value in DENOMINATIONS:
            self.fields[f"{prefix}_{value}"] = forms.IntegerField(
                label=_("%(value)s ×") % {"value": value}, required=False, min_value=0
            )

    def count(self, prefix: str) -> dict[str, int]:
        counted: dict[str, int] = {}
        for value in DENOMINATIONS:
            pieces = self.cleaned_data.get(f"{prefix}_{value}")
            if pieces:
                counted[value] = pieces
        return counted

    def count_fields(self, prefix: str) -> list[forms.BoundField]:
        return [self[f"{prefix}_{value}"] for value in DENOMINATIONS]


class CashBoxOpenForm(CountMixin):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    opening_float = forms.DecimalField(
        label=_("Float counted into the box"), max_digits=12, decimal_places=2, min_value=Decimal("0")
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_visible(organisation).filter(is_active=True)  # type: ignore[attr-defined]
        self.add_count_fields("open")

    @property
    def denomination_fields(self) -> list[forms.BoundField]:
        return self.count_fields("open")


class CashBoxCloseForm(CountMixin):
    counted_at_close = forms.DecimalField(
        label=_("Cash counted now"), max_digits=12, decimal_places=2, min_value=Decimal("0")
    )
    variance_explanation = forms.CharField(
        label=_("If the count is different, why?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_count_fields("close")

    @property
    def denomination_fields(self) -> list[forms.BoundField]:
        return self.count_fields("close")


class PeerRuleForm(forms.Form):
    rule = forms.ModelChoiceField(
        queryset=EarningsRule.objects.none(),
        required=False,
        label=_("Benefit earnings rule"),
        empty_label=_("No limit to watch"),
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = EarningsRule.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class OverLimitChoiceForm(forms.Form):
    chosen_on = forms.DateField(label=_("Date the peer said so"), widget=DateInput)
    until = forms.DateField(label=_("Until (optional)"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class EarningsRuleForm(forms.ModelForm):
    class Meta:
        model = EarningsRule
        fields = [
            "jurisdiction",
            "region",
            "currency",
            "name",
            "short_name",
            "period",
            "exempt_amount",
            "base_code",
            "base_multiple",
            "warning_percent",
            "hours_per_week",
            "effective_from",
            "effective_until",
            "source_note",
        ]
        widgets = {
            "effective_from": DateInput,
            "effective_until": DateInput,
            "source_note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("exempt_amount") is None and not (data.get("base_code") and data.get("base_multiple")):
            raise forms.ValidationError(_("Give an amount, or a base amount code and a multiple of it."))
        # A rule without its own says so in the organisation's terms, never in no currency at all.
        organisation = self.instance.organisation
        if not data.get("currency"):
            data["currency"] = organisation.currency
        if not data.get("region"):
            data["region"] = organisation.country.upper()
        return data


class BaseAmountForm(forms.ModelForm):
    class Meta:
        model = BaseAmount
        fields = ["code", "name", "amount", "effective_from", "source_note"]
        widgets = {"effective_from": DateInput, "source_note": forms.Textarea(attrs={"rows": 2})}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        return data
