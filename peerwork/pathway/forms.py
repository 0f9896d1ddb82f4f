"""Forms for the ladder set-up and for moving a peer up or back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.peers.forms import AccessibleFormMixin
from peerwork.training.models import Course

from .models import PeerCapability, Stage


class StageForm(AccessibleFormMixin, forms.ModelForm):
    required_courses = forms.ModelMultipleChoiceField(
        label=_("Required trainings"),
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A valid certification of each is needed to reach this stage."),
    )
    peer_capabilities = forms.MultipleChoiceField(
        label=_("What peers at this stage may do"),
        choices=PeerCapability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Team pages open on the peer's own paired phone. Their team is the work streams they lead."
        ),
    )

    class Meta:
        model = Stage
        fields = [
            "name",
            "description",
            "min_hours_worked",
            "min_supervision_hours",
            "min_weeks_at_previous",
            "min_mentoring_hours",
            "min_goals_achieved",
            "min_participations",
            "needs_sign_off",
            "is_staff_stage",
            "peer_capabilities",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_courses"].queryset = Course.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial.setdefault("required_courses", list(self.instance.required_courses.all()))
        # Criteria added after the first ladder: left empty (or not sent by an older form or client),
        # a stage asks for none of them.
        for name in ("min_mentoring_hours", "min_goals_achieved", "min_participations"):
            self.fields[name].required = False

    def clean_min_mentoring_hours(self) -> Decimal:
        value = self.cleaned_data.get("min_mentoring_hours")
        return Decimal("0") if value is None else value

    def clean_min_goals_achieved(self) -> int:
        return self.cleaned_data.get("min_goals_achieved") or 0

    def clean_min_participations(self) -> int:
        return self.cleaned_data.get("min_participations") or 0


class PromoteForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=_("If criteria are not met: why promote anyway"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when something on the list is still open. It is recorded."),
    )


class StepBackForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why step back"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Written in the history. Stepping back never happens by itself."),
    )


class SignOffForm(AccessibleFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Sign-off note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
