"""Forms for peer pages. Errors name their field for screen readers (aria-describedby, aria-invalid)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site

from .models import SENSITIVE_FIELDS, LeavingDestination, PeerStatus, PeerWorker
from .selectors import CURRENT


class AccessibleFormMixin:
    """Ties help text and errors to their inputs, so a screen reader announces them."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            bound = self[name]  # type: ignore[index]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if bound.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


PIN_WIDGET = forms.TextInput(
    attrs={
        "inputmode": "numeric",
        "autocomplete": "off",
        "pattern": "[0-9]*",
        "maxlength": "6",
        "class": "pin-input",
    }
)


class OnboardForm(AccessibleFormMixin, forms.Form):
    preferred_name = forms.CharField(
        label=_("Preferred name"),
        max_length=100,
        help_text=_("The name this person wants to be called. Nothing else is needed."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    pin = forms.CharField(
        label=_("PIN (optional)"),
        required=False,
        max_length=6,
        help_text=_("4 to 6 digits the peer chooses, to sign in at the kiosk."),
        widget=PIN_WIDGET,
    )


class PeerForm(AccessibleFormMixin, forms.ModelForm):
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"), queryset=Site.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PeerWorker
        fields = [
            "preferred_name",
            "pronouns",
            "phone",
            "email",
            "languages",
            "joined_on",
            "referral_source",
            "referred_by",
            "payment_preference",
            "payment_timing",
            "reminders_opt_out",
        ]
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.filter(organisation=organisation, is_active=True)  # type: ignore[attr-defined]
        referred = PeerWorker.objects.filter(organisation=organisation)
        if self.instance.pk:
            referred = referred.exclude(pk=self.instance.pk)
            self.initial.setdefault("sites", list(self.instance.sites.all()))
        self.fields["referred_by"].queryset = referred  # type: ignore[attr-defined]


class SensitiveForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = PeerWorker
        fields = list(SENSITIVE_FIELDS)
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "benefit_details": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class PinForm(AccessibleFormMixin, forms.Form):
    pin = forms.CharField(
        label=_("New PIN"),
        max_length=6,
        help_text=_("4 to 6 digits. Let the peer type it in themselves if they like."),
        widget=PIN_WIDGET,
    )


class HoursBeforeForm(AccessibleFormMixin, forms.Form):
    hours = forms.CharField(
        label=_("Hours worked before Peerwork"),
        max_length=12,
        help_text=_(
            "Hours this peer worked for the programme before it used Peerwork. They count on the ladder."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    source = forms.CharField(
        label=_("Where the figure comes from"),
        max_length=200,
        required=False,
        help_text=_("For example: paper timesheets 2023–2026."),
    )


class CardForm(AccessibleFormMixin, forms.Form):
    secret = forms.CharField(
        label=_("Code of a pre-printed card (optional)"),
        required=False,
        max_length=64,
        help_text=_("Leave empty to print a new card. The old card stops working either way."),
    )


class ReasonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DestinationForm(AccessibleFormMixin, forms.Form):
    destination = forms.ChoiceField(
        label=_("Where they went"),
        choices=LeavingDestination.choices,
        initial=LeavingDestination.UNKNOWN,
        help_text=_("A staff post, a job or education counts as moving on to work or study."),
    )


class LeaveForm(ReasonForm, DestinationForm):
    """Why the peer leaves and where to: the two forms' fields on one page."""


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    stage = forms.TypedChoiceField(label=_("Stage"), required=False, coerce=int, empty_value=None)
    site = forms.TypedChoiceField(label=_("Site"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(CURRENT, _("Active or on a break")), *PeerStatus.choices, ("all", _("Everyone"))],
    )
    eligible = forms.BooleanField(label=_("Ready to move up"), required=False)
    near_limit = forms.BooleanField(label=_("Near or over a limit"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("last_shift", _("Longest since last shift")),
            ("joined", _("Newest first")),
        ],
    )

    def __init__(
        self, *args: Any, stages: list[tuple[int, str]], sites: list[tuple[int, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("Any stage")), *stages]  # type: ignore[attr-defined]
        self.fields["site"].choices = [("", _("Any site")), *sites]  # type: ignore[attr-defined]
