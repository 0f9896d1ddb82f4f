"""Forms for the competence framework, placement plans, reviews and ratings. Rules live in services.py;
these parse what was typed and keep it when a service refuses it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.models import User
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.peers.forms import AccessibleFormMixin
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role

from .models import MAX_GOALS, MAX_STEPS, Competence, LearningGoal, Standing
from .selectors import supervisors_of
from .services import GoalInput


class CompetenceForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    stage = forms.ModelChoiceField(label=_("Stage where it grows"), queryset=Stage.objects.none())
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_(
            "One step a line, from the first to the last (2 to 6 steps). Say what each step looks like."
        ),
    )
    reveals_programme = forms.BooleanField(
        label=_("Its name speaks of drug use or harm reduction"),
        required=False,
        initial=True,
        help_text=_(
            "Untick when the name is safe for an employer to read (e.g. 'Cash handling'). While ticked, "
            "a discreet work record shows the competence only by its title on a work record, or counts it."
        ),
    )
    public_title = forms.CharField(
        label=_("Title on a work record"),
        max_length=120,
        required=False,
        help_text=_("A neutral name for the discreet work record, e.g. 'Emergency first response'."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, competence: Competence | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.stages = list(Stage.objects.filter(organisation=organisation).order_by("order"))
        self.fields["stage"].queryset = Stage.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        needed = {}
        if competence is not None:
            needed = {r.stage_id: r.level for r in competence.requirements.all()}
            self.initial.update(
                name=competence.name,
                stage=competence.stage_id,
                description=competence.description,
                steps="\n".join(step.description for step in competence.steps.all()),
                reveals_programme=competence.reveals_programme,
                public_title=competence.public_title,
            )
        for stage in self.stages:
            self.fields[f"need_{stage.pk}"] = forms.TypedChoiceField(
                label=_("Step needed to reach %(stage)s") % {"stage": stage.name},
                choices=[("", _("Not needed"))] + [(str(n), str(n)) for n in range(1, MAX_STEPS + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=needed.get(stage.pk, ""),
            )

    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]

    def requirements(self) -> dict[Stage, int | None]:
        return {stage: self.cleaned_data.get(f"need_{stage.pk}") for stage in self.stages}

    def requirement_fields(self) -> list[forms.BoundField]:
        return [self[f"need_{stage.pk}"] for stage in self.stages]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "stage", "description", "steps")]

    def record_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("reveals_programme", "public_title")]


class PlanForm(AccessibleFormMixin, forms.Form):
    peer = forms.ModelChoiceField(label=_("Peer"), queryset=PeerWorker.objects.none())
    role = forms.ModelChoiceField(
        label=_("Role"),
        queryset=Role.objects.none(),
        required=False,
        help_text=_("The role the peer starts; or leave it empty and describe the stretch of work below."),
    )
    title = forms.CharField(label=_("Stretch of work"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=User.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, peers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = peers  # type: ignore[attr-defined]
        self.fields["role"].queryset = Role.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["supervisor"].queryset = supervisors_of(organisation)  # type: ignore[attr-defined]
        competences = Competence.objects.filter(organisation=organisation).select_related("stage")
        for n in range(1, MAX_GOALS + 1):
            self.fields[f"goal_{n}_competence"] = forms.ModelChoiceField(
                label=_("Goal %(n)s: from the competence list") % {"n": n},
                queryset=competences,
                required=False,
            )
            self.fields[f"goal_{n}_text"] = forms.CharField(
                label=_("Goal %(n)s: in your own words") % {"n": n}, max_length=300, required=False
            )

    def goal_pairs(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(n, self[f"goal_{n}_competence"], self[f"goal_{n}_text"]) for n in range(1, MAX_GOALS + 1)]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("peer", "role", "title", "starts_on", "ends_on", "supervisor")]

    def goals(self) -> list[GoalInput]:
        return [
            GoalInput(
                text=self.cleaned_data.get(f"goal_{n}_text") or "",
                competence=self.cleaned_data.get(f"goal_{n}_competence"),
            )
            for n in range(1, MAX_GOALS + 1)
        ]


class ReviewForm(AccessibleFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Anything else about the placement so far"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, goals: list[LearningGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=goal.text, choices=Standing.choices, widget=forms.RadioSelect, required=False
            )
            self.fields[f"goal_{goal.pk}_note"] = forms.CharField(
                label=_("A word about it (optional)"), required=False, max_length=500
            )

    def goal_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"goal_{g.pk}"], self[f"goal_{g.pk}_note"]) for g in self.goals]

    def standings(self) -> dict[int, tuple[str, str]]:
        return {
            g.pk: (
                self.cleaned_data.get(f"goal_{g.pk}") or "",
                self.cleaned_data.get(f"goal_{g.pk}_note") or "",
            )
            for g in self.goals
        }


class RatingForm(AccessibleFormMixin, forms.Form):
    competence = forms.ModelChoiceField(label=_("Competence"), queryset=Competence.objects.none())
    level = forms.IntegerField(label=_("Step"), min_value=1, max_value=MAX_STEPS)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = Competence.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
