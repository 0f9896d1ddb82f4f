"""Forms for courses, sessions, the attendance tick list, certifications and programmes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import sites_visible, within_sites
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.forms import AccessibleFormMixin
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import Cohort, Course

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CourseForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "name",
            "code",
            "description",
            "hours",
            "validity_months",
            "honorarium",
            "is_active",
            "public_title",
            "reveals_programme",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class SessionForm(AccessibleFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=12)
    facilitator = forms.CharField(label=_("Facilitator"), required=False, max_length=200)
    cohort = forms.ModelChoiceField(
        label=_("Part of programme"), queryset=Cohort.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(organisation=organisation, is_active=True)  # type: ignore[attr-defined]
        self.fields["site"].queryset = sites_visible(organisation).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["cohort"].queryset = Cohort.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    peers = forms.ModelMultipleChoiceField(
        label=_("Who came"),
        queryset=PeerWorker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, organisation: Organisation, cohort: Cohort | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        peers = within_sites(PeerWorker.objects.filter(organisation=organisation))
        peers = peers.exclude(status=PeerStatus.LEFT)
        if cohort is not None:  # a programme's session: its participants
            peers = peers.filter(cohort_memberships__cohort=cohort)
        self.fields["peers"].queryset = peers  # type: ignore[attr-defined]


class CertificationForm(AccessibleFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use the course's validity."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class CohortForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "description", "starts_on", "weeks", "required_sessions", "then"]
        widgets = {"starts_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class CohortMembersForm(forms.Form):
    peers = forms.ModelMultipleChoiceField(
        label=_("Add participants"), queryset=PeerWorker.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peers"].queryset = (  # type: ignore[attr-defined]
            PeerWorker.objects.filter(organisation=cohort.organisation)
            .exclude(status=PeerStatus.LEFT)
            .exclude(cohort_memberships__cohort=cohort)
        )
