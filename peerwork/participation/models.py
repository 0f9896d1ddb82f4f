"""The first rung: unpaid participation in activities (drop-in groups, community events, peer-led
activities, volunteering), recorded by a tap at the kiosk or on a staff tick-list."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker


class ActivityKind(models.TextChoices):
    DROP_IN = "drop_in", _("Drop-in group")
    COMMUNITY = "community", _("Community event")
    PEER_LED = "peer_led", _("Peer-led activity")
    VOLUNTEERING = "volunteering", _("Volunteering")


class Activity(models.Model):
    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activities")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["organisation", "starts_at"], name="activity_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> Decimal:
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / Decimal(3600)).quantize(Decimal("0.01"))


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("Tap at the kiosk")
    LIST = "list", _("Staff tick-list")


class Participation(models.Model):
    """One peer took part in one activity."""

    site_path: ClassVar[str] = "activity__site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="participations")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="participations")
    channel = models.CharField(_("recorded by"), max_length=8, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-activity__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "peer"], name="one_participation_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.peer} at {self.activity}"
