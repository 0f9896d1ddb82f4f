"""The work record: what a peer did here, for an employer or a college. Discreet by default."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker


class WorkRecordSettings(models.Model):
    """How the organisation is named on work records (a harm-reduction agency may prefer a neutral name)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="work_record_settings"
    )
    public_name = models.CharField(
        _("employer name on work records"),
        max_length=200,
        blank=True,
        help_text=_("A neutral name, e.g. 'Riverside Community Services'. Empty: the organisation's name."),
    )
    contact = models.CharField(
        _("contact for references"),
        max_length=300,
        blank=True,
        help_text=_("An address or phone number an employer can use to check the record."),
    )

    def __str__(self) -> str:
        return self.public_name or str(self.organisation)


class WorkRecordChoice(models.Model):
    """The peer's own choice: may their record name the programme's purpose and every role?"""

    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py

    peer = models.OneToOneField(PeerWorker, on_delete=models.CASCADE, related_name="work_record_choice")
    open_about_programme = models.BooleanField(
        _("show what the programme is about"),
        default=False,
        help_text=_("Names harm reduction and every role by its own name. Off: a discreet record."),
    )
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.peer}: {'open' if self.open_about_programme else 'discreet'}"


class Reference(models.Model):
    """A supervisor's reference for the peer's work record (one per peer, kept up to date)."""

    site_path: ClassVar[str] = "peer__sites"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="references")
    peer = models.OneToOneField(PeerWorker, on_delete=models.CASCADE, related_name="reference")
    text = models.TextField(_("reference"))
    names_programme = models.BooleanField(
        _("it speaks of drug use or harm reduction"),
        default=False,
        help_text=_("Then it shows only when the peer chooses an open record."),
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("written on"))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reference for {self.peer}"
