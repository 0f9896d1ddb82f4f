"""Reads about debrief offers: open, overdue, per peer, and the ones that went unheld."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.services.hooks import DebriefState

from ..models import DebriefOffer, DebriefStatus


def debriefs_for_org(organisation: Organisation) -> QuerySet[DebriefOffer]:
    return within_sites(DebriefOffer.objects.filter(organisation=organisation)).select_related(
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


HELD_STATUSES = (DebriefStatus.HELD_INDIVIDUAL, DebriefStatus.HELD_GROUP)


def _state_of(offer: DebriefOffer, now: datetime) -> tuple[str, str]:
    if offer.status in HELD_STATUSES:
        return "held", _("Debrief held")
    if offer.status == DebriefStatus.DECLINED:
        return "declined", _("Debrief declined")
    # Neither held nor declined: overdue once the 72 hours are past, even if the peer was not reached.
    if offer.due_at < now:
        return "overdue", _("Debrief overdue")
    return "offered", _("Debrief offered")


def debrief_states(
    organisation: Organisation, response_ids: Iterable[int], *, now: datetime | None = None
) -> dict[tuple[int, int], DebriefState]:
    """The ``services.debrief_states`` hook: each responder's debrief, in one query."""
    now = now or timezone.now()
    offers = DebriefOffer.objects.filter(organisation=organisation, response_id__in=list(response_ids))
    states = {}
    for offer in offers.select_related("supervisor"):
        state, label = _state_of(offer, now)
        follow_up = str(offer.supervisor) if offer.supervisor else ""
        states[(offer.response_id, offer.peer_id)] = DebriefState(state, label, follow_up)
    return states
