"""Forms for voice's pages; the rules themselves live in services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.models import User
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker
from peerwork.support.models import RoleAction

from .models import TEXT_MAX, Mattered, Theme

RATINGS = [
    (1, _("😞 Very bad")),
    (2, _("🙁 Bad")),
    (3, _("😐 Okay")),
    (4, _("🙂 Good")),
    (5, _("😀 Very good")),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was it?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was.")},
    )
    mattered = forms.MultipleChoiceField(
        label=_("What mattered to you?"),
        choices=Mattered.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        help_text=_("Please don't include names or numbers. Nobody will know who wrote this."),
    )


class PeerFeedbackForm(FeedbackForm):
    put_name = forms.BooleanField(label=_("Put my name to this feedback"), required=False)


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("New theme"), max_length=80)


class TagForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    label = forms.CharField(label=_("Where the card or poster goes"), max_length=120)
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("No one site (the whole organisation)"),
        help_text=_("Feedback through this link counts for this site."),
    )

    def __init__(self, *args: Any, sites: QuerySet[Site] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites if sites is not None else Site.objects.none()  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended"),
        queryset=PeerWorker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    site = forms.ModelChoiceField(
        label=_("Where (to count attendance as participation)"),
        queryset=Site.objects.none(),
        required=False,
    )
    starts = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    pay_each = forms.DecimalField(
        label=_("Pay each peer who attended"),
        required=False,
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        help_text=_(
            "Where your organisation pays for advisory work. Leave it empty when attendance is unpaid. "
            "Each peer is owed this at the site's desk, unless it would pass their earnings limit."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = PeerWorker.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation, is_active=True)  # type: ignore[attr-defined]


class DecisionForm(TagForm):
    text = forms.CharField(label=_("What was decided"), max_length=300)

    field_order = ["text", "themes"]


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner_user = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not a member: name them below"),
        help_text=_("Who will do it."),
    )
    owner = forms.CharField(
        label=_("Or a group, or someone outside Peerwork"),
        max_length=120,
        required=False,
        help_text=_("For example: the peer advisory group, the landlord."),
    )
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    role_action = forms.ModelChoiceField(
        label=_("A change to a role"),
        queryset=RoleAction.objects.none(),
        required=False,
        empty_label=_("Not a change to a role"),
        help_text=_("When the action is one of the open changes to a role, link them."),
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["role_action"].queryset = RoleAction.objects.filter(  # type: ignore[attr-defined]
                organisation=organisation, closed_on__isnull=True
            ).select_related("role")
            self.fields["role_action"].label_from_instance = _role_action_label  # type: ignore[attr-defined]
            members = User.objects.filter(
                memberships__organisation=organisation, memberships__is_active=True, is_active=True
            )
            self.fields["owner_user"].queryset = members.distinct().order_by(  # type: ignore[attr-defined]
                "display_name", "first_name", "username"
            )


def _role_action_label(action: RoleAction) -> str:
    return f"{action.role.name}: {action.get_kind_display()} ({action.note[:60]})"


class ActionDoneForm(forms.Form):
    what_changed = forms.CharField(label=_("What changed"), max_length=300)
