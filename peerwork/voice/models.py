"""Feedback from peers and the people they serve, the organisation's themes, and the peer advisory group.

Feedback keeps nothing that identifies its author: no account, no client code, no address and no
device. Only a peer who chooses to put their name to it is linked to their profile.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.participation.models import Activity
from peerwork.peers.models import PeerWorker
from peerwork.support.models import RoleAction

TEXT_MAX = 500


def new_token() -> str:
    return secrets.token_urlsafe(9)


class FeedbackLink(models.Model):
    """The short link printed on a card or poster: whoever holds it may leave feedback."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="feedback_links")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=32, unique=True, default=new_token)
    label = models.CharField(_("label"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)
    shows_you_said = models.BooleanField(_('shows "you said, we did" publicly'), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label", "id"]

    def __str__(self) -> str:
        return self.label


class Theme(models.Model):
    """One of the organisation's own tags for what feedback is about."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="feedback_themes")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="voice_theme_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Mattered(models.TextChoices):
    WELCOME = "welcome", _("Being made welcome")
    LISTENED = "listened", _("Being listened to")
    WAITING = "waiting", _("Waiting time")
    HELP = "help", _("Getting the help I needed")
    PLACE = "place", _("The place itself")


class Source(models.TextChoices):
    LINK = "link", _("Card or poster link")
    PEER = "peer", _("Peer (kiosk or phone)")


class Status(models.TextChoices):
    PUBLISHED = "published", _("Shown to staff")
    HELD = "held", _("Held for review")


class Feedback(models.Model):
    # Staff limited to some sites read only those sites' feedback, and the organisation-wide link's
    # feedback (no site), like every site-bound record (accounts/sites.py).
    site_path: ClassVar[str] = "site"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="feedback")
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices)
    rating = models.PositiveSmallIntegerField(_("how was it"))
    mattered = models.JSONField(default=list, blank=True)
    text = models.TextField(_("anything else"), blank=True)
    # Only when a peer chose to put their name to it; everyone else stays anonymous.
    named_peer = models.ForeignKey(
        PeerWorker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    held_reason = models.CharField(max_length=40, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="feedback")
    received_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.rating}/5"


class Meeting(models.Model):
    """A meeting of the peer advisory group."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="advisory_meetings")
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    attendees = models.ManyToManyField(PeerWorker, blank=True, related_name="advisory_meetings")
    # When the meeting has a place and times, attendance is recorded as participation on the ladder.
    activity = models.OneToOneField(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where the organisation pays for advisory work: what each peer who attended is paid, through the
    # same rule check as every other pay (an earnings limit it would pass leaves that peer unpaid).
    pay_each = models.DecimalField(
        _("paid to each peer who attended"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return str(self.held_on)

    def payout_reference(self, peer: PeerWorker) -> str:
        """Ties a payout to one attendee of this meeting, so that paying twice is impossible."""
        return f"advisory:{self.pk}:{peer.pk}"


class Decision(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="advisory_decisions"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("what was decided"), max_length=300)
    themes = models.ManyToManyField(Theme, blank=True, related_name="decisions")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class Action(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="advisory_actions")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=120)
    # The member who owns it, when it is one (``owner`` then holds their name as it was); a group or
    # someone outside Peerwork is named in ``owner`` alone.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (a member)"),
    )
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    what_changed = models.CharField(_("what changed"), max_length=300, blank=True)
    # When the group's action is a change to a role (the role-fit actions of support), the two are linked
    # so that the role's page and the group's page tell the same story.
    role_action = models.ForeignKey(
        RoleAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisory_actions",
        verbose_name=_("change to a role"),
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
