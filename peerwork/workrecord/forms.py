"""Forms for the work record: the peer's choice, the reference, the organisation's naming, the language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.peers.forms import AccessibleFormMixin

from .models import WorkRecordSettings


class ChoiceForm(AccessibleFormMixin, forms.Form):
    open_about_programme = forms.TypedChoiceField(
        label=_("What my work record says"),
        coerce=lambda value: value == "open",
        choices=[
            ("discreet", _("Discreet: no word of drug use or harm reduction")),
            ("open", _("Open: name the programme's purpose and every role")),
        ],
        widget=forms.RadioSelect,
    )


class ReferenceForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Reference"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the reference: a few sentences an employer can read.")},
        help_text=_(
            "For an employer: what this person did well, how they worked with others, what they learnt."
        ),
    )
    names_programme = forms.BooleanField(
        label=_("It speaks of drug use or harm reduction"),
        required=False,
        help_text=_("Then it shows only when the peer chooses an open record."),
    )


class SettingsForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = WorkRecordSettings
        fields = ["public_name", "contact"]


# Each language in its own name, so a reader finds theirs whatever the page's language.
LANGUAGE_CHOICES = [
    ("en", "English"),
    ("fr", "Français"),
    ("nb", "Norsk bokmål"),
    ("de", "Deutsch"),
    ("nl", "Nederlands"),
]


class LanguageForm(forms.Form):
    lang = forms.ChoiceField(label=_("Language of the record"), choices=LANGUAGE_CHOICES, required=False)
