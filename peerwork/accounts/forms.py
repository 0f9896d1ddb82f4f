"""Forms for sign-in, the second step, kiosks and the org admin's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from peerwork.audit.models import AuditEvent
from peerwork.orgs.models import Organisation, Site

from .roles import STAFF_ROLES, Role

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in STAFF_ROLES]


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "That username and password do not match. Check them and try again. "
            "After 5 wrong tries, sign-in pauses for 15 minutes."
        ),
        "inactive": _("This account is switched off. Ask your organisation's admin."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN"),
        min_length=4,
        max_length=6,
        error_messages={
            "required": _("Type your PIN."),
            "min_length": _("A PIN has 4 to 6 digits."),
            "max_length": _("A PIN has 4 to 6 digits."),
        },
        widget=forms.PasswordInput(
            attrs={
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autocomplete": "off",
                "class": "pin-input",
            }
        ),
    )


class CardForm(forms.Form):
    card = forms.CharField(
        label=_("Scan your card"),
        max_length=300,
        help_text=_("Hold your QR card under the scanner, or type the code printed on it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class StaffPasswordChangeForm(PasswordChangeForm):
    """Django's change-password form: old password, then the new one twice, checked by the validators."""


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "slug",
            "country",
            "currency",
            "time_zone",
            "language",
            "small_cell_threshold",
            "client_code_scheme",
            "retention_months",
            "role_check_every_weeks",
            "minimum_wage_hourly",
            "full_time_hours",
            "max_fixed_term_renewals",
        ]

    # Contract policy (shifts.contracts): left empty, a field keeps the organisation's current value.
    KEEP_WHEN_EMPTY = ("full_time_hours", "max_fixed_term_renewals")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.KEEP_WHEN_EMPTY:
            self.fields[name].required = False

    def clean_full_time_hours(self) -> Any:
        value = self.cleaned_data.get("full_time_hours")
        return self.instance.full_time_hours if value is None else value

    def clean_max_fixed_term_renewals(self) -> Any:
        value = self.cleaned_data.get("max_fixed_term_renewals")
        return self.instance.max_fixed_term_renewals if value is None else value

    def clean_country(self) -> str:
        value = self.cleaned_data["country"].strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise forms.ValidationError(_("Use the two-letter country code, for example CA or NO."))
        return value

    def clean_currency(self) -> str:
        value = self.cleaned_data["currency"].strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError(_("Use the three-letter currency code, for example CAD or EUR."))
        return value


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "is_active"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Site.objects.filter(organisation=self.instance.organisation, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("There is already a site with this name."))
        return name


class _SitesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Name shown"), max_length=150)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    password = forms.CharField(
        label=_("Temporary password"),
        help_text=_("At least 12 characters. They choose their own at first sign-in."),
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    sites = _SitesField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        help_text=_("Leave empty for all sites."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )


class MemberChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    sites = _SitesField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        help_text=_("Leave empty for all sites."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class KioskRegisterForm(forms.Form):
    name = forms.CharField(
        label=_("Device name"), max_length=100, help_text=_("For example: Front desk tablet.")
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = AuditEvent.objects.filter(organisation=organisation)
        actions = events.order_by("action").values_list("action", flat=True).distinct()
        types = events.exclude(object_type="").order_by("object_type")
        object_types = types.values_list("object_type", flat=True).distinct()
        self.fields["action"].choices = [("", _("Any action"))] + [(a, a) for a in actions]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", _("Any type"))] + [(t, t) for t in object_types]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data
