from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from .models import ConsentRecord, RetentionTarget


class ConsentForm(forms.ModelForm):
    class Meta:
        model = ConsentRecord
        fields = [
            "peer",
            "client_code",
            "discloser",
            "information",
            "recipients",
            "purpose",
            "expires_on",
            "expiry_event",
            "signature_method",
            "signed_on",
            "right_to_revoke_explained",
        ]
        widgets = {
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "information": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        peer_field = cast(forms.ModelChoiceField, self.fields["peer"])
        peer_field.queryset = PeerWorker.objects.filter(organisation=organisation)
        peer_field.required = False
        self.fields["peer"].help_text = _("Either a peer, or a client code for a client.")
        self.fields["signed_on"].initial = organisation.today()
        self.fields["discloser"].initial = organisation.name
        self.fields["right_to_revoke_explained"].required = False


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label=_("Revoked on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("How it was revoked"),
        max_length=200,
        required=False,
        help_text=_("e.g. letter received, said so at the drop-in"),
    )


class DisclosureForm(forms.Form):
    disclosed_on = forms.DateField(label=_("Disclosed on"), widget=forms.DateInput(attrs={"type": "date"}))
    recipient = forms.CharField(label=_("Recipient"), max_length=200)
    what = forms.CharField(label=_("What was disclosed"), widget=forms.Textarea(attrs={"rows": 2}))


class RetentionForm(forms.Form):
    def __init__(self, *args: Any, months: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for target, label in RetentionTarget.choices:
            self.fields[target] = forms.IntegerField(
                label=label, min_value=1, max_value=600, initial=months[target], help_text=_("months")
            )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are the details erased?"),
        max_length=300,
        help_text=_("e.g. the peer asked for it on 3 March"),
    )
    confirm = forms.BooleanField(label=_("I understand this cannot be undone"))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start."))
        return data


class AccessRequestForm(forms.Form):
    """Staff record that the peer asked for a copy of their data, and how."""

    requested_by_peer = forms.BooleanField(label=_("The peer asked for a copy of their data"))
    reason = forms.CharField(
        label=_("When and how did they ask?"),
        max_length=300,
        help_text=_("e.g. at the drop-in on 3 March; the copy is handed to them on a USB stick"),
    )
