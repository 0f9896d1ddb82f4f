"""Forms for casework pages. They parse what was typed; the services decide what is allowed, so a
refused form comes back with everything still in it and the service's message on the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.assessments.models import Instrument
from peerwork.peers.forms import AccessibleFormMixin
from peerwork.peers.models import PeerWorker

from .models import MAX_GOALS, MAX_MINUTES, SHORT_TEXT, Outcome, Place, Progress, RecoveryGoal, SessionKind

DATE = forms.DateInput(attrs={"type": "date"})
NO_NAMES = _("No names: write “the client”, a role or a place.")


def _no_names_text(label: Any, required: bool = False, limit: int = SHORT_TEXT) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, required=required, help_text=NO_NAMES)


class ClientForm(AccessibleFormMixin, forms.Form):
    client_code = forms.CharField(
        label=_("Client code"), max_length=32, help_text=_("The organisation's client code, never a name.")
    )
    worker = forms.ModelChoiceField(label=_("Peer support worker"), queryset=PeerWorker.objects.none())
    opened_on = forms.DateField(label=_("On the caseload since"), widget=DATE)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]


class SessionForm(AccessibleFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=MAX_MINUTES)
    place = forms.ChoiceField(label=_("Where"), choices=Place.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(
        label=_("Kind of session"), choices=SessionKind.choices, widget=forms.RadioSelect
    )
    next_step = _no_names_text(_("Next step"))

    def __init__(self, *args: Any, goals: list[RecoveryGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=_("Progress on: %(goal)s") % {"goal": goal.text},
                choices=[("", _("Not worked on")), *Progress.choices],
                required=False,
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("held_on", "minutes", "place", "kind")]

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def progress(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data.get(f"goal_{goal.pk}") or "" for goal in self.goals}


class PlanForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_GOALS + 1):
            self.fields[f"goal_{n}"] = _no_names_text(_("Goal %(n)s") % {"n": n})

    def goals(self) -> list[str]:
        return [self.cleaned_data.get(f"goal_{n}") or "" for n in range(1, MAX_GOALS + 1)]


class HandoverForm(AccessibleFormMixin, forms.Form):
    to_worker = forms.ModelChoiceField(label=_("Hand over to"), queryset=PeerWorker.objects.none())
    note = _no_names_text(_("Handover note"), required=True)
    on = forms.DateField(label=_("Handover date"), widget=DATE)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = workers  # type: ignore[attr-defined]


class ReferralForm(AccessibleFormMixin, forms.Form):
    agency = forms.CharField(
        label=_("Agency"), max_length=120, help_text=_("The agency or service, never a person's name.")
    )
    reason = _no_names_text(_("What for"))
    made_on = forms.DateField(label=_("Referred on"), widget=DATE)


class FollowUpForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(v, label) for v, label in Outcome.choices if v != Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Followed up on"), widget=DATE)


class ScheduleForm(AccessibleFormMixin, forms.Form):
    instrument = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Instrument.objects.none())
    starts_on = forms.DateField(label=_("First one due"), widget=DATE)

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]
