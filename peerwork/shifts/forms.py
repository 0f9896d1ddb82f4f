"""Forms for roles, shifts, templates, the policy, allocation review, sign-up and check-out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import sites_visible
from peerwork.orgs.models import Organisation, Site
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.training.models import Course

from .models import Role, ShiftPolicy, WeeklyTemplate, WorkOrder, WorkStream
from .nextstage import develops_check
from .team import lead_candidates


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class StreamLeadsForm(forms.Form):
    leads = forms.ModelMultipleChoiceField(
        label=_("Peer leads"),
        queryset=PeerWorker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The shifts of this work stream are their team's. What they may do with it comes from "
            "their stage on the ladder."
        ),
    )

    def __init__(self, *args: Any, stream: WorkStream, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = lead_candidates(stream)  # type: ignore[attr-defined]
        self.initial.setdefault("leads", list(stream.leads.all()))


class WorkStreamForm(forms.ModelForm):
    class Meta:
        model = WorkStream
        fields = ["name"]


class BusinessLineForm(forms.ModelForm):
    class Meta:
        model = WorkStream
        fields = ["is_business_line", "trading_name", "contact", "invoice_prefix", "invoice_next_number"]
        widgets = {"contact": forms.Textarea(attrs={"rows": 3})}


class OrderTargetForm(forms.Form):
    quantity = forms.IntegerField(label=_("New target"), min_value=1)
    reason = forms.CharField(label=_("Why"), max_length=300)


class OrderCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the order cancelled?"), max_length=300)


class RoleForm(forms.ModelForm):
    duties_text = forms.CharField(
        label=_("Duties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One duty per line. Peers tick these at check-out."),
    )

    class Meta:
        model = Role
        fields = [
            "work_stream",
            "name",
            "description",
            "min_stage",
            "develops_stage",
            "required_courses",
            "is_paired",
            "is_entry_level",
            "is_day_labour",
            "public_title",
            "reveals_programme",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "required_courses": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["work_stream"].queryset = WorkStream.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["min_stage"].queryset = Stage.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["develops_stage"].queryset = Stage.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["required_courses"].queryset = Course.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.fields["duties_text"].initial = "\n".join(self.instance.duties or [])

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Role.objects.filter(organisation=self.instance.organisation, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise ValidationError(_("There is already a role with this name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            develops_check(
                organisation=self.instance.organisation,
                min_stage=data.get("min_stage"),
                develops_stage=data.get("develops_stage"),
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                self.add_error(name, errors)
        return data

    def save(self, commit: bool = True) -> Role:
        role = super().save(commit=False)
        role.duties = [line.strip() for line in self.cleaned_data["duties_text"].splitlines() if line.strip()]
        if commit:
            role.save()
            self.save_m2m()
        return role


class ShiftForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    role = forms.ModelChoiceField(queryset=Role.objects.none(), label=_("Role"))
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    slots = forms.IntegerField(label=_("Places"), initial=2, min_value=1, max_value=200)
    signup_opens_at = forms.DateTimeField(
        label=_("Sign-up opens"), required=False, widget=LocalDateTimeInput()
    )
    signup_closes_at = forms.DateTimeField(
        label=_("Sign-up closes"), required=False, widget=LocalDateTimeInput()
    )
    work_order = forms.ModelChoiceField(
        queryset=WorkOrder.objects.none(), label=_("Work order"), required=False
    )
    notes = forms.CharField(label=_("Notes for peers"), required=False, max_length=300)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_visible(organisation).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["role"].queryset = Role.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["work_order"].queryset = WorkOrder.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The shift must end after it starts."))
        opens, closes = data.get("signup_opens_at"), data.get("signup_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("signup_closes_at", _("Sign-up must close after it opens."))
        return data


class TemplateForm(forms.ModelForm):
    class Meta:
        model = WeeklyTemplate
        fields = ["site", "role", "weekday", "start_time", "end_time", "slots"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["site"].queryset = sites_visible(organisation).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["role"].queryset = Role.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The shift must end after it starts."))
        return data

    def _post_clean(self) -> None:
        # The overlap and time checks run in the service, which reports them on the form.
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


class GenerateForm(forms.Form):
    week = forms.DateField(label=_("Week starting"), widget=forms.DateInput(attrs={"type": "date"}))


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ShiftPolicy
        fields = [
            "min_rest_hours",
            "weekly_hours_limit",
            "entry_share_pct",
            "stretch_share_pct",
            "stuck_weeks",
            "stuck_places_per_peer",
            "new_peer_days",
            "grace_minutes",
            "log_grace_hours",
            "offshift_honorarium",
            "sms_offers",
            "sms_wave_size",
            "sms_offer_minutes",
        ]


class RunForm(forms.Form):
    week = forms.DateField(label=_("Week starting"), widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), label=_("Site"), required=False, empty_label=_("All sites")
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("Leave empty for a new draw. The same seed gives the same result."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_visible(organisation)  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why re-open this week?"),
        max_length=300,
        help_text=_("Kept on the record. Peers keep their places until a new run is published."),
    )


class DecisionEditForm(forms.Form):
    to_outcome = forms.ChoiceField(
        label=_("Change to"),
        choices=[("assigned", _("Assigned")), ("waitlisted", _("Waitlist"))],
    )
    note = forms.CharField(label=_("Why"), max_length=300)


class SignUpForm(forms.Form):
    rank = forms.IntegerField(
        label=_("Your preference (optional)"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("1 = the shift you want most."),
    )


class CoordinatorSignUpForm(SignUpForm):
    peer = forms.ModelChoiceField(queryset=PeerWorker.objects.none(), label=_("Peer"))

    field_order = ["peer", "rank"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = PeerWorker.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, status=PeerStatus.ACTIVE
        )


class CheckOutForm(forms.Form):
    duties = forms.MultipleChoiceField(
        label=_("What did you do?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(label=_("Other (say what)"), required=False, max_length=300)
    quantity = forms.IntegerField(label=_("How many done"), required=False, min_value=0)

    def __init__(
        self, *args: Any, duties: list[str], with_quantity: bool, unit: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duties"].choices = [(d, d) for d in duties]  # type: ignore[attr-defined]
        if with_quantity:
            self.fields["quantity"].label = _("How many done (%(unit)s)") % {"unit": unit}
        else:
            del self.fields["quantity"]


class WorkOrderForm(forms.ModelForm):
    class Meta:
        model = WorkOrder
        fields = ["work_stream", "customer", "description", "quantity", "unit", "pricing", "price", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def clean_price(self) -> Any:
        price = self.cleaned_data.get("price")
        if price is not None and price < 0:
            raise forms.ValidationError(_("A price cannot be negative."))
        return price

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["work_stream"].queryset = WorkStream.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class SiteChoiceForm(forms.Form):
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), label=_("Site"), required=False, empty_label=_("All sites")
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_visible(organisation)  # type: ignore[attr-defined]
