"""Forms for pairing a mentor with a new peer, ending a pairing, and recording a mentoring contact."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.peers.forms import AccessibleFormMixin
from peerwork.peers.models import PeerStatus, PeerWorker

from ..models import Mentorship

DATE = forms.DateInput(attrs={"type": "date"})


def _active_peers(organisation: Organisation) -> QuerySet[PeerWorker]:
    return within_sites(PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE))


class PairingForm(AccessibleFormMixin, forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=PeerWorker.objects.none())
    mentee = forms.ModelChoiceField(label=_("New peer"), queryset=PeerWorker.objects.none())
    started_on = forms.DateField(label=_("From"), widget=DATE)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=200)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        peers = _active_peers(organisation).order_by("preferred_name", "id")
        self.fields["mentor"].queryset = peers  # type: ignore[attr-defined]
        self.fields["mentee"].queryset = peers  # type: ignore[attr-defined]
        self.fields["started_on"].initial = organisation.today()


class EndForm(AccessibleFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)


class _PairingChoice(forms.ModelChoiceField):
    def __init__(self, *args: Any, mentee_only: bool = False, **kwargs: Any) -> None:
        self.mentee_only = mentee_only
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        if self.mentee_only:
            return str(obj.mentee)
        return f"{obj.mentor} → {obj.mentee}"


class ContactForm(AccessibleFormMixin, forms.Form):
    """A mentoring contact. ``pairings`` are the ones the person may record for."""

    mentorship = _PairingChoice(label=_("Pairing"), queryset=Mentorship.objects.none())
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=5, max_value=480, initial=30)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=140,
        help_text=_("One line, e.g. “first shift together”. No health or treatment details."),
    )

    def __init__(
        self,
        *args: Any,
        pairings: QuerySet[Mentorship],
        organisation: Organisation,
        as_mentor: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentorship"]
        assert isinstance(field, _PairingChoice)
        field.queryset = pairings
        field.mentee_only = as_mentor
        if as_mentor:
            field.label = _("Who you met")
        self.fields["happened_on"].initial = organisation.today()
