"""Forms for contract pages: the terms of a draft, a standing shift, renewing and ending."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import sites_visible
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role

from .models import Contract, StandingShift

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ContractForm(forms.ModelForm):
    """The terms of a draft; the service checks the rules and reports them on these fields."""

    class Meta:
        model = Contract
        fields = [
            "peer",
            "kind",
            "site",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "full_time_share",
            "roles",
            "pay_basis",
            "hourly_rate",
            "salary",
            "salary_period",
            "probation_review_on",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "probation_review_on": DATE,
            "roles": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["peer"].queryset = PeerWorker.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["site"].queryset = sites_visible(organisation).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["roles"].queryset = Role.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["peer"].disabled = True

    def _post_clean(self) -> None:
        # The rules run in the service (contract_save), which puts its messages on these fields.
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


class StandingShiftForm(forms.ModelForm):
    class Meta:
        model = StandingShift
        fields = ["weekday", "start_time", "end_time", "role", "site"]
        widgets = {"start_time": TIME, "end_time": TIME}

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = contract.roles.all()
        if not roles.exists():
            roles = Role.objects.filter(organisation=contract.organisation)
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]
        self.fields["site"].queryset = sites_visible(contract.organisation).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["site"].initial = contract.site_id

    def _post_clean(self) -> None:
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


class RenewForm(forms.Form):
    ends_on = forms.DateField(label=_("Renewed until"), widget=DATE)


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=DATE)
    reason = forms.CharField(label=_("Why it ends"), max_length=300)
