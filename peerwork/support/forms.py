"""Forms for support pages. Services do the checking; forms parse and keep what was typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.models import User
from peerwork.assessments.definitions import Definition
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.shifts.models import Role

from .models import (
    DebriefOffer,
    DebriefStatus,
    RoleActionKind,
    SessionKind,
    SupervisionSession,
    TimeOnRole,
)
from .selectors.supervision import org_supervisors


class PeerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.preferred_name


class DebriefChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        when = formats.date_format(timezone.localtime(obj.response.occurred_at, obj.organisation.zone), "j M")
        return _("%(peer)s, after the overdose response of %(day)s") % {
            "peer": obj.peer.preferred_name,
            "day": when,
        }


class SupervisionSessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, widget=forms.RadioSelect)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=5,
        max_value=480,
        initial=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=User.objects.none())
    peers = PeerChoiceField(
        label=_("Peers in the session"),
        queryset=PeerWorker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("One peer for a one-to-one session; several for a group."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Seen only by supervisors and the peers in this session. Every reading is recorded."),
    )
    debriefs = DebriefChoiceField(
        label=_("Debriefs held in this session"),
        queryset=DebriefOffer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick an open debrief offer when this session was that peer's debrief."),
    )

    def __init__(self, *args: Any, organisation: Organisation, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = organisation.today()
        supervisors = org_supervisors(organisation)
        if not supervisors.filter(pk=user.pk).exists():
            supervisors = supervisors | User.objects.filter(pk=user.pk)
        self.fields["supervisor"].queryset = supervisors.distinct()  # type: ignore[attr-defined]
        self.fields["supervisor"].initial = user.pk
        self.fields["peers"].queryset = PeerWorker.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).exclude(status=PeerStatus.LEFT)
        self.fields["debriefs"].queryset = (  # type: ignore[attr-defined]
            DebriefOffer.objects.filter(organisation=organisation, status=DebriefStatus.OFFERED)
            .select_related("peer", "response", "organisation")
            .order_by("due_at", "id")
        )
        if not self.fields["debriefs"].queryset.exists():  # type: ignore[attr-defined]
            del self.fields["debriefs"]


class ScheduleForm(forms.Form):
    """One optional 'every N days' per stage; the field names are ``stage_<id>``."""

    def __init__(self, *args: Any, stages: list[Any], current: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stages = stages
        for stage in stages:
            self.fields[f"stage_{stage.pk}"] = forms.IntegerField(
                label=stage.name,
                required=False,
                min_value=1,
                max_value=366,
                initial=current.get(stage.pk),
                help_text=_("Days between sessions. Leave empty for no schedule."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def values(self) -> list[tuple[Any, int | None]]:
        return [(stage, self.cleaned_data.get(f"stage_{stage.pk}")) for stage in self.stages]


OUTCOME_CHOICES = [
    (status.value, status.label) for status in DebriefStatus if status != DebriefStatus.OFFERED
]


class DebriefOutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("What happened"), choices=OUTCOME_CHOICES, widget=forms.RadioSelect)
    outcome_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    group_session = forms.ModelChoiceField(
        label=_("Group session (for a group debrief)"),
        queryset=SupervisionSession.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Practical only, e.g. 'prefers the Thursday group'. Nothing clinical."),
    )

    def __init__(self, *args: Any, peer: PeerWorker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome_on"].initial = peer.organisation.today()
        self.fields["group_session"].queryset = SupervisionSession.objects.filter(  # type: ignore[attr-defined]
            organisation_id=peer.organisation_id,
            peers=peer,
            kind=SessionKind.GROUP,
            held_on__gte=peer.organisation.today() - timedelta(days=60),
        ).order_by("-held_on")


class CheckInForm(forms.Form):
    """One radio group per question of the check-in definition, plus the sharing choice."""

    share = forms.BooleanField(
        label=_("Share this check-in with my supervisor"),
        required=False,
        help_text=_("You can change this later."),
    )

    def __init__(self, *args: Any, definition: Definition, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        share = self.fields.pop("share")
        for item in definition.items:
            low, high = definition.scale_range(item["scale"])
            self.fields[item["id"]] = forms.TypedChoiceField(
                label=definition.item_text(item["id"], language),
                choices=[
                    (value, definition.value_label(item["scale"], value, language))
                    for value in range(low, high + 1)
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer to this question.")},
            )
        self.fields["share"] = share
        self.item_ids = definition.item_ids

    def answers(self) -> dict[str, int]:
        return {item_id: self.cleaned_data[item_id] for item_id in self.item_ids}


class RoleCheckForm(forms.Form):
    """The peer's short role check: three questions and the sharing choice. Plain words, phone-sized."""

    role = forms.ModelChoiceField(
        label=_("What were you hired for?"),
        queryset=Role.objects.none(),
        empty_label=None,
        help_text=_("The role you were taken on to do."),
    )
    time_on_role = forms.TypedChoiceField(
        label=_("How much of your time went on that work?"),
        choices=TimeOnRole.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how much of your time went on that work.")},
    )
    spent_on = forms.CharField(
        label=_("What did you actually spend your time on?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a few words what your time went on.")},
    )
    would_change = forms.CharField(
        label=_("What would you change?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("About the role, the shifts or the team. Nothing you must fix on your own."),
        error_messages={"required": _("Say what you would change, or write 'nothing'.")},
    )
    share = forms.BooleanField(
        label=_("Share this role check with the coordinators"),
        required=False,
        help_text=_("Your supervisor sees it either way. You can change this later."),
    )

    def __init__(self, *args: Any, roles: Any, initial_role: Role | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]
        if initial_role is not None:
            self.fields["role"].initial = initial_role.pk


class RoleActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What will the organisation do?"), choices=RoleActionKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What will change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A change to the role or the team, not a task for one peer."),
    )
    review_on = forms.DateField(label=_("Review by"), widget=forms.DateInput(attrs={"type": "date"}))
