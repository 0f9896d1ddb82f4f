"""Forms for activities and the participation tick-list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwork.accounts.sites import sites_visible, within_sites
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.forms import AccessibleFormMixin
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import ActivityKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("e.g. Tuesday drop-in group"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_visible(organisation).filter(is_active=True)  # type: ignore[attr-defined]


class TickListForm(forms.Form):
    peers = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=PeerWorker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        peers = within_sites(PeerWorker.objects.filter(organisation=organisation)).exclude(
            status=PeerStatus.LEFT
        )
        self.fields["peers"].queryset = peers  # type: ignore[attr-defined]
