"""Reads about debrief offers: open, overdue, per peer, and the ones that went unheld."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from peerwork.accounts.models import User
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from ..models import DebriefOffer, DebriefStatus


def debriefs_for_org(organisation: Organisation) -> QuerySet[DebriefOffer]:
    return DebriefOffer.objects.filter(organisation=organisation).select_related(
        "peer", "supervisor", "response", "response__site", "recorded_by"
    )


def open_debriefs(organisation: Organisation, *, supervisor: User | None = None) -> QuerySet[DebriefOffer]:
    """Offers still waiting for an outcome; ``supervisor`` narrows to theirs plus unassigned ones."""
    queryset = debriefs_for_org(organisation).filter(status=DebriefStatus.OFFERED)
    if supervisor is not None:
        queryset = queryset.filter(Q(supervisor=supervisor) | Q(supervisor__isnull=True))
    return queryset.order_by("due_at", "id")


def overdue_debriefs(organisation: Organisation, now: datetime) -> QuerySet[DebriefOffer]:
    return open_debriefs(organisation).filter(due_at__lt=now)


def debriefs_for_peer(peer: PeerWorker) -> QuerySet[DebriefOffer]:
    return debriefs_for_org(peer.organisation).filter(peer=peer).order_by("-response__occurred_at", "-id")
